"""User Conversations: the conversations a User is in (as a participant with the user's identity),
with that user's read horizon, unread count and notification level.

Twilio's page: https://www.twilio.com/docs/conversations/api/user-conversation-resource
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from sandbox.engine import conversations, participants
from sandbox.engine.context import Context
from sandbox.engine.paging import PageRequest, PageResult, fetch_page
from sandbox.engine.validation import one_of
from sandbox.errors import NotFound
from sandbox.rows import Conversation, Participant, User

NOTIFICATION_LEVELS = ("default", "muted")
UNREAD_CAP = 1000  # "UnreadMessageCount returns a maximum value of 1000" (the page above)
IN_SERVICE = (
    "identity = ? AND conversation_sid IN"
    " (SELECT sid FROM conversations WHERE chat_service_sid = ?)"
)


@dataclass(frozen=True)
class UserConversation:
    user: User
    conversation: Conversation
    participant: Participant
    notification_level: str
    unread_messages_count: int | None


def page(
    ctx: Context, user: User, request: PageRequest
) -> tuple[list[UserConversation], PageResult]:
    result = fetch_page(
        ctx.db, "participants", IN_SERVICE, (user.identity, ctx.service_sid), "id", request
    )
    found = [_of(ctx, user, row) for row in result.rows]
    return found, result


def get(ctx: Context, user: User, conversation_sid_or_name: str) -> UserConversation:
    conversation = conversations.get(ctx, conversation_sid_or_name)
    row = ctx.db.execute(
        "SELECT * FROM participants WHERE conversation_sid = ? AND identity = ?",
        (conversation.sid, user.identity),
    ).fetchone()
    if row is None:  # the user is not in that conversation
        raise NotFound(
            f"The requested resource /Users/{user.sid}/Conversations/{conversation.sid}"
            " was not found"
        )
    return _of(ctx, user, row, conversation)


def update(
    ctx: Context,
    found: UserConversation,
    *,
    notification_level: str | None,
    last_read_message_index: int | None,
    last_read_timestamp: str | None,
) -> UserConversation:
    """The read horizon is the participant's own (the same field the Participant resource shows);
    the notification level is the user's, kept on that participant's row."""
    if notification_level is not None:
        one_of("NotificationLevel", notification_level, NOTIFICATION_LEVELS)
    if last_read_message_index is not None or last_read_timestamp is not None:
        participants.update(
            ctx,
            found.conversation,
            found.participant,
            last_read_message_index=last_read_message_index,
            last_read_timestamp=last_read_timestamp,
        )
    if notification_level is not None:
        ctx.db.execute(
            "UPDATE participants SET notification_level = ? WHERE sid = ?",
            (notification_level, found.participant.sid),
        )
    return get(ctx, found.user, found.conversation.sid)


def delete(ctx: Context, found: UserConversation) -> None:
    """The user leaves the conversation: its participant is removed, as DELETE on the Participant
    does (the pair it held is free again)."""
    participants.delete(ctx, found.conversation, found.participant)


def _of(
    ctx: Context, user: User, row: sqlite3.Row, conversation: Conversation | None = None
) -> UserConversation:
    participant = Participant.from_row(row)
    conversation = conversation or conversations.get(ctx, participant.conversation_sid)
    level = str(row["notification_level"])
    return UserConversation(user, conversation, participant, level, _unread(ctx, participant))


def _unread(ctx: Context, participant: Participant) -> int | None:
    """Messages after the participant's read horizon; none set yet: null, as Twilio's SDKs show."""
    horizon = participant.last_read_message_index
    if horizon is None:
        return None
    (count,) = ctx.db.execute(
        'SELECT COUNT(*) FROM (SELECT 1 FROM messages WHERE conversation_sid = ? AND "index" > ?'
        " LIMIT ?)",
        (participant.conversation_sid, horizon, UNREAD_CAP),
    ).fetchone()
    return int(count)
