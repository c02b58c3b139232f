"""The Messaging webhook of a text that no conversation takes: the number's own `SmsUrl`
(IncomingPhoneNumbers), or, for a number in a Messaging Service's sender pool, the service's
`InboundRequestUrl` unless the service sets `UseInboundWebhookOnNumber`; the TwiML
`<Message>`s it answers with text the phone back.

Fields as Twilio's Messaging webhook request sends them ("Messaging Webhooks",
https://www.twilio.com/docs/messaging/guides/webhook-request); replies as TwiML `<Message>`
(https://www.twilio.com/docs/messaging/twiml/message). Offline, `SmsFallbackUrl` is not tried.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from xml.etree import ElementTree

from sandbox.dispatch import WebhookRequest
from sandbox.engine import messaging_services
from sandbox.engine.context import Context
from sandbox.engine.engine import Engine
from sandbox.engine.message_2010 import message_log, opt_outs
from sandbox.rows import PhoneNumber, Sms

log = logging.getLogger("sandbox.incoming_webhook")


@dataclass(frozen=True)
class Target:
    """Where a number's incoming texts go: a URL, its method, the setting that named it (the log
    says that, never the URL, which may hold a password), and the Messaging Service whose pool
    holds the number (None: in none)."""

    url: str
    method: str
    setting: str
    service_sid: str | None = None


def target(ctx: Context, number: PhoneNumber) -> Target | None:
    """The webhook Twilio calls for a text to `number` that no conversation takes, if any."""
    service = messaging_services.of_number(ctx, number.sid)
    own = messaging_services.inbound_webhook(service) if service else None
    service_sid = service.sid if service else None
    if own is not None:
        return Target(*own, "its Messaging Service's InboundRequestUrl", service_sid)
    if number.sms_url:
        return Target(number.sms_url, number.sms_method, "the number's SmsUrl", service_sid)
    return None


def request(ctx: Context, webhook: Target, text: Sms, media_urls: list[str]) -> WebhookRequest:
    """The signed request Twilio makes to a number's webhook for an incoming text."""
    fields = {
        "MessageSid": text.sid,
        "SmsSid": text.sid,
        "SmsMessageSid": text.sid,
        "AccountSid": ctx.account_sid,
        "From": text.sender,
        "To": text.recipient,
        "Body": text.body,
        "NumMedia": str(len(media_urls)),
        "NumSegments": "1",
        "SmsStatus": "received",
        "ApiVersion": "2010-04-01",
    }
    if webhook.service_sid is not None:
        fields["MessagingServiceSid"] = webhook.service_sid
    for position, url in enumerate(media_urls):
        fields[f"MediaUrl{position}"] = url
    return WebhookRequest(
        webhook.url,
        webhook.method,
        fields,
        conversations=False,
        reply=(text.recipient, text.sender),
    )


def replies(answer: bytes) -> list[str]:
    """The bodies of TwiML's `<Response><Message>` (text, or its `<Body>`); none if the answer
    is empty or not TwiML."""
    if not answer.strip():
        return []
    try:
        root = ElementTree.fromstring(answer)
    except ElementTree.ParseError:
        log.warning("SmsUrl answered something that is not TwiML: no reply sent")
        return []
    if root.tag != "Response":
        return []
    bodies = []
    for message in root.iter("Message"):
        body = message.find("Body")
        text = (body.text if body is not None else message.text) or ""
        if text.strip():
            bodies.append(text.strip())
    return bodies


def reply(engine: Engine, pair: tuple[str, str], answer: bytes) -> None:
    """Text each `<Message>` from the Twilio number to the phone, unless the phone opted out
    (Twilio refuses those with 21610)."""
    twilio_number, phone = pair
    bodies = replies(answer)
    if not bodies:
        return
    with engine.session() as ctx:
        if opt_outs.blocked(ctx, [(phone, twilio_number)]):
            log.info("SmsUrl reply to %s not sent: it opted out of %s", phone, twilio_number)
            return
        for body in bodies:
            message_log.add(
                ctx,
                sender=twilio_number,
                recipient=phone,
                body=body,
                conversation_sid=None,
                direction="outbound-reply",
            )
