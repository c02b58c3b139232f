"""An app's own text (the 2010 API's CreateMessage): Twilio's checks, the log, status callbacks."""

from __future__ import annotations

from sandbox.engine import opt_outs, phone_numbers, sms
from sandbox.engine.context import Context
from sandbox.engine.validation import is_e164
from sandbox.engine.webhooks import Delivery
from sandbox.errors import (
    FromNotOwned,
    FromRequired,
    InvalidToNumber,
    SmsBodyRequired,
    SmsBodyTooLong,
    ToRequired,
    Unsubscribed,
)
from sandbox.records import Sms

MAX_BODY = 1600  # characters (https://www.twilio.com/docs/api/errors/21617)


def check(sender: str | None, recipient: str | None, body: str, has_media: bool) -> tuple[str, str]:
    """What Twilio refuses before anything is sent, in its order: To, From, Body."""
    if not recipient:
        raise ToRequired()
    if not is_e164(recipient):
        raise InvalidToNumber(f"The 'To' number {recipient} is not a valid phone number")
    if not sender:
        raise FromRequired()
    if not body and not has_media:
        raise SmsBodyRequired()
    if len(body) > MAX_BODY:
        raise SmsBodyTooLong()
    return sender, recipient


def send(
    ctx: Context,
    sender: str | None,
    recipient: str | None,
    body: str,
    media: tuple[str, ...] = (),
    status_callback: str | None = None,
) -> Sms:
    """CreateMessage: an app's own text from one of the account's numbers to a phone. It reaches
    the simulated phone at once; `status_callback` hears `sent`, then its carrier's report."""
    sender, recipient = check(sender, recipient, body, bool(media))
    if not phone_numbers.is_owned(ctx, sender):
        raise FromNotOwned(
            f"The From phone number {sender} is not a valid, SMS-capable inbound phone number "
            "or short code for your account"
        )
    if opt_outs.blocked(ctx, [(recipient, sender)]):
        raise Unsubscribed()
    sid = sms.record(
        ctx,
        sender=sender,
        recipient=recipient,
        body=body,
        conversation_sid=None,
        media=media,
        status_callback=status_callback,
    )
    sent = sms.get_sms(ctx, sid)
    if status_callback:
        ctx.callbacks.append(status_update(ctx, sent))
    return sent


def status_update(ctx: Context, sent: Sms) -> Delivery:
    """A status callback as Twilio's Messaging posts it ("Track the Message Status of Outbound
    Messages", https://www.twilio.com/docs/messaging/guides/track-outbound-message-status):
    `sent` at once, then what the carrier reports (engine/carriers.py), with its ErrorCode."""
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
    return Delivery(sent.status_callback or "", "POST", fields, conversations=False)
