"""Twilio's Conversations limits: lengths, sizes and counts, each refused before anything is
written (https://www.twilio.com/docs/conversations/conversations-limits, read 2026-11-26)."""

from __future__ import annotations

from sandbox.engine.context import Context
from sandbox.errors import (
    AttributesTooLong,
    FriendlyNameTooLong,
    IdentityTooLong,
    MessageBodyTooLong,
    NonChatParticipantsLimitExceeded,
    ParticipantsLimitExceeded,
    TooManyParticipantsInRequest,
)

FRIENDLY_NAME_CHARS = 256
IDENTITY_CHARS = 256
CONVERSATION_ATTRIBUTES_BYTES = 16 * 1024
ATTRIBUTES_BYTES = 4 * 1024  # a message's, a participant's
BODY_BYTES = 32 * 1024  # "Inbound: 32KB", and chat's outbound
SMS_BODY_CHARS = 1600  # outbound SMS; longer bodies fail to each phone with 21617
PARTICIPANTS = 1000
NON_CHAT_PARTICIPANTS = 50
PARTICIPANTS_PER_REQUEST = 10  # ConversationWithParticipants


def friendly_name(value: str | None) -> str | None:
    if value is not None and len(value) > FRIENDLY_NAME_CHARS:
        raise FriendlyNameTooLong(
            f"FriendlyName is {len(value)} characters; Twilio keeps {FRIENDLY_NAME_CHARS} at most"
        )
    return value


def identity(value: str | None) -> str | None:
    if value is not None and len(value) > IDENTITY_CHARS:
        raise IdentityTooLong(
            f"Identity is {len(value)} characters; Twilio keeps {IDENTITY_CHARS} at most"
        )
    return value


def attributes(value: str | None, limit: int = ATTRIBUTES_BYTES) -> str | None:
    if value is not None and len(value.encode()) > limit:
        raise AttributesTooLong(
            f"Attributes are {len(value.encode())} bytes; Twilio keeps {limit // 1024} KB at most"
        )
    return value


def body(value: str | None) -> str | None:
    if value is not None and len(value.encode()) > BODY_BYTES:
        raise MessageBodyTooLong(
            f"Body is {len(value.encode())} bytes; a message holds {BODY_BYTES // 1024} KB at most"
        )
    return value


def too_long_for_sms(value: str) -> bool:
    return len(value) > SMS_BODY_CHARS


def room_for_participant(ctx: Context, conversation_sid: str, *, sms: bool) -> None:
    """Up to 1,000 participants, of whom up to 50 non-chat (SMS)."""
    total, non_chat = ctx.db.execute(
        "SELECT COUNT(*), COUNT(address) FROM participants WHERE conversation_sid = ?",
        (conversation_sid,),
    ).fetchone()
    if total >= PARTICIPANTS:
        raise ParticipantsLimitExceeded(
            f"Conversation {conversation_sid} has {PARTICIPANTS} participants, Twilio's limit"
        )
    if sms and non_chat >= NON_CHAT_PARTICIPANTS:
        raise NonChatParticipantsLimitExceeded(
            f"Conversation {conversation_sid} has {NON_CHAT_PARTICIPANTS} non-chat (SMS) "
            "participants, Twilio's limit: they receive a blast from one number each"
        )


def participants_per_request(count: int) -> None:
    if count > PARTICIPANTS_PER_REQUEST:
        raise TooManyParticipantsInRequest(
            f"The request adds {count} participants; ConversationWithParticipants takes "
            f"{PARTICIPANTS_PER_REQUEST} at most. Add the others with the Participant resource"
        )
