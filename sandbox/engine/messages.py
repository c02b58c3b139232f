"""Conversation messages: gap-free indexes, authors, media and content, sent on to SMS participants
(their delivery receipts: `delivery_receipts`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from sandbox.engine import (
    conversations,
    delivery_receipts,
    group_mms,
    limits,
    media,
    participants,
    timers,
)
from sandbox.engine.context import Context
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
)
from sandbox.sids import new_sid

ORDERS = ("asc", "desc")
DEFAULT_AUTHOR = "system"
Content = tuple[str | None, str | None]  # ContentSid, ContentVariables
INSERT = (
    'INSERT INTO messages (sid, conversation_sid, "index", author, body, attributes,'
    " participant_sid, date_created, date_updated, media, content_sid, content_variables)"
    " VALUES (:sid, :conversation_sid, :index, :author, :body, :attributes, :participant_sid,"
    " :date_created, :date_updated, :media, :content_sid, :content_variables)"
)


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
    filled in, so SMS participants get the Body alone. `dates` (DateCreated, DateUpdated) backdate
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
    content_sid, content_variables = content or (None, None)
    given = {
        "sid": sid,
        "conversation_sid": conversation.sid,
        "author": author,
        "body": body,
        "attributes": json_attributes(attributes),
        "participant_sid": participant_sid,
        "media": media_json,
        "content_sid": content_sid,
        "content_variables": content_variables,
    }
    message = _insert(ctx, given, dates)
    attached = tuple(media_sids)
    if group is None:
        recipients = participants.sms_recipients(ctx, conversation.sid, participant_sid)
    else:
        recipients = group.recipients(texted_by_phone=carrier_delivered)
    fanned = (
        delivery_receipts.fan_out(
            ctx, conversation.sid, sid, body or "", recipients, message.date_created, attached,
            group.numbers if group else None, media.too_large_for_mms(media_json),
        )
        if body or attached
        else delivery_receipts.NONE
    )  # fmt: skip
    if fanned.written:
        message = replace(message, delivery=fanned.summary())
    ctx.emit("onMessageAdded", conversation.sid, Source=source, **event_fields(message))
    if fanned.written and ctx.webhooks_configured:
        for receipt in fanned.receipts():
            delivery_receipts.emit(ctx, receipt)
    return message


def author_of(author: str | None) -> str:
    """A message's author: the one given, or Twilio's `system` for a program's message."""
    return author or DEFAULT_AUTHOR


def _insert(ctx: Context, given: dict[str, object], dates: Dates) -> Message:
    """Write the message at the conversation's next index; the row is built from what was
    written, by column name (reading it back cost two queries a message)."""
    next_index = ctx.db.execute(
        "UPDATE conversations SET next_index = next_index + 1 WHERE sid = ? RETURNING next_index",
        (given["conversation_sid"],),
    ).fetchone()["next_index"]
    created, updated = creation_dates(dates, ctx.now())
    written = {**given, "index": next_index - 1, "date_created": created, "date_updated": updated}
    ctx.db.execute(INSERT, written)
    return Message(**written)


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
    summaries = delivery_receipts.summaries(ctx, [row["sid"] for row in rows])
    columns = tuple(rows[0].keys()) if rows else ()
    return [_message(columns, tuple(row), summaries.get(row["sid"])) for row in rows]


@lru_cache(maxsize=4096)
def _message(
    columns: tuple[str, ...], values: tuple[object, ...], delivery: DeliverySummary | None
) -> Message:
    """A message, built once for the same row and receipts: a page of unchanged
    messages (a playground polls) costs no construction, and the representations' cache of
    encoded messages finds the very same message."""
    return Message.from_values(columns, values, delivery=delivery)


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
