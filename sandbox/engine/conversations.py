"""Conversations: create, find by SID or unique name, update, close, delete, list."""

from __future__ import annotations

from dataclasses import fields

from sandbox.clock import iso
from sandbox.engine import configuration, limits, messaging_services
from sandbox.engine.context import Context
from sandbox.engine.paging import PageRequest, PageResult, fetch_page
from sandbox.engine.validation import (
    NOT_DATED,
    Dates,
    creation_dates,
    dated,
    json_attributes,
    moment,
    one_of,
    timer_durations,
)
from sandbox.errors import (
    ConversationClosed,
    ConversationUniqueNameTaken,
    NotFound,
    TimersNeedState,
    UniqueNameLooksLikeSid,
)
from sandbox.rows import Conversation
from sandbox.sids import is_sid, new_sid

STATES = ("active", "inactive", "closed")
# Conversation's columns by name, in its fields' order (Row.from_row then reads them the fast way).
SELECT = f"SELECT {', '.join(f.name for f in fields(Conversation))} FROM conversations"
INSERT = (
    "INSERT INTO conversations (sid, chat_service_sid, messaging_service_sid, friendly_name,"
    " unique_name, attributes, state, timers_inactive, timers_closed, date_inactive,"
    " date_closed, date_created, date_updated) VALUES (:sid, :chat_service_sid,"
    " :messaging_service_sid, :friendly_name, :unique_name, :attributes, :state,"
    " :timers_inactive, :timers_closed, :date_inactive, :date_closed, :date_created,"
    " :date_updated)"
)


def create(
    ctx: Context,
    *,
    friendly_name: str | None = None,
    unique_name: str | None = None,
    attributes: str | None = None,
    state: str | None = None,
    timers_inactive: str | None = None,
    timers_closed: str | None = None,
    messaging_service_sid: str | None = None,
    dates: Dates = NOT_DATED,
) -> Conversation:
    if (timers_inactive or timers_closed) and state is None:
        raise TimersNeedState()
    # Configuration's defaults apply where the request names no timer nor messaging service.
    defaults = configuration.get(ctx)
    if not (timers_inactive or timers_closed):
        timers_inactive = defaults.default_inactive_timer
        timers_closed = defaults.default_closed_timer
    messaging_services.check_named(ctx, messaging_service_sid, "MessagingServiceSid")
    if messaging_service_sid is None:
        messaging_service_sid = defaults.default_messaging_service_sid
    state = one_of("State", state_of(state), STATES)
    limits.friendly_name(friendly_name)
    limits.attributes(attributes, limits.CONVERSATION_ATTRIBUTES_BYTES)
    _check_unique_name(ctx, unique_name, None)
    messaging_service_sid = messaging_service_sid or None  # an empty one is none, as on update
    unique_name = unique_name or None  # an empty one is none, as on update (two are not a clash)
    now = ctx.now()
    sid = new_sid("CH")
    date_inactive, date_closed = _timer_dates(ctx, timers_inactive, timers_closed)
    date_created, date_updated = creation_dates(dates, now)
    # The row as written, by column name: the conversation is built from it, not read back.
    conversation = Conversation(
        sid=sid,
        chat_service_sid=ctx.service_sid,
        messaging_service_sid=messaging_service_sid,
        friendly_name=friendly_name,
        unique_name=unique_name,
        attributes=json_attributes(attributes),
        state=state,
        timers_inactive=timers_inactive,
        timers_closed=timers_closed,
        date_inactive=date_inactive,
        date_closed=date_closed,
        date_created=date_created,
        date_updated=date_updated,
    )
    ctx.db.execute(INSERT, vars(conversation))
    ctx.timers_changed |= date_inactive is not None or date_closed is not None
    ctx.emit("onConversationAdded", sid, **event_fields(conversation))
    return conversation


def get(ctx: Context, sid_or_unique_name: str) -> Conversation:
    """Twilio lets a conversation be addressed by its SID or by its unique name."""
    column = "sid" if is_sid(sid_or_unique_name, "CH") else "unique_name"
    row = ctx.db.execute(
        f"{SELECT} WHERE {column} = ? AND chat_service_sid = ?",
        (sid_or_unique_name, ctx.service_sid),
    ).fetchone()
    if row is None:  # in no service, or in another one than the path's
        raise NotFound(f"The requested resource /Conversations/{sid_or_unique_name} was not found")
    return Conversation.from_row(row)


def update(
    ctx: Context,
    conversation: Conversation,
    *,
    friendly_name: str | None = None,
    unique_name: str | None = None,
    attributes: str | None = None,
    state: str | None = None,
    timers_inactive: str | None = None,
    timers_closed: str | None = None,
    messaging_service_sid: str | None = None,
    dates: Dates = NOT_DATED,
) -> Conversation:
    if conversation.state == "closed":
        raise ConversationClosed()
    changes = _changes(
        ctx,
        conversation,
        friendly_name=friendly_name,
        unique_name=unique_name,
        attributes=attributes,
        state=state,
        timers_inactive=timers_inactive,
        timers_closed=timers_closed,
        messaging_service_sid=messaging_service_sid,
    )
    dated(changes, dates, ctx.now())
    ctx.timers_changed |= "state" in changes or "date_inactive" in changes
    assignments = ", ".join(f"{column} = ?" for column in changes)
    ctx.db.execute(
        f"UPDATE conversations SET {assignments} WHERE sid = ?",
        (*changes.values(), conversation.sid),
    )
    updated = get(ctx, conversation.sid)
    ctx.emit("onConversationUpdated", updated.sid, **event_fields(updated))
    if updated.state != conversation.state:
        ctx.emit(
            "onConversationStateUpdated",
            updated.sid,
            StateFrom=conversation.state,
            StateTo=updated.state,
            Reason="API",
            **event_fields(updated),
        )
    return updated


def _changes(
    ctx: Context,
    conversation: Conversation,
    *,
    friendly_name: str | None,
    unique_name: str | None,
    attributes: str | None,
    state: str | None,
    timers_inactive: str | None,
    timers_closed: str | None,
    messaging_service_sid: str | None,
) -> dict[str, object]:
    """The columns an update sets, each given value checked (None: left as it is)."""
    changes: dict[str, object] = {}
    if friendly_name is not None:
        changes["friendly_name"] = limits.friendly_name(friendly_name)
    if unique_name is not None:
        _check_unique_name(ctx, unique_name, conversation.sid)
        changes["unique_name"] = unique_name or None
    if attributes is not None:
        limits.attributes(attributes, limits.CONVERSATION_ATTRIBUTES_BYTES)
        changes["attributes"] = json_attributes(attributes)
    if messaging_service_sid is not None:
        messaging_services.check_named(ctx, messaging_service_sid, "MessagingServiceSid")
        changes["messaging_service_sid"] = messaging_service_sid or None
    if state is not None:
        changes["state"] = one_of("State", state, STATES)
    if timers_inactive is not None or timers_closed is not None:
        inactive = timers_inactive if timers_inactive is not None else conversation.timers_inactive
        closed = timers_closed if timers_closed is not None else conversation.timers_closed
        changes["timers_inactive"], changes["timers_closed"] = inactive or None, closed or None
        changes["date_inactive"], changes["date_closed"] = _timer_dates(ctx, inactive, closed)
    return changes


def touch_active(ctx: Context, conversation: Conversation) -> Conversation:
    """New traffic wakes an inactive conversation (Twilio: inactive → active)."""
    if conversation.state != "inactive":
        return conversation
    ctx.timers_changed = True
    ctx.db.execute(
        "UPDATE conversations SET state = 'active', date_updated = ? WHERE sid = ?",
        (ctx.now(), conversation.sid),
    )
    updated = get(ctx, conversation.sid)
    ctx.emit(
        "onConversationStateUpdated",
        updated.sid,
        StateFrom="inactive",
        StateTo="active",
        Reason="MESSAGE",
        **event_fields(updated),
    )
    return updated


def delete(ctx: Context, conversation: Conversation) -> None:
    ctx.timers_changed |= (
        conversation.date_inactive is not None or conversation.date_closed is not None
    )
    ctx.db.execute("DELETE FROM conversations WHERE sid = ?", (conversation.sid,))
    ctx.emit("onConversationRemoved", conversation.sid, **event_fields(conversation))


def page(
    ctx: Context, request: PageRequest, state: str | None = None, created: Dates = NOT_DATED
) -> PageResult:
    """Conversations oldest first; of one state, and created between StartDate and EndDate
    (a day: from its first second to its last, as Twilio's list takes them)."""
    clauses, args = ["chat_service_sid = ?"], [ctx.service_sid]
    if state is not None:
        clauses.append("state = ?")
        args.append(one_of("State", state, STATES))
    start, end = created
    if start:
        clauses.append("date_created >= ?")
        args.append(_day_or_moment("StartDate", start, "T00:00:00Z"))
    if end:
        clauses.append("date_created <= ?")
        args.append(_day_or_moment("EndDate", end, "T23:59:59Z"))
    return fetch_page(ctx.db, "conversations", " AND ".join(clauses), args, "id", request)


def _day_or_moment(name: str, value: str, time_of_day: str) -> str:
    moment_given = moment(name, value + time_of_day if len(value) == 10 else value)
    return moment_given or ""


def state_of(state: str | None) -> str:
    """A new conversation's state: the one given, or `active`."""
    return state or "active"


def event_fields(conversation: Conversation) -> dict[str, object]:
    return {
        "ConversationSid": conversation.sid,
        "ChatServiceSid": conversation.chat_service_sid,
        "MessagingServiceSid": conversation.messaging_service_sid,
        "FriendlyName": conversation.friendly_name,
        "UniqueName": conversation.unique_name,
        "Attributes": conversation.attributes,
        "State": conversation.state,
        "DateCreated": conversation.date_created,
    }


def _check_unique_name(ctx: Context, unique_name: str | None, own_sid: str | None) -> None:
    if not unique_name:
        return
    if is_sid(unique_name, "CH"):
        raise UniqueNameLooksLikeSid()
    row = ctx.db.execute(
        "SELECT sid FROM conversations WHERE unique_name = ? AND chat_service_sid = ?",
        (unique_name, ctx.service_sid),
    ).fetchone()
    if row is not None and row["sid"] != own_sid:
        raise ConversationUniqueNameTaken(
            f"A conversation with UniqueName {unique_name!r} already exists: {row['sid']}"
        )


def _timer_dates(
    ctx: Context, inactive: str | None, closed: str | None
) -> tuple[str | None, str | None]:
    now = ctx.clock.now()
    inactive_after, closed_after = timer_durations(inactive, closed)
    return (
        iso(now + inactive_after) if inactive_after else None,
        iso(now + closed_after) if closed_after else None,
    )
