"""A number's own Messaging webhook (IncomingPhoneNumbers `SmsUrl`): a text that no conversation
takes goes there, and the TwiML `<Message>`s it answers with text the phone back.

Fields as Twilio's Messaging webhook request sends them ("Messaging Webhooks",
https://www.twilio.com/docs/messaging/guides/webhook-request); replies as TwiML `<Message>`
(https://www.twilio.com/docs/messaging/twiml/message). Offline, `SmsFallbackUrl` is not tried.
"""

from __future__ import annotations

import logging
from xml.etree import ElementTree

from sandbox.dispatch import WebhookRequest
from sandbox.engine.context import Context
from sandbox.engine.engine import Engine
from sandbox.engine.message_2010 import message_log, opt_outs
from sandbox.rows import PhoneNumber, Sms

log = logging.getLogger("sandbox.incoming_webhook")


def request(ctx: Context, number: PhoneNumber, text: Sms, media_urls: list[str]) -> WebhookRequest:
    """The signed request Twilio makes to the number's SmsUrl for an incoming text."""
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
    for position, url in enumerate(media_urls):
        fields[f"MediaUrl{position}"] = url
    return WebhookRequest(
        number.sms_url or "",
        number.sms_method,
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
