"""HTTP handlers of the 2010 API's IncomingPhoneNumbers: the account's Twilio numbers."""

from __future__ import annotations

from sandbox.api import links, render
from sandbox.api.calls import NO_CONTENT, Call, Reply, created, ok
from sandbox.api.listing import MAX_2010_PAGE, v2010_page
from sandbox.engine import phone_numbers
from sandbox.records import PhoneNumber


def buy_number(call: Call) -> Reply:
    call.require_own_account()
    p = call.params
    number = phone_numbers.buy_number(
        call.ctx,
        phone_number=p.get("PhoneNumber"),
        area_code=p.get("AreaCode"),
        friendly_name=p.get("FriendlyName"),
    )
    return created(render.phone_number(call.account_sid, number))


def fetch_number(call: Call) -> Reply:
    call.require_own_account()
    number = phone_numbers.get_number(call.ctx, call.path["sid"])
    return ok(render.phone_number(call.account_sid, number))


def release_number(call: Call) -> Reply:
    call.require_own_account()
    phone_numbers.release_number(call.ctx, phone_numbers.get_number(call.ctx, call.path["sid"]))
    return NO_CONTENT


def list_numbers(call: Call) -> Reply:
    call.require_own_account()
    request = call.params.page_request(max_size=MAX_2010_PAGE)
    phone_number = call.params.get("PhoneNumber")
    call.params.accept_unused("FriendlyName")
    result = phone_numbers.numbers_page(call.ctx, request, phone_number)
    items = [render.phone_number(call.account_sid, PhoneNumber.from_row(r)) for r in result.rows]
    uri = links.account_uri(call.account_sid, "IncomingPhoneNumbers.json")
    filters = [("PhoneNumber", phone_number)]
    return ok(v2010_page("incoming_phone_numbers", uri, filters, request, result, items))
