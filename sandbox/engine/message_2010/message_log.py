"""The SMS log (the 2010 Messages): every text in or out of the account's Twilio numbers, its
redaction and deletion."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sandbox.engine.context import Context
from sandbox.engine.message_2010 import carrier_reports, message_media
from sandbox.engine.paging import PageRequest, PageResult, date_clauses, fetch_page
from sandbox.errors import MessageCannotBeCanceled, NotFound
from sandbox.rows import Sms
from sandbox.sids import new_sids

SCHEDULED = "scheduled"
QUEUED, ACCEPTED = "queued", "accepted"  # an app's own text, until it is sent
COLUMNS = (
    "sid", "from", "to", "body", "status", "direction", "conversation_sid", "date_created",
    "date_updated", "date_sent", "media", "status_callback", "recipients", "settle_at",
    "messaging_service_sid", "media_urls",
)  # fmt: skip
QUOTED = ", ".join(f'"{name}"' for name in COLUMNS)  # "from" and "to" are SQL's words
INSERT = f"INSERT INTO sms ({QUOTED}) VALUES ({', '.join('?' * len(COLUMNS))})"


def add(
    ctx: Context,
    *,
    sender: str,
    recipient: str,
    body: str,
    conversation_sid: str | None,
    direction: str = "outbound-api",
    media: tuple[str, ...] = (),
    status_callback: str | None = None,
    group: list[str] | None = None,
    app: AppOptions | None = None,
) -> Sms:
    """Log one SMS (an MMS with `media`, or a group MMS with a `group`). Outbound ones reach
    simulated phones at once (`sent`, their carrier reports a moment later); an app's own
    (`app`: CreateMessage) starts `queued`, or `scheduled` at its SendAt. Returns it as written
    (reading it back cost a query and decoding the row)."""
    (written,) = _insert(
        ctx, [(sender, recipient)], body, conversation_sid, direction, media, status_callback,
        group, app,
    )  # fmt: skip
    return Sms.from_row({**dict(zip(COLUMNS, written, strict=True)), "error_code": None})


def add_outbound(
    ctx: Context,
    pairs: list[tuple[str, str]],
    body: str,
    conversation_sid: str,
    media: tuple[str, ...] = (),
    group: list[str] | None = None,
) -> list[str]:
    """Log one outbound SMS per (sender, recipient) pair, in one statement; returns their SIDs.
    With a `group`, each is an MMS (`MM…`) whose recipients are the whole group."""
    written = _insert(ctx, pairs, body, conversation_sid, "outbound-api", media, None, group)
    return [values[0] for values in written]


@dataclass(frozen=True)
class AppOptions:
    """What only an app's own CreateMessage sets: the Messaging Service it named, media by URL
    (kept, never fetched), and a scheduled send's moment (None: now)."""

    messaging_service_sid: str | None = None
    media_urls: tuple[str, ...] = ()
    send_at: str | None = None


def _insert(
    ctx: Context,
    pairs: list[tuple[str, str]],
    body: str,
    conversation_sid: str | None,
    direction: str,
    media: tuple[str, ...] = (),
    status_callback: str | None = None,
    group: list[str] | None = None,
    app: AppOptions | None = None,
) -> list[tuple[object, ...]]:
    """The SMS written: each one's values, in `COLUMNS`' order."""
    now = ctx.now()
    by_url = app is not None and app.media_urls
    sids = new_sids("MM" if media or group or by_url else "SM", len(pairs))
    inbound = direction == "inbound"
    if inbound:
        status, date_sent, settle_at = "received", now, None
    elif app is not None and app.send_at:  # sent at SendAt on the sandbox's clock (carrier_reports)
        status, date_sent, settle_at = SCHEDULED, None, app.send_at
        ctx.carrier_reports_changed = True
    elif app is not None:  # an app's own: created `queued` (`accepted` through a Messaging
        # Service), sent at once after (carrier_reports.release_due); Twilio's "Outbound Message
        # Status in Status Callbacks" (https://www.twilio.com/docs/messaging/guides/outbound-
        # message-status-in-status-callbacks) gives these initial statuses, with no callback
        status = ACCEPTED if app.messaging_service_sid else QUEUED
        date_sent, settle_at = None, now
        ctx.carrier_reports_changed = True
    else:  # sent: its carrier reports a moment later
        status, date_sent, settle_at = "sent", now, carrier_reports.report_time(ctx)
    shared = (body, status, direction, conversation_sid, now, now, date_sent)
    rest = (json.dumps(list(media)), status_callback, json.dumps(group) if group else None)
    options = app or AppOptions()
    extra = (settle_at, options.messaging_service_sid, json.dumps(list(options.media_urls)))
    written = [
        (sid, sender, recipient, *shared, *rest, *extra)
        for sid, (sender, recipient) in zip(sids, pairs, strict=True)
    ]
    ctx.db.executemany(INSERT, written)
    if media or options.media_urls:
        message_media.add(ctx, sids, media, options.media_urls)
    return written


def redact(ctx: Context, sent: Sms) -> Sms:
    """UpdateMessage with Body="": the body is erased for good; the rest of the message stays
    (https://www.twilio.com/docs/messaging/api/message-resource#update-a-message-resource)."""
    ctx.db.execute(
        "UPDATE sms SET body = '', date_updated = ? WHERE sid = ?", (ctx.now(), sent.sid)
    )
    return get_sms(ctx, sent.sid)


def cancel(ctx: Context, sent: Sms) -> Sms:
    """Status=canceled cancels a scheduled message: it is never sent; one that is no longer
    scheduled cannot be (https://www.twilio.com/docs/messaging/features/message-scheduling,
    https://www.twilio.com/docs/api/errors/30409)."""
    if sent.status != SCHEDULED:
        raise MessageCannotBeCanceled(
            f"Message {sent.sid} cannot be canceled: it is {sent.status}, no longer scheduled",
        )
    ctx.db.execute(
        "UPDATE sms SET status = 'canceled', settle_at = NULL, date_updated = ? WHERE sid = ?",
        (ctx.now(), sent.sid),
    )
    ctx.carrier_reports_changed = True
    return get_sms(ctx, sent.sid)


def delete(ctx: Context, sent: Sms) -> None:
    message_media.delete_of(ctx, sent.sid)
    ctx.db.execute("DELETE FROM sms WHERE sid = ?", (sent.sid,))


def get_sms(ctx: Context, sid: str) -> Sms:
    row = ctx.db.execute("SELECT * FROM sms WHERE sid = ?", (sid,)).fetchone()
    if row is None:
        raise NotFound(f"The requested resource Messages/{sid} was not found")
    return Sms.from_row(row)


def sms_page(
    ctx: Context,
    request: PageRequest,
    recipient: str | None,
    sender: str | None,
    sent_on: dict[str, str] | None = None,
) -> PageResult:
    """The SMS log, newest first, as the 2010 Messages list returns it. `sent_on` maps `=`, `<`
    or `>` to a day or a moment: sent on that day, on or before it, on or after it."""
    clauses, args = [], []
    if recipient:
        clauses.append('"to" = ?')
        args.append(recipient)
    if sender:
        clauses.append('"from" = ?')
        args.append(sender)
    for clause, value in date_clauses("date_sent", "DateSent", sent_on or {}):
        clauses.append(clause)
        args.append(value)
    return fetch_page(ctx.db, "sms", " AND ".join(clauses), args, "id", request, descending=True)


PHONE_INBOX_SIZE = 100


def phone_inbox(ctx: Context, phone: str) -> list[Sms]:
    """What a simulated phone sent and received, newest first: its SMS (not those its carrier
    could not deliver), the group MMS Twilio sent it, and the group texts other phones sent it
    (their carrier delivered those; Twilio logged its own copy, whose recipients name this
    phone)."""
    rows = ctx.db.execute(
        'SELECT * FROM sms WHERE "from" = ?'
        " OR (\"to\" = ? AND status NOT IN ('undelivered', 'failed', 'scheduled', 'canceled'))"
        " OR (direction = 'inbound' AND recipients LIKE ?) ORDER BY id DESC LIMIT ?",
        (phone, phone, f'%"{phone}"%', PHONE_INBOX_SIZE),
    )
    return [Sms.from_row(row) for row in rows]
