"""Inbound SMS: a phone texts a Twilio number; the (address, proxy) pair picks the conversation."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sandbox.engine import addresses, conversations, messages, opt_outs, participants, sms
from sandbox.engine.context import Context
from sandbox.engine.pre_events import ALLOWED, Verdict
from sandbox.engine.validation import is_e164
from sandbox.errors import (
    InvalidFromNumber,
    InvalidParameter,
    InvalidToNumber,
    MessageBodyMissing,
)
from sandbox.records import Sms

MAX_BODY = 1600

log = logging.getLogger("sandbox.routing")


@dataclass(frozen=True)
class Inbound:
    """A text a phone sent, and where it went: a conversation message, or nowhere."""

    sms: Sms
    conversation_sid: str | None
    message_sid: str | None


def phone_sends(
    ctx: Context, sender: str, recipient: str, body: str, verdict: Verdict = ALLOWED
) -> Inbound:
    """A simulated phone texts a Twilio number; the pair routes it to one conversation.

    `verdict` is the pre-event webhook's: a rejected text is logged and goes no further; an
    accepted one may reach the conversation with the body, author or attributes it gave."""
    if not is_e164(sender):
        raise InvalidFromNumber(f"From {sender!r} is not a phone number in E.164 format.")
    if not is_e164(recipient):
        raise InvalidToNumber(f"To {recipient!r} is not a phone number in E.164 format.")
    owned = ctx.db.execute("SELECT 1 FROM phone_numbers WHERE phone_number = ?", (recipient,))
    if owned.fetchone() is None:
        raise InvalidToNumber(
            f"To {recipient} is not one of this account's Twilio numbers, so no text reaches it."
        )
    if not body:
        raise MessageBodyMissing("Body is required: a text needs some words.")
    if len(body) > MAX_BODY:
        raise InvalidParameter(
            f"Body is {len(body)} characters; an SMS carries {MAX_BODY} at most."
        )
    ctx.api_origin = False  # a phone did this: account-level webhooks fire without the header
    if not verdict.allowed:
        sid = sms.record(
            ctx, sender=sender, recipient=recipient, body=body, conversation_sid=None,
            direction="inbound",
        )  # fmt: skip
        opt_outs.answer(ctx, sender, recipient, body)  # Twilio applies it whatever the hook says
        log.info("text %s from %s to %s: rejected by the pre-event webhook", sid, sender, recipient)
        return Inbound(sms.get_sms(ctx, sid), None, None)
    changes = verdict.changes
    participant = participants.find_by_pair(ctx, sender, recipient)
    if participant is None:
        participant = addresses.auto_create(
            ctx, sender, recipient, friendly_name=changes.get("friendly_name")
        )
    conversation_sid = participant.conversation_sid if participant else None
    sid = sms.record(
        ctx,
        sender=sender,
        recipient=recipient,
        body=body,
        conversation_sid=conversation_sid,
        direction="inbound",
    )
    opt_outs.answer(ctx, sender, recipient, body)
    message_sid = None
    if participant is None:
        log.info("text %s from %s to %s: no conversation, no auto-creation", sid, sender, recipient)
    else:
        conversation = conversations.get(ctx, participant.conversation_sid)
        author = changes.get("author", sender)
        message = messages.create(
            ctx,
            conversation,
            author=author,
            body=changes.get("body", body),
            attributes=changes.get("attributes"),
            source="SMS",
            author_participant=participant if author == sender else None,
        )
        message_sid = message.sid
    return Inbound(sms.get_sms(ctx, sid), conversation_sid, message_sid)
