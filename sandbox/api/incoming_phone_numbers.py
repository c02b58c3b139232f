"""HTTP handlers of the 2010 API's IncomingPhoneNumbers: the account's Twilio numbers."""

from __future__ import annotations

from sandbox.api import links, representations
from sandbox.api.calls import NO_CONTENT, Call, Reply, created, ok
from sandbox.api.listing import v2010_page
from sandbox.api.params import parameter_name
from sandbox.engine import incoming_phone_numbers
from sandbox.engine.incoming_phone_numbers import DEFAULTS, Settings
from sandbox.rows import PhoneNumber

PARAMETERS = {parameter_name(field): field for field in DEFAULTS}


def _settings(call: Call) -> Settings:
    """The settings the request gives (VoiceCallerIdLookup is a boolean, the rest text)."""
    given: Settings = {}
    for parameter, field in PARAMETERS.items():
        value = (
            call.params.get_bool(parameter)
            if parameter == "VoiceCallerIdLookup"
            else call.params.get(parameter)
        )
        if value is not None:
            given[field] = value
    return given


def buy_number(call: Call) -> Reply:
    call.require_own_account()
    p = call.params
    number = incoming_phone_numbers.buy_number(
        call.ctx,
        phone_number=p.get("PhoneNumber"),
        area_code=p.get("AreaCode"),
        friendly_name=p.get("FriendlyName"),
        settings=_settings(call),
    )
    return created(representations.phone_number(call.account_sid, number))


def fetch_number(call: Call) -> Reply:
    call.require_own_account()
    number = incoming_phone_numbers.get_number(call.ctx, call.path["sid"])
    return ok(representations.phone_number(call.account_sid, number))


def update_number(call: Call) -> Reply:
    call.require_own_account()
    number = incoming_phone_numbers.get_number(call.ctx, call.path["sid"])
    updated = incoming_phone_numbers.update_number(
        call.ctx, number, call.params.get("FriendlyName"), _settings(call)
    )
    return ok(representations.phone_number(call.account_sid, updated))


def release_number(call: Call) -> Reply:
    call.require_own_account()
    incoming_phone_numbers.release_number(
        call.ctx, incoming_phone_numbers.get_number(call.ctx, call.path["sid"])
    )
    return NO_CONTENT


def list_numbers(call: Call) -> Reply:
    call.require_own_account()
    request = call.page_request()
    phone_number, friendly_name = call.params.get("PhoneNumber"), call.params.get("FriendlyName")
    call.params.get_bool("Beta")  # every sandbox number is a Twilio one, none new: no filter
    call.params.accept_unused("Origin")
    result = incoming_phone_numbers.numbers_page(call.ctx, request, phone_number, friendly_name)
    items = [
        representations.phone_number(call.account_sid, PhoneNumber.from_row(r)) for r in result.rows
    ]
    uri = links.account_uri(call.account_sid, "IncomingPhoneNumbers.json")
    filters = [("PhoneNumber", phone_number), ("FriendlyName", friendly_name)]
    return ok(v2010_page("incoming_phone_numbers", uri, filters, request, result, items))
