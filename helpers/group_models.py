"""The two ways to build group texting, side by side: one number per person ("blast"), as the
walkthrough builds it, and Twilio's native Group MMS. Tables only; the numbers come from the
planner and prices."""

from __future__ import annotations

import pandas as pd

from helpers.planner import plan
from helpers.prices import (
    MMS_INBOUND_USD,
    MMS_OUTBOUND_USD,
    PRICES_READ,
    PRICES_SOURCE,
    SMS_SEGMENT_USD,
)

BLAST = "one number per person (notebooks 01–06)"
GROUP_MMS = "Group MMS"
GROUP_TEXTING_GUIDE = "https://www.twilio.com/docs/conversations-classic/group-texting"


def compare() -> pd.DataFrame:
    """What differs, in the words of a person holding the phone and of the person paying."""
    rows = {
        "what each phone sees": (
            "a one-to-one thread with a Twilio number; others' texts arrive from it",
            "one group thread with everyone's number",
        ),
        "who knows who wrote": (
            "only the app: a phone sees the Twilio number, unless the app adds a name",
            "every phone: each message shows its author's number",
        ),
        "Twilio numbers a person needs": (
            "one per open conversation they are in (50416)",
            "none: phones text from their own number; a chat user needs one projected number",
        ),
        "each message costs": (
            "one SMS segment per phone it reaches, and a phone author's text received",
            "one MMS per phone for a chat user's message; a phone's: one MMS received only",
        ),
        "where it works": ("every country Twilio texts", "+1 (US and Canada) long codes only"),
        "limits": (
            "50 SMS participants a conversation",
            "10 participants; no toll-free, no short code; one group per member list",
        ),
    }
    return pd.DataFrame.from_dict(rows, orient="index", columns=[BLAST, GROUP_MMS])


def numbers_needed(max_conversations: range) -> pd.DataFrame:
    """Twilio numbers the account needs as one person joins more groups (the planner's rule for
    one number per person; Group MMS phones use their own numbers, and one projected number
    serves every group of a chat user, since a group text is routed by its member list)."""
    rows = []
    for count in max_conversations:
        memberships = {"+16505550000": [f"group {n}" for n in range(1, count + 1)]}
        rows.append(
            {
                "conversations per person": count,
                BLAST: plan(memberships).numbers_needed,
                GROUP_MMS: 1,
            }
        )
    return pd.DataFrame(rows).set_index("conversations per person")


def cost_per_message(group_sizes: range) -> pd.DataFrame:
    """USD Twilio bills for one message to a group of `n` phones, by who writes it. A chat
    user's: one copy sent to each phone (an SMS segment; an MMS). A phone's: its text received,
    then with one number per person one SMS to each other phone; in a Group MMS nothing more,
    since the phone's carrier delivers the group text to the others itself."""
    rows = []
    for size in group_sizes:
        rows.append(
            {
                "phones in the group": size,
                f"chat writes: {BLAST}": round(SMS_SEGMENT_USD * size, 4),
                f"chat writes: {GROUP_MMS}": round(MMS_OUTBOUND_USD * size, 4),
                f"phone writes: {BLAST}": round(SMS_SEGMENT_USD * size, 4),
                f"phone writes: {GROUP_MMS}": MMS_INBOUND_USD,
            }
        )
    return pd.DataFrame(rows).set_index("phones in the group")


def price_note() -> str:
    return (
        f"Prices: {PRICES_SOURCE} (read {PRICES_READ}): SMS ${SMS_SEGMENT_USD} a segment each "
        f"way; MMS ${MMS_OUTBOUND_USD} sent, ${MMS_INBOUND_USD} received; carrier fees extra"
    )
