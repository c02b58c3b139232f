"""Inbound SMS: a phone texts a Twilio number; the (address, proxy) pair picks the conversation."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sandbox.engine import (
    address_configurations,
    conversations,
    group_mms,
    incoming_phone_numbers,
    limits,
    media,
    messages,
    participants,
)
from sandbox.engine.context import Context
from sandbox.engine.message_2010 import incoming_webhook, message_log, opt_outs
from sandbox.engine.pre_events import ALLOWED, Verdict
from sandbox.engine.validation import is_e164
from sandbox.errors import (
    InvalidFromNumber,
    InvalidParameter,
    InvalidToNumber,
    MessageBodyMissing,
)
from sandbox.rows import Message, Participant, Sms

log = logging.getLogger("sandbox.routing")


@dataclass(frozen=True)
class Inbound:
    """A text a phone sent, and where it went: a conversation message, or nowhere."""

    sms: Sms
    conversation_sid: str | None
    message_sid: str | None


def phone_sends(
    ctx: Context,
    sender: str,
    recipient: str,
    body: str,
    verdict: Verdict = ALLOWED,
    media_sids: tuple[str, ...] = (),
) -> Inbound:
    """A simulated phone texts a Twilio number (an MMS with media uploaded first); the pair
    routes it to one conversation.

    `verdict` is the pre-event webhook's: a rejected text is logged and goes no further; an
    accepted one may reach the conversation with the body, author or attributes it gave."""
    _check_text(ctx, sender, recipient, body, media_sids)
    ctx.api_origin = False  # a phone did this: account-level webhooks fire without the header
    if not verdict.allowed:
        text = _log_inbound(ctx, sender, recipient, body, None, media_sids)
        log.info(
            "text %s from %s to %s: rejected by the pre-event webhook", text.sid, sender, recipient
        )
        return Inbound(text, None, None)
    participant = _route(ctx, sender, recipient, verdict.changes)
    conversation_sid = participant.conversation_sid if participant else None
    text = _log_inbound(ctx, sender, recipient, body, conversation_sid, media_sids)
    if participant is None:
        number = incoming_phone_numbers.find_number(ctx, recipient)
        webhook = incoming_webhook.target(ctx, number) if number is not None else None
        if webhook is not None:
            urls = [f"{media.url(ctx.service_sid, sid)}/Content" for sid in media_sids]
            ctx.callbacks.append(incoming_webhook.request(ctx, webhook, text, urls))
            log.info("text %s from %s to %s: to %s", text.sid, sender, recipient, webhook.setting)
        else:
            log.info(
                "text %s from %s to %s: no conversation, no webhook", text.sid, sender, recipient
            )
        return Inbound(text, None, None)
    message = _post(ctx, participant, sender, body, verdict.changes, media_sids)
    return Inbound(text, conversation_sid, message.sid)


def phone_texts_group(
    ctx: Context, sender: str, recipients: list[str], body: str, verdict: Verdict = ALLOWED
) -> Inbound:
    """A phone texts a group: a Twilio number and other phones. The carrier delivers it to each;
    Twilio receives one MMS, logged once at its (first) number, and routes it to the open
    Group MMS whose members are exactly the sender and these recipients (Twilio's Group
    Texting guide: a group text is its member list)."""
    for recipient in recipients:
        if not is_e164(recipient):
            raise InvalidToNumber(f"To {recipient!r} is not a phone number in E.164 format")
    if len(set(recipients)) != len(recipients) or sender in recipients:
        raise InvalidParameter("To lists each member of the group once, the sender not among them")
    twilio_numbers = [r for r in recipients if incoming_phone_numbers.is_owned(ctx, r)]
    if not twilio_numbers:
        raise InvalidToNumber(
            "None of the To numbers is one of this account's Twilio numbers, so Twilio never "
            "sees this group text"
        )
    _check_text(ctx, sender, twilio_numbers[0], body, ())
    ctx.api_origin = False
    found = group_mms.conversation_of(ctx, sender, recipients) if verdict.allowed else None
    conversation_sid = found[0] if found else None
    group = [sender, *recipients]
    text = message_log.add(
        ctx, sender=sender, recipient=twilio_numbers[0], body=body,
        conversation_sid=conversation_sid, direction="inbound", group=group,
    )  # fmt: skip
    if found is None:
        log.info("group text %s from %s: no Group MMS has these members", text.sid, sender)
        return Inbound(text, None, None)
    conversation = conversations.get(ctx, found[0])
    message = messages.create(
        ctx,
        conversation,
        author=verdict.changes.get("author", sender),
        body=verdict.changes.get("body", body),
        attributes=verdict.changes.get("attributes"),
        source="SMS",
        carrier_delivered=True,
    )
    return Inbound(text, conversation_sid, message.sid)


def _check_text(
    ctx: Context, sender: str, recipient: str, body: str, media_sids: tuple[str, ...]
) -> None:
    """A text needs two E.164 numbers, the second one of the account's, and a body of 1 to 1,600
    in its encoding's units (or media)."""
    if not is_e164(sender):
        raise InvalidFromNumber(f"From {sender!r} is not a phone number in E.164 format")
    if not is_e164(recipient):
        raise InvalidToNumber(f"To {recipient!r} is not a phone number in E.164 format")
    if not incoming_phone_numbers.is_owned(ctx, recipient):
        raise InvalidToNumber(
            f"To {recipient} is not one of this account's Twilio numbers, so no text reaches it"
        )
    if not body and not media_sids:
        raise MessageBodyMissing("Body is required: a text needs some words (or a MediaSid)")
    for sid in media_sids:
        media.get(ctx, sid)
    if limits.too_long_for_sms(body):
        length, encoding = limits.sms_length(body)
        raise InvalidParameter(
            f"Body counts {length} in {encoding}; an SMS carries {limits.SMS_BODY_CHARS} at most"
        )


def _route(
    ctx: Context, sender: str, recipient: str, changes: dict[str, str]
) -> Participant | None:
    """The participant the pair belongs to, or one an address configuration auto-creates."""
    participant = participants.find_by_pair(ctx, sender, recipient)
    if participant is None:
        participant = address_configurations.auto_create(
            ctx, sender, recipient, friendly_name=changes.get("friendly_name")
        )
    return participant


def _log_inbound(
    ctx: Context,
    sender: str,
    recipient: str,
    body: str,
    conversation_sid: str | None,
    media_sids: tuple[str, ...],
) -> Sms:
    """The text in the Messaging log, and Twilio's answer if it is an opt-out, opt-in or help
    keyword: Twilio's messaging applies it whatever a webhook or a conversation does with it."""
    text = message_log.add(
        ctx,
        sender=sender,
        recipient=recipient,
        body=body,
        conversation_sid=conversation_sid,
        direction="inbound",
        media=media_sids,
    )
    opt_outs.answer(ctx, sender, recipient, body)
    return text


def _post(
    ctx: Context,
    participant: Participant,
    sender: str,
    body: str,
    changes: dict[str, str],
    media_sids: tuple[str, ...],
) -> Message:
    """The text as a message of the participant's conversation, as the verdict changed it."""
    conversation = conversations.get(ctx, participant.conversation_sid)
    author = changes.get("author", sender)
    return messages.create(
        ctx,
        conversation,
        author=author,
        body=changes.get("body", body),
        attributes=changes.get("attributes"),
        source="SMS",
        author_participant=participant if author == sender else None,
        media_sids=media_sids,
    )
