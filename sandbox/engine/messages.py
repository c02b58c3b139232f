"""Conversation messages: gap-free indexes, fan-out to SMS participants, delivery receipts."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from sandbox.engine import conversations, group_mms, limits, media, participants, timers
from sandbox.engine.context import Context
from sandbox.engine.message_2010 import carrier_reports, message_log, opt_outs
from sandbox.engine.paging import PageRequest, PageResult, fetch_page
from sandbox.engine.validation import (
    NOT_DATED,
    Dates,
    check_content,
    creation_dates,
    dated,
    json_attributes,
    one_of,
)
from sandbox.errors import ConversationClosed, MessageBodyMissing, NotFound
from sandbox.rows import (
    Conversation,
    DeliverySummary,
    Message,
    Participant,
    Receipt,
    SmsRecipient,
)
from sandbox.sids import new_sid, new_sids

ORDERS = ("asc", "desc")
# A receipt as written: sid, conversation, message, channel message (None: no SMS),
# participant, status, error code, dates.
ReceiptRow = tuple[str, str, str, str | None, str, str, int | None, str, str]
SMS_BODY_TOO_LONG = 21617  # "The concatenated message body exceeds the 1600 character limit"
MMS_TOO_LARGE = 11751  # "Media exceeds messaging provider size limit" (an MMS: 5 MB)
DEFAULT_AUTHOR = "system"
Content = tuple[str | None, str | None]  # ContentSid, ContentVariables
# A message as given: sid, conversation, author, body, attributes, participant, media (JSON),
# content SID, content variables.
MessageRow = tuple[str, str, str, str | None, str, str | None, str | None, str | None, str | None]


def create(
    ctx: Context,
    conversation: Conversation,
    *,
    author: str | None = None,
    body: str | None = None,
    attributes: str | None = None,
    source: str = "API",
    author_participant: Participant | None = None,
    media_sids: Sequence[str] = (),
    content: Content | None = None,
    dates: Dates = NOT_DATED,
    carrier_delivered: bool = False,
) -> Message:
    """Add a message and send it on as SMS (MMS with media) to every other SMS participant.
    `carrier_delivered`: a phone's group text, which its carrier took to the group's phones.

    `content` (ContentSid, ContentVariables) is kept and read back; offline no template is
    rendered, so SMS participants get the Body alone. `dates` (DateCreated, DateUpdated) backdate
    an imported message."""
    if conversation.state == "closed":
        raise ConversationClosed()
    if not body and not media_sids and content is None:
        raise MessageBodyMissing()
    if content is not None:
        check_content(*content)
    limits.body(body)
    limits.attributes(attributes)
    conversation = conversations.touch_active(ctx, conversation)
    timers.restart_inactive_timer(ctx, conversation.sid, conversation.timers_inactive)
    author = author_of(author)
    group = group_mms.sending(ctx, conversation.sid, author)
    if author_participant is not None:
        participant_sid: str | None = author_participant.sid
    elif group is not None:
        participant_sid = group.author.sid
    else:
        participant_sid = participants.find_author(ctx, conversation.sid, author)
    sid = new_sid("IM")
    media_json = media.attach(ctx, list(media_sids), sid)
    row = (
        sid, conversation.sid, author, body, json_attributes(attributes), participant_sid,
        media_json, *(content or (None, None)),
    )  # fmt: skip
    message = _insert(ctx, row, dates)
    attached = tuple(media_sids)
    if group is None:
        recipients = participants.sms_recipients(ctx, conversation.sid, participant_sid)
    else:
        recipients = group.recipients(texted_by_phone=carrier_delivered)
    receipts = (
        _fan_out(
            ctx, conversation.sid, sid, body or "", recipients, message.date_created, attached,
            group.numbers if group else None, media.too_large_for_mms(media_json),
        )
        if body or attached
        else []
    )  # fmt: skip
    if receipts:
        by_status = tuple(Counter(receipt[5] for receipt in receipts).items())
        message = replace(message, delivery=DeliverySummary(len(receipts), by_status))
    ctx.emit("onMessageAdded", conversation.sid, Source=source, **event_fields(message))
    if receipts and ctx.webhooks_configured:
        _emit_deliveries(ctx, receipts)
    return message


def author_of(author: str | None) -> str:
    """A message's author: the one given, or Twilio's `system` for a program's message."""
    return author or DEFAULT_AUTHOR


def _insert(ctx: Context, given: MessageRow, dates: Dates) -> Message:
    """Write the message at the conversation's next index; the record is built from what was
    written (reading it back cost two queries a message)."""
    sid, conversation_sid, author, body, attributes, participant_sid, *rest = given
    next_index = ctx.db.execute(
        "UPDATE conversations SET next_index = next_index + 1 WHERE sid = ? RETURNING next_index",
        (conversation_sid,),
    ).fetchone()[0]
    created, updated = creation_dates(dates, ctx.now())
    row = (
        sid, conversation_sid, next_index - 1, author, body, attributes, participant_sid,
        created, updated, *rest,
    )  # fmt: skip
    ctx.db.execute(
        'INSERT INTO messages (sid, conversation_sid, "index", author, body, attributes,'
        " participant_sid, date_created, date_updated, media, content_sid, content_variables)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        row,
    )
    return Message(*row)


def _fan_out(
    ctx: Context,
    conversation_sid: str,
    message_sid: str,
    body: str,
    recipients: list[SmsRecipient],
    now: str,
    media_sids: tuple[str, ...] = (),
    group: list[str] | None = None,
    mms_too_large: bool = False,
) -> list[ReceiptRow]:
    """Each recipient gets the text from the Twilio number given for them; no echo. The seed's
    SMS participants get it from *their own* proxy address; a Group MMS's phones get one MMS
    each whose recipients are the whole `group`.

    Returns the receipts written, one for each: `sent` (its carrier reports later, see
    `carriers`), or `failed` with the code Twilio's
    Messaging refuses that SMS with (a body over 1,600 characters: 21617; media over an MMS's
    5 MB: 11751; a phone that opted out of that number: 21610). A refused SMS is not in the
    Messages log, as on Twilio."""
    if not recipients:
        return []
    refusals = _refusals(ctx, recipients, body, mms_too_large)
    sendable = [r for r in recipients if r.sid not in refusals]
    channel_sids = message_log.record_outbound(
        ctx,
        [(r.proxy_address, r.address) for r in sendable],
        body,
        conversation_sid,
        media_sids,
        group,
    )
    sent = dict(zip((r.sid for r in sendable), channel_sids, strict=True))
    report = carrier_reports.report_time(ctx) if sendable else None
    receipts = [
        (
            sid,
            conversation_sid,
            message_sid,
            sent.get(r.sid),
            r.sid,
            "failed" if r.sid in refusals else "sent",
            refusals.get(r.sid),
            now,
            now,
        )
        for sid, r in zip(new_sids("DY", len(recipients)), recipients, strict=True)
    ]
    ctx.db.executemany(
        "INSERT INTO receipts (sid, conversation_sid, message_sid, channel_message_sid,"
        " participant_sid, status, error_code, date_created, date_updated, settle_at)"
        " VALUES (?,?,?,?,?,?,?,?,?,?)",
        [(*receipt, None if receipt[5] == "failed" else report) for receipt in receipts],
    )
    return receipts


def _refusals(
    ctx: Context, recipients: list[SmsRecipient], body: str, mms_too_large: bool = False
) -> dict[str, int]:
    """Recipient participant SID → the error Twilio's Messaging refuses their SMS with."""
    if limits.too_long_for_sms(body):
        return {r.sid: SMS_BODY_TOO_LONG for r in recipients}
    if mms_too_large:  # "it will not be fanned out as an MMS message" (Conversations Limits)
        return {r.sid: MMS_TOO_LARGE for r in recipients}
    blocked = opt_outs.blocked(ctx, ((r.address, r.proxy_address) for r in recipients))
    return {
        r.sid: opt_outs.OPTED_OUT for r in recipients if (r.address, r.proxy_address) in blocked
    }


def _emit_deliveries(ctx: Context, receipts: list[ReceiptRow]) -> None:
    for receipt in receipts:
        emit_delivery(ctx, Receipt(*receipt))


def emit_delivery(ctx: Context, receipt: Receipt) -> None:
    """onDeliveryUpdated for a receipt reaching a status (`sent`, then its carrier's report).
    The carrier, not the REST call, reports it, so it fires without X-Twilio-Webhook-Enabled."""
    ctx.emit(
        "onDeliveryUpdated",
        receipt.conversation_sid,
        api=False,
        ConversationSid=receipt.conversation_sid,
        ChatServiceSid=ctx.service_sid,
        MessageSid=receipt.message_sid,
        DeliveryReceiptSid=receipt.sid,
        ChannelMessageSid=receipt.channel_message_sid,
        ParticipantSid=receipt.participant_sid,
        Status=receipt.status,
        ErrorCode=receipt.error_code,
        DateCreated=receipt.date_created,
        DateUpdated=receipt.date_updated,
    )


def get(ctx: Context, conversation: Conversation, sid: str) -> Message:
    row = ctx.db.execute(
        "SELECT * FROM messages WHERE conversation_sid = ? AND sid = ?", (conversation.sid, sid)
    ).fetchone()
    if row is None:
        raise NotFound(
            f"The requested resource /Conversations/{conversation.sid}/Messages/{sid} was not found"
        )
    return with_delivery(ctx, [row])[0]


def update(
    ctx: Context,
    conversation: Conversation,
    message: Message,
    *,
    author: str | None = None,
    body: str | None = None,
    attributes: str | None = None,
    dates: Dates = NOT_DATED,
) -> Message:
    changes: dict[str, object] = {}
    if author is not None:
        changes["author"] = author
        changes["participant_sid"] = participants.find_author(ctx, conversation.sid, author)
    if body is not None:
        changes["body"] = limits.body(body)
    if attributes is not None:
        changes["attributes"] = json_attributes(limits.attributes(attributes))
    dated(changes, dates, ctx.now())
    assignments = ", ".join(f"{column} = ?" for column in changes)
    ctx.db.execute(
        f"UPDATE messages SET {assignments} WHERE sid = ?", (*changes.values(), message.sid)
    )
    updated = get(ctx, conversation, message.sid)
    ctx.emit("onMessageUpdated", conversation.sid, Source="API", **event_fields(updated))
    return updated


def delete(ctx: Context, conversation: Conversation, message: Message) -> None:
    ctx.db.execute("DELETE FROM messages WHERE sid = ?", (message.sid,))
    ctx.emit("onMessageRemoved", conversation.sid, Source="API", **event_fields(message))


def page(
    ctx: Context, conversation: Conversation, request: PageRequest, order: str = "asc"
) -> tuple[list[Message], PageResult]:
    one_of("Order", order, ORDERS)
    result = fetch_page(
        ctx.db,
        "messages",
        "conversation_sid = ?",
        (conversation.sid,),
        '"index"',
        request,
        descending=order == "desc",
    )
    return with_delivery(ctx, result.rows), result


def with_delivery(ctx: Context, rows: Sequence[sqlite3.Row]) -> list[Message]:
    """Messages with their receipts summarised, in one query for the whole page."""
    sids = [row["sid"] for row in rows]
    counts: dict[str, dict[str, int]] = {}
    if sids:
        marks = ",".join("?" * len(sids))
        for row in ctx.db.execute(
            f"SELECT message_sid, status, COUNT(*) AS n FROM receipts"
            f" WHERE message_sid IN ({marks}) GROUP BY message_sid, status",
            sids,
        ):
            counts.setdefault(row["message_sid"], {})[row["status"]] = row["n"]
    columns = tuple(rows[0].keys()) if rows else ()
    messages = []
    for row in rows:
        by_status = counts.get(row["sid"])
        delivery = (
            DeliverySummary(sum(by_status.values()), tuple(by_status.items()))
            if by_status
            else None
        )
        messages.append(_message(columns, tuple(row), delivery))
    return messages


@lru_cache(maxsize=4096)
def _message(
    columns: tuple[str, ...], values: tuple[object, ...], delivery: DeliverySummary | None
) -> Message:
    """A message's record, built once for the same row and receipts: a page of unchanged
    messages (a playground polls) costs no construction, and the renderer's cache of encoded
    messages finds the very same record."""
    return Message.from_values(columns, values, delivery=delivery)


def receipts_page(ctx: Context, message: Message, request: PageRequest) -> PageResult:
    return fetch_page(ctx.db, "receipts", "message_sid = ?", (message.sid,), "id", request)


def get_receipt(ctx: Context, message: Message, sid: str) -> Receipt:
    row = ctx.db.execute(
        "SELECT * FROM receipts WHERE message_sid = ? AND sid = ?", (message.sid, sid)
    ).fetchone()
    if row is None:
        raise NotFound(f"Delivery receipt {sid} of message {message.sid} was not found")
    return Receipt.from_row(row)


def event_fields(message: Message) -> dict[str, object]:
    return {
        "ConversationSid": message.conversation_sid,
        "MessageSid": message.sid,
        "Index": message.index,
        "Author": message.author,
        "Body": message.body,
        "Attributes": message.attributes,
        "ParticipantSid": message.participant_sid,
        "DateCreated": message.date_created,
    }
