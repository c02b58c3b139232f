"""An app's own text (the 2010 API's CreateMessage): Twilio's checks, the log, status callbacks,
and what a Messaging Service, media by URL and Message Scheduling change offline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sandbox.clock import iso, parse_iso
from sandbox.dispatch import WebhookRequest
from sandbox.engine import incoming_phone_numbers, limits, messaging_services
from sandbox.engine.context import Context
from sandbox.engine.message_2010 import message_log, opt_outs
from sandbox.engine.message_2010.message_log import AppOptions
from sandbox.engine.validation import MOMENT, check_content, is_e164
from sandbox.errors import (
    FromNotOwned,
    FromRequired,
    InvalidMediaUrl,
    InvalidMessagingService,
    InvalidParameter,
    InvalidToNumber,
    ScheduleTypeUnsupported,
    SchedulingNeedsMessagingService,
    SendAtMissing,
    SendAtOutOfRange,
    SmsBodyRequired,
    SmsBodyTooLong,
    TooManyMedia,
    ToRequired,
    Unsubscribed,
)
from sandbox.rows import MessagingService, Sms
from sandbox.sids import is_sid

MAX_MEDIA_URLS = 10  # the spec's MediaUrl; more: https://www.twilio.com/docs/api/errors/21623
# SendAt's window (https://www.twilio.com/docs/api/errors/35114: 300 s to 35 days ahead)
SOONEST, LATEST = timedelta(seconds=300), timedelta(days=35)


@dataclass(frozen=True)
class Extras:
    """CreateMessage's parameters beyond From, To and Body, as given."""

    messaging_service_sid: str | None = None
    media_urls: tuple[str, ...] = ()
    schedule_type: str | None = None
    send_at: str | None = None
    content: tuple[str | None, str | None] = (None, None)  # ContentSid, ContentVariables


def check(
    sender: str | None, recipient: str | None, body: str, has_content: bool
) -> tuple[str, str]:
    """What Twilio refuses before anything is sent, in its order: To, From, Body."""
    if not recipient:
        raise ToRequired()
    if not is_e164(recipient):
        raise InvalidToNumber(f"The 'To' number {recipient} is not a valid phone number")
    if not sender:
        raise FromRequired()
    if not body and not has_content:
        raise SmsBodyRequired()
    if limits.too_long_for_sms(body):
        raise SmsBodyTooLong(limits.sms_too_long_message(body))
    return sender, recipient


def _service(ctx: Context, service_sid: str | None) -> MessagingService | None:
    """The Messaging Service named: a malformed SID is 21705
    (https://www.twilio.com/docs/api/errors/21705), one the account lacks 21701."""
    if service_sid is None:
        return None
    if not is_sid(service_sid, "MG"):
        raise InvalidMessagingService(
            f"The Messaging Service {service_sid!r} is invalid: its SID is MG and 32 hex digits"
        )
    return messaging_services.known(ctx, service_sid)


def _sender(
    ctx: Context, sender: str | None, recipient: str | None, service: MessagingService | None
) -> str | None:
    """From, or with a Messaging Service and no From, the number of its sender pool that
    Twilio picks (https://www.twilio.com/docs/messaging/services; `sender_for`)."""
    if service is None or sender:
        return sender
    return messaging_services.sender_for(ctx, service, recipient or "")


def _media_urls(urls: tuple[str, ...]) -> tuple[str, ...]:
    """MediaUrl: up to ten http(s) URLs, kept as given; the sandbox fetches none
    (https://www.twilio.com/docs/api/errors/21620)."""
    if len(urls) > MAX_MEDIA_URLS:
        raise TooManyMedia(f"Number of media files exceeds allowed limit of {MAX_MEDIA_URLS}")
    for url in urls:
        if not url.startswith(("http://", "https://")):
            raise InvalidMediaUrl(f"Invalid media URL: {url!r} has no http:// or https://")
    return urls


def _send_at(ctx: Context, extras: Extras) -> str | None:
    """Message Scheduling's rules (https://www.twilio.com/docs/messaging/features/
    message-scheduling): ScheduleType `fixed` with SendAt (35111), a Messaging Service (35118),
    SendAt 300 s to 35 days ahead in UTC ISO 8601 (35114), no other ScheduleType (35126)."""
    if extras.schedule_type is None:
        if extras.send_at:  # docs silent: refused rather than sent now when meant for later
            raise InvalidParameter("SendAt schedules a message only with ScheduleType=fixed")
        return None
    if extras.schedule_type != "fixed":
        raise ScheduleTypeUnsupported(
            f"ScheduleType {extras.schedule_type!r} is not supported: use fixed"
        )
    if not extras.send_at:
        raise SendAtMissing()
    if extras.messaging_service_sid is None:
        raise SchedulingNeedsMessagingService()
    when = parse_iso(extras.send_at) if MOMENT.fullmatch(extras.send_at) else None
    now = ctx.clock.now()
    if when is None or not now + SOONEST <= when <= now + LATEST:
        raise SendAtOutOfRange(
            f"SendAt must be between 300 seconds and 35 days ahead, in UTC as "
            f"YYYY-MM-DDTHH:MM:SSZ; got {extras.send_at!r}"
        )
    return iso(when)


def send(
    ctx: Context,
    sender: str | None,
    recipient: str | None,
    body: str,
    media: tuple[str, ...] = (),
    status_callback: str | None = None,
    extras: Extras = Extras(),
) -> Sms:
    """CreateMessage: an app's own text from one of the account's numbers to a phone. Created
    `queued` (`accepted` through a Messaging Service), it is sent at once after (or at its
    SendAt); `status_callback` hears `sent`, then its carrier's report. A ContentSid is checked
    and taken; no template is filled in offline."""
    media_urls = _media_urls(extras.media_urls)
    service = _service(ctx, extras.messaging_service_sid)
    sender = _sender(ctx, sender, recipient, service)
    if service is not None and status_callback is None:  # the service's, as its page says
        status_callback = messaging_services.status_callback(service)
    content_sid, variables = extras.content
    if content_sid is not None or variables is not None:
        check_content(content_sid, variables)
    has_content = bool(media or media_urls or content_sid)
    sender, recipient = check(sender, recipient, body, has_content)
    send_at = _send_at(ctx, extras)
    if not incoming_phone_numbers.is_owned(ctx, sender):
        raise FromNotOwned(
            f"Mismatch between the 'From' number {sender} and the account {ctx.account_sid}: it "
            "is not one of this account's Twilio numbers. Send from one of them "
            "(client.incoming_phone_numbers.list()), or buy it first"
        )
    if opt_outs.blocked(ctx, [(recipient, sender)]):
        raise Unsubscribed()
    sent = message_log.add(
        ctx,
        sender=sender,
        recipient=recipient,
        body=body,
        conversation_sid=None,
        media=media,
        status_callback=status_callback,
        app=AppOptions(extras.messaging_service_sid, media_urls, send_at),
    )
    if service is not None:
        messaging_services.remember_sender(ctx, service, recipient, sender)
    return sent  # no status callback for the initial status, as on Twilio


def status_update(ctx: Context, sent: Sms) -> WebhookRequest:
    """A status callback as Twilio's Messaging posts it ("Track the Message Status of Outbound
    Messages", https://www.twilio.com/docs/messaging/guides/track-outbound-message-status):
    `sent` at once, then what the carrier reports (`carrier_reports`), with its ErrorCode."""
    status = sent.status
    fields = {
        "MessageSid": sent.sid,
        "SmsSid": sent.sid,
        "AccountSid": ctx.account_sid,
        "From": sent.sender,
        "To": sent.recipient,
        "MessageStatus": status,
        "SmsStatus": status,
        "ApiVersion": "2010-04-01",
    }
    if sent.error_code is not None:
        fields["ErrorCode"] = str(sent.error_code)
    return WebhookRequest(sent.status_callback or "", "POST", fields, conversations=False)
