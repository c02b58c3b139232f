"""HTTP handlers of the 2010 API's Messages: the log of every SMS in or out of the account, and an
app's own texts."""

from __future__ import annotations

from sandbox.api import links, representations
from sandbox.api.calls import NO_CONTENT, Call, Reply, created, ok
from sandbox.api.listing import v2010_page
from sandbox.api.params import Params
from sandbox.engine.message_2010 import message_log, outgoing
from sandbox.engine.validation import check_sid, one_of
from sandbox.errors import InvalidParameter
from sandbox.rows import Sms

# CreateMessage's parameters that change nothing offline (delivery tuning, feedback, prices):
# each checked as the spec types it, then dropped.
NO_EFFECT_FLAGS = ("ProvideFeedback", "ForceDelivery", "SmartEncoded", "ShortenUrls", "SendAsMms")
NO_EFFECT_COUNTS = ("Attempt", "ValidityPeriod")
NO_EFFECT_CHOICES = {
    "ContentRetention": ("retain", "discard"),
    "AddressRetention": ("retain", "obfuscate"),
    "TrafficType": ("free",),
    "RiskCheck": ("enable", "disable"),
}


def _check_no_effect(p: Params) -> None:
    for name in NO_EFFECT_FLAGS:
        p.get_bool(name)
    for name in NO_EFFECT_COUNTS:
        p.get_int(name)
    for name, allowed in NO_EFFECT_CHOICES.items():
        value = p.get(name)
        if value is not None:
            one_of(name, value, allowed)
    check_sid("ApplicationSid", p.get("ApplicationSid"), "AP")
    price = p.get("MaxPrice")
    try:
        price is None or float(price)
    except ValueError as error:
        raise InvalidParameter(f"MaxPrice must be a number; got {price!r}") from error
    p.accept_unused("PersistentAction")


def create_sms(call: Call) -> Reply:
    """POST Messages.json: an app texts a phone from one of the account's numbers."""
    call.require_own_account()
    p = call.params
    _check_no_effect(p)
    extras = outgoing.Extras(
        messaging_service_sid=p.get("MessagingServiceSid"),
        media_urls=tuple(p.get_list("MediaUrl")),
        schedule_type=p.get("ScheduleType"),
        send_at=p.get("SendAt"),
        content=(p.get("ContentSid"), p.get("ContentVariables")),
    )
    sent = outgoing.send(
        call.ctx,
        sender=p.get("From"),
        recipient=p.get("To"),
        body=p.get("Body") or "",
        status_callback=p.get("StatusCallback"),
        extras=extras,
    )
    return created(representations.sms(call.account_sid, sent))


def fetch_sms(call: Call) -> Reply:
    call.require_own_account()
    return ok(
        representations.sms(call.account_sid, message_log.get_sms(call.ctx, call.path["sid"]))
    )


def update_sms(call: Call) -> Reply:
    """POST Messages/{Sid}.json: Body="" redacts the body; Status=canceled cancels a scheduled
    message."""
    call.require_own_account()
    sent = message_log.get_sms(call.ctx, call.path["sid"])
    body, status = call.params.get("Body"), call.params.get("Status")
    if status is not None:
        if status != "canceled":
            raise InvalidParameter(f"Status can only be canceled; got {status!r}")
        sent = message_log.cancel(call.ctx, sent)
    if body is not None:
        if body != "":
            raise InvalidParameter("Body can only be set to an empty string, to redact it")
        sent = message_log.redact(call.ctx, sent)
    return ok(representations.sms(call.account_sid, sent))


def delete_sms(call: Call) -> Reply:
    call.require_own_account()
    message_log.delete(call.ctx, message_log.get_sms(call.ctx, call.path["sid"]))
    return NO_CONTENT


def list_sms(call: Call) -> Reply:
    call.require_own_account()
    p = call.params
    request = call.page_request()
    recipient, sender = p.get("To"), p.get("From")
    sent_on = p.get_date_filter("DateSent")
    result = message_log.sms_page(call.ctx, request, recipient, sender, sent_on)
    items = [representations.sms(call.account_sid, Sms.from_row(r)) for r in result.rows]
    uri = links.account_uri(call.account_sid, "Messages.json")
    filters = [("To", recipient), ("From", sender)]
    filters += [(f"DateSent{'' if op == '=' else op}", value) for op, value in sent_on.items()]
    return ok(v2010_page("messages", uri, filters, request, result, items))
