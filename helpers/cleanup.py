"""Find what the kit created (marked in `attributes`), dry-run its deletion, then delete it."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
from twilio.rest import Client

from helpers import sandbox_api, views
from helpers.connect import is_sandbox

KIT = "group-texting-lab"
KIT_FRIENDLY_NAME = "Group Texting Lab"  # the friendly name of numbers the kit buys


def kit_attributes(**extra: Any) -> str:
    """The JSON `attributes` the kit puts on what it creates, so clean-up can find it."""
    return json.dumps({"kit": KIT, **extra})


def is_kit(attributes: str | None) -> bool:
    try:
        value = json.loads(attributes or "{}")
    except ValueError:
        return False
    return isinstance(value, dict) and value.get("kit") == KIT


def kit_conversations(client: Client) -> pd.DataFrame:
    """The conversations whose attributes carry the kit's mark."""
    found = views.conversations(client)
    return found[found["attributes"].map(is_kit).astype(bool)].reset_index(drop=True)


def kit_numbers(client: Client) -> pd.DataFrame:
    """The Twilio numbers the kit bought (its friendly name), with their SIDs."""
    rows = [
        {"sid": n.sid, "phone_number": n.phone_number, "friendly_name": n.friendly_name}
        for n in client.incoming_phone_numbers.stream(page_size=100)
        if n.friendly_name == KIT_FRIENDLY_NAME
    ]
    return views.frame(rows, ["sid", "phone_number", "friendly_name"])


def clean_up(client: Client, dry_run: bool = True, release_numbers: bool = False) -> pd.DataFrame:
    """Delete the kit's conversations (and, if asked, release its numbers).

    With `dry_run` (the default) nothing is deleted: the table says what would be.
    """
    plan = [("conversation", sid, name) for sid, name in _conversation_names(client)]
    if release_numbers:
        numbers = kit_numbers(client)
        plan += [
            ("number", s, n) for s, n in zip(numbers["sid"], numbers["phone_number"], strict=True)
        ]
    rows = []
    for kind, sid, name in plan:
        if not dry_run:
            if kind == "conversation":
                client.conversations.v1.conversations(sid).delete()
            else:
                client.incoming_phone_numbers(sid).delete()
        action = "would delete" if dry_run else "deleted"
        rows.append({"kind": kind, "sid": sid, "name": name, "action": action})
    return views.frame(rows, ["kind", "sid", "name", "action"])


def _conversation_names(client: Client) -> list[tuple[str, str]]:
    found = kit_conversations(client)
    names = found["unique_name"].fillna(found["friendly_name"]).fillna("")
    return list(zip(found["sid"], names, strict=True))


def reset_sandbox(client: Client) -> None:
    """Sandbox only: delete everything in it, numbers included."""
    if not is_sandbox(client):
        raise RuntimeError("reset_sandbox() empties the sandbox; it never touches a live account.")
    sandbox_api.reset(client)
