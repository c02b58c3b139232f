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
SMS_BODY_CHARS = 1600  # outbound SMS, in its encoding's units (sms_length); longer: 21617
PARTICIPANTS = 1000
NON_CHAT_PARTICIPANTS = 50
PARTICIPANTS_PER_REQUEST = 10  # ConversationWithParticipants

# GSM 03.38: the default alphabet (one septet each) and its extension table (an escape and a
# septet: two). A body of these goes as GSM-7; any other character makes the whole body UCS-2,
# counted in 16-bit units, so an emoji outside the Basic Multilingual Plane counts two.
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")


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


def sms_length(value: str) -> tuple[int, str]:
    """A body's length as Twilio counts it against 1,600, and its encoding: GSM-7 septets (an
    extension character counts two), else UCS-2's 16-bit units (an emoji counts two), as
    Twilio's 21617 page (https://www.twilio.com/docs/api/errors/21617) and its Message Segment
    Calculator (https://twiliodeved.github.io/message-segment-calculator/) count."""
    extended = 0
    for character in value:
        if character in GSM7_EXTENSION:
            extended += 1
        elif character not in GSM7_BASIC:
            return len(value.encode("utf-16-le")) // 2, "UCS-2"
    return len(value) + extended, "GSM-7"


def too_long_for_sms(value: str) -> bool:
    # A character counts two at most: a body of 800 or fewer needs no counting.
    return len(value) > SMS_BODY_CHARS // 2 and sms_length(value)[0] > SMS_BODY_CHARS


def sms_too_long_message(value: str) -> str:
    """21617's sentence, with the count that broke the limit and why it is larger than
    Python's."""
    length, encoding = sms_length(value)
    return (
        f"The concatenated message body exceeds the 1600 character limit: it counts {length} "
        f"in {encoding} (an emoji or any character outside GSM-7 makes the whole body UCS-2, "
        "where an emoji counts two; in GSM-7 each of ^ { } [ ] ~ \\ | € counts two). Shorten it"
    )


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
