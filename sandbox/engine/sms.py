"""The SMS log (the 2010 Messages): every text in or out of the account's Twilio numbers."""

from __future__ import annotations

import json

from sandbox.engine.context import Context
from sandbox.engine.paging import PageRequest, PageResult, fetch_page
from sandbox.errors import NotFound
from sandbox.records import Sms
from sandbox.sids import new_sids


def record(
    ctx: Context,
    *,
    sender: str,
    recipient: str,
    body: str,
    conversation_sid: str | None,
    direction: str = "outbound-api",
    group: list[str] | None = None,
) -> str:
    """Log one SMS (or, with a `group`, one group MMS). Outbound ones reach simulated phones at
    once (`delivered`)."""
    return _insert(ctx, [(sender, recipient)], body, conversation_sid, direction, group)[0]


def record_outbound(
    ctx: Context,
    pairs: list[tuple[str, str]],
    body: str,
    conversation_sid: str,
    group: list[str] | None = None,
) -> list[str]:
    """Log one outbound SMS per (sender, recipient) pair, in one statement; returns their SIDs.
    With a `group`, each is an MMS (`MM…`) whose recipients are the whole group."""
    return _insert(ctx, pairs, body, conversation_sid, "outbound-api", group)


def _insert(
    ctx: Context,
    pairs: list[tuple[str, str]],
    body: str,
    conversation_sid: str | None,
    direction: str,
    group: list[str] | None,
) -> list[str]:
    now = ctx.now()
    sids = new_sids("MM" if group else "SM", len(pairs))
    status = "received" if direction == "inbound" else "delivered"
    recipients = json.dumps(group) if group else None
    ctx.db.executemany(
        'INSERT INTO sms (sid, "from", "to", body, status, direction, conversation_sid,'
        " date_created, date_updated, date_sent, recipients) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [
            (
                sid,
                sender,
                recipient,
                body,
                status,
                direction,
                conversation_sid,
                now,
                now,
                now,
                recipients,
            )
            for sid, (sender, recipient) in zip(sids, pairs, strict=True)
        ],
    )
    return sids


def get_sms(ctx: Context, sid: str) -> Sms:
    row = ctx.db.execute("SELECT * FROM sms WHERE sid = ?", (sid,)).fetchone()
    if row is None:
        raise NotFound(f"The requested resource Messages/{sid} was not found")
    return Sms.from_row(row)


def sms_page(
    ctx: Context, request: PageRequest, recipient: str | None, sender: str | None
) -> PageResult:
    """The SMS log, newest first, as the 2010 Messages list returns it."""
    clauses, args = [], []
    if recipient:
        clauses.append('"to" = ?')
        args.append(recipient)
    if sender:
        clauses.append('"from" = ?')
        args.append(sender)
    return fetch_page(ctx.db, "sms", " AND ".join(clauses), args, "id", request, descending=True)


PHONE_INBOX_SIZE = 100


def phone_inbox(ctx: Context, phone: str) -> list[Sms]:
    """What a simulated phone sent and received, newest first: its SMS, the group MMS Twilio
    sent it, and the group texts other phones sent it (their carrier delivered those; Twilio
    logged its own copy, whose recipients name this phone)."""
    rows = ctx.db.execute(
        'SELECT * FROM sms WHERE "from" = ? OR "to" = ?'
        " OR (direction = 'inbound' AND recipients LIKE ?) ORDER BY id DESC LIMIT ?",
        (phone, phone, f'%"{phone}"%', PHONE_INBOX_SIZE),
    )
    return [Sms.from_row(row) for row in rows]
