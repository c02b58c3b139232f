"""pandas views of an account: conversations, participants, messages, receipts, SMS logs and
the (address, proxy address) pairs.

Every view pages through the SDK (`stream(page_size=...)`), collects plain dicts and builds
its DataFrame once, so long histories stay fast.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from itertools import islice
from typing import Any

import pandas as pd
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from helpers import sandbox_api

PAGE_SIZE = 100  # Conversations v1 allows at most 100 a page
CONVERSATIONS_API = "https://conversations.twilio.com/v1"
SMS_PAGE_SIZE = 1000  # the 2010 API allows up to 1000
RECEIPTS_PAGE_SIZE = 50  # a message's Receipts allow at most 50 a page

CONVERSATION_COLUMNS = [
    "sid",
    "unique_name",
    "friendly_name",
    "state",
    "attributes",
    "date_created",
    "date_updated",
]
PARTICIPANT_COLUMNS = [
    "sid",
    "kind",
    "identity",
    "address",
    "proxy_address",
    "attributes",
    "date_created",
    "projected_address",
]
MESSAGE_COLUMNS = [
    "index",
    "author",
    "author_kind",
    "participant_sid",
    "body",
    "delivery",
    "date_created",
    "sid",
]
RECEIPT_COLUMNS = [
    "index",
    "body",
    "recipient",
    "recipient_kind",
    "status",
    "channel_message_sid",
    "participant_sid",
    "message_sid",
    "error_code",
]
SMS_COLUMNS = ["date_sent", "direction", "from", "to", "body", "status", "sid"]
PAIR_COLUMNS = [
    "address",
    "proxy_address",
    "conversation_sid",
    "unique_name",
    "state",
    "participant_sid",
]


def frame(rows: Iterable[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    """One DataFrame from dicts, with `columns` even when there are no rows."""
    return pd.DataFrame.from_records(list(rows), columns=columns)


def conversations(client: Client) -> pd.DataFrame:
    """Every conversation of the account, oldest first."""
    rows = (
        {
            "sid": c.sid,
            "unique_name": c.unique_name,
            "friendly_name": c.friendly_name,
            "state": c.state,
            "attributes": c.attributes,
            "date_created": c.date_created,
            "date_updated": c.date_updated,
        }
        for c in client.conversations.v1.conversations.stream(page_size=PAGE_SIZE)
    )
    return frame(rows, CONVERSATION_COLUMNS)


def participant_row(p: Any) -> dict[str, Any]:
    """A participant as a row: `kind` is `sms` when it has a phone's address, else `chat` (a
    Group MMS chat user has a `projected_address`: the Twilio number phones see for them)."""
    binding = p.messaging_binding or {}
    return {
        "sid": p.sid,
        "kind": "sms" if binding.get("address") else "chat",
        "identity": p.identity,
        "address": binding.get("address"),
        "proxy_address": binding.get("proxy_address"),
        "attributes": p.attributes,
        "date_created": p.date_created,
        "projected_address": binding.get("projected_address"),
    }


def participants(client: Client, conversation_sid: str) -> pd.DataFrame:
    """The participants of one conversation: SMS ones with their pair, chat ones by identity."""
    listing = client.conversations.v1.conversations(conversation_sid).participants
    return frame(map(participant_row, listing.stream(page_size=PAGE_SIZE)), PARTICIPANT_COLUMNS)


def _kinds(client: Client, conversation_sid: str) -> dict[str, str]:
    return dict(participants(client, conversation_sid)[["sid", "kind"]].itertuples(index=False))


def messages(client: Client, conversation_sid: str, limit: int | None = None) -> pd.DataFrame:
    """The conversation's messages, oldest first; with `limit`, only the latest `limit`.

    `author_kind` is the author's channel: `sms` or `chat` for a participant, `system` for
    a message posted through the REST API by no participant.
    """
    kinds = _kinds(client, conversation_sid)
    if limit is None:
        found: Iterable[dict[str, Any]] = _raw_messages(client, conversation_sid, "asc")
    else:
        newest = _raw_messages(client, conversation_sid, "desc", min(limit, PAGE_SIZE))
        found = reversed(list(islice(newest, limit)))
    rows = (
        {
            "index": m["index"],
            "author": m["author"],
            "author_kind": kinds.get(m["participant_sid"] or "", "system"),
            "participant_sid": m["participant_sid"],
            "body": m["body"],
            "delivery": delivery_state(m["delivery"]),
            "date_created": _moment(m["date_created"]),
            "sid": m["sid"],
        }
        for m in found
    )
    return frame(rows, MESSAGE_COLUMNS)


def _raw_messages(
    client: Client, conversation_sid: str, order: str, page_size: int = PAGE_SIZE
) -> Iterator[dict[str, Any]]:
    """The messages as the API sends them, page after page (`GET …/Messages`, through the SDK's
    client): a long history is read without making an SDK object, and parsing two dates, for
    each of its messages (most of the time 100,000 messages took)."""
    url: str | None = f"{CONVERSATIONS_API}/Conversations/{conversation_sid}/Messages"
    params: dict[str, Any] | None = {"Order": order, "PageSize": page_size}
    while url:
        response = client.request("GET", url, params=params)
        payload = json.loads(response.text or "{}")
        if response.status_code != 200:
            raise TwilioRestException(
                response.status_code,
                url,
                msg=payload.get("message", f"Twilio refused GET {url}."),
                code=payload.get("code"),
                method="GET",
            )
        yield from payload["messages"]
        url, params = payload["meta"]["next_page_url"], None  # the next page's URL has them


def _moment(text: str | None) -> datetime | str | None:
    """A date as the SDK gives it (2015-12-16T22:18:37Z: a datetime in UTC), parsed faster."""
    try:
        return datetime.fromisoformat(text) if text else text
    except ValueError:
        return text


def delivery_state(summary: dict[str, Any] | None) -> str:
    """A message's delivery summary in a word, as a phone shows it under what it sent:
    `failed` if any recipient's failed, `delivered` once all have it, `sent` before; ""
    when it went to no SMS recipient (chat only)."""
    if not summary or not summary.get("total"):
        return ""
    if summary.get("failed", "none") != "none" or summary.get("undelivered", "none") != "none":
        return "failed"
    if "all" in (summary.get("delivered"), summary.get("read")):
        return "delivered"
    return "sent"


def delivery_receipts(
    client: Client, conversation_sid: str, limit: int | None = None
) -> pd.DataFrame:
    """Message × recipient × status: one row per delivery receipt (SMS recipients).

    With `limit`, only the latest `limit` messages (one request each for their receipts).
    """
    people = participants(client, conversation_sid).set_index("sid")
    conversation = client.conversations.v1.conversations(conversation_sid)
    rows = []
    for m in messages(client, conversation_sid, limit=limit).itertuples(index=False):
        receipts = conversation.messages(m.sid).delivery_receipts.stream(
            page_size=RECEIPTS_PAGE_SIZE
        )
        for r in receipts:
            known = r.participant_sid in people.index
            rows.append(
                {
                    "index": m.index,
                    "body": m.body,
                    "recipient": people.at[r.participant_sid, "address"] if known else None,
                    "recipient_kind": people.at[r.participant_sid, "kind"] if known else None,
                    "status": r.status,
                    "channel_message_sid": r.channel_message_sid,
                    "participant_sid": r.participant_sid,
                    "message_sid": m.sid,
                    "error_code": r.error_code or None,
                }
            )
    return frame(rows, RECEIPT_COLUMNS)


def sms_log(client: Client, phone: str, limit: int | None = None) -> pd.DataFrame:
    """Every SMS `phone` sent or received (2010 Messages, both directions), oldest first.

    With `limit`, only the latest `limit` (Twilio lists the newest first, so this reads at
    most `limit` of each direction).
    """
    rows = []
    page_size = min(limit, SMS_PAGE_SIZE) if limit else SMS_PAGE_SIZE
    for filters in ({"to": phone}, {"from_": phone}):
        for s in client.messages.stream(limit=limit, page_size=page_size, **filters):
            rows.append(
                {
                    "date_sent": s.date_sent,
                    "direction": s.direction,
                    "from": s.from_,
                    "to": s.to,
                    "body": s.body,
                    "status": s.status,
                    "sid": s.sid,
                }
            )
    log = frame(rows, SMS_COLUMNS).drop_duplicates("sid")
    # The log's pages come newest first; SIDs tie-break texts sent in the same second.
    log = log.iloc[::-1].sort_values("date_sent", kind="stable").reset_index(drop=True)
    return log if limit is None else log.tail(limit).reset_index(drop=True)


def pairs(client: Client) -> pd.DataFrame:
    """Every (address, proxy_address) → conversation pair of the account, with its state.

    An inbound text from `address` to the Twilio number `proxy_address` lands in the
    conversation of that row, as long as the conversation is not closed.
    """
    rows = []
    for c in client.conversations.v1.conversations.stream(page_size=PAGE_SIZE):
        for p in client.conversations.v1.conversations(c.sid).participants.stream(
            page_size=PAGE_SIZE
        ):
            binding = p.messaging_binding or {}
            if binding.get("proxy_address"):
                rows.append(
                    {
                        "address": binding.get("address"),
                        "proxy_address": binding["proxy_address"],
                        "conversation_sid": c.sid,
                        "unique_name": c.unique_name,
                        "state": c.state,
                        "participant_sid": p.sid,
                    }
                )
    return frame(rows, PAIR_COLUMNS)


PHONE_SCREEN_COLUMNS = ["date_sent", "direction", "from", "members", "body", "to", "status", "sid"]


def phone_screen(client: Client, phone: str) -> pd.DataFrame:
    """Sandbox: what a simulated phone's screen shows, oldest first; a group text lists the
    group's other `members` (Twilio has no such API: live, look at the phone)."""
    texts = sandbox_api.phone_inbox(client, phone)
    rows = [
        {
            **t,
            "members": ", ".join(t["members"]) if t["members"] else "(one-to-one)",
            "date_sent": datetime.fromisoformat(t["date_sent"]) if t["date_sent"] else None,
        }
        for t in reversed(texts)
    ]
    return frame(rows, PHONE_SCREEN_COLUMNS)
