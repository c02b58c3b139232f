"""HTTP handlers of the 2010 API the kit needs: IncomingPhoneNumbers and the Messages log."""

from __future__ import annotations

from sandbox.api import render, urls
from sandbox.api.calls import NO_CONTENT, Call, Reply, created, ok
from sandbox.api.listing import v2010_page
from sandbox.engine import sms
from sandbox.errors import NotFound
from sandbox.records import PhoneNumber, Sms

MAX_2010_PAGE = 1000


def _own_account(call: Call) -> None:
    """Another account's SID in the path is a resource this account cannot see."""
    if call.path["account"] != call.account_sid:
        raise NotFound(
            f"The requested resource /2010-04-01/Accounts/{call.path['account']} was not found"
        )


def buy_number(call: Call) -> Reply:
    _own_account(call)
    p = call.params
    number = sms.buy_number(
        call.ctx,
        phone_number=p.get("PhoneNumber"),
        area_code=p.get("AreaCode"),
        friendly_name=p.get("FriendlyName"),
    )
    return created(render.phone_number(call.account_sid, number))


def fetch_number(call: Call) -> Reply:
    _own_account(call)
    return ok(render.phone_number(call.account_sid, sms.get_number(call.ctx, call.path["sid"])))


def release_number(call: Call) -> Reply:
    _own_account(call)
    sms.release_number(call.ctx, sms.get_number(call.ctx, call.path["sid"]))
    return NO_CONTENT


def list_numbers(call: Call) -> Reply:
    _own_account(call)
    request = call.params.page_request(max_size=MAX_2010_PAGE)
    phone_number = call.params.get("PhoneNumber")
    call.params.get("FriendlyName")
    result = sms.numbers_page(call.ctx, request, phone_number)
    items = [render.phone_number(call.account_sid, PhoneNumber.from_row(r)) for r in result.rows]
    uri = urls.account_uri(call.account_sid, "IncomingPhoneNumbers.json")
    filters = [("PhoneNumber", phone_number)]
    return ok(v2010_page("incoming_phone_numbers", uri, filters, request, result, items))


def fetch_sms(call: Call) -> Reply:
    _own_account(call)
    return ok(render.sms(call.account_sid, sms.get_sms(call.ctx, call.path["sid"])))


def list_sms(call: Call) -> Reply:
    _own_account(call)
    request = call.params.page_request(max_size=MAX_2010_PAGE)
    recipient, sender = call.params.get("To"), call.params.get("From")
    result = sms.sms_page(call.ctx, request, recipient, sender)
    items = [render.sms(call.account_sid, Sms.from_row(r)) for r in result.rows]
    uri = urls.account_uri(call.account_sid, "Messages.json")
    filters = [("To", recipient), ("From", sender)]
    return ok(v2010_page("messages", uri, filters, request, result, items))
