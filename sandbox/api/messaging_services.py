"""HTTP handlers of Messaging Services (messaging.twilio.com/v1/Services) and their sender pools
(`…/Services/{ServiceSid}/PhoneNumbers`)."""

from __future__ import annotations

from sandbox.api import links, representations
from sandbox.api.calls import NO_CONTENT, Call, Reply, created, ok
from sandbox.api.listing import v1_page
from sandbox.api.params import parameter_name
from sandbox.engine import messaging_services
from sandbox.engine.messaging_services import DEFAULTS, FLAGS, Settings
from sandbox.rows import MessagingService, PoolNumber

PARAMETERS = {parameter_name(field): field for field in DEFAULTS}


def _settings(call: Call) -> Settings:
    """The settings the request gives: flags as booleans, ValidityPeriod a number, the rest text."""
    given: Settings = {}
    for parameter, field in PARAMETERS.items():
        value: str | bool | int | None
        if field in FLAGS:
            value = call.params.get_bool(parameter)
        elif field == "validity_period":
            value = call.params.get_int(parameter)
        else:
            value = call.params.get(parameter)
        if value is not None:
            given[field] = value
    return given


def _service(call: Call, name: str = "sid") -> MessagingService:
    return messaging_services.get(call.ctx, call.path[name])


def list_services(call: Call) -> Reply:
    request = call.page_request()
    result = messaging_services.page(call.ctx, request)
    items = [
        representations.messaging_service(call.account_sid, MessagingService.from_row(row))
        for row in result.rows
    ]
    return ok(v1_page("services", links.MESSAGING_SERVICES, [], request, result, items))


def create_service(call: Call) -> Reply:
    made = messaging_services.create(call.ctx, call.params.get("FriendlyName"), _settings(call))
    return created(representations.messaging_service(call.account_sid, made))


def fetch_service(call: Call) -> Reply:
    return ok(representations.messaging_service(call.account_sid, _service(call)))


def update_service(call: Call) -> Reply:
    service = _service(call)
    friendly_name = call.params.get("FriendlyName")
    updated = messaging_services.update(call.ctx, service, friendly_name, _settings(call))
    return ok(representations.messaging_service(call.account_sid, updated))


def delete_service(call: Call) -> Reply:
    messaging_services.delete(call.ctx, _service(call))
    return NO_CONTENT


def list_numbers(call: Call) -> Reply:
    service = _service(call, "service")
    request = call.page_request()
    result = messaging_services.pool_page(call.ctx, service, request)
    items = [
        representations.pool_number(call.account_sid, PoolNumber.from_row(row))
        for row in result.rows
    ]
    url = f"{links.MESSAGING_SERVICES}/{service.sid}/PhoneNumbers"
    return ok(v1_page("phone_numbers", url, [], request, result, items))


def add_number(call: Call) -> Reply:
    """201 with the number added; 200 with it as it was, when it is already in this pool."""
    service = _service(call, "service")
    number, added = messaging_services.add_number(
        call.ctx, service, call.params.get("PhoneNumberSid")
    )
    body = representations.pool_number(call.account_sid, number)
    return created(body) if added else ok(body)


def fetch_number(call: Call) -> Reply:
    service = _service(call, "service")
    number = messaging_services.get_number(call.ctx, service, call.path["sid"])
    return ok(representations.pool_number(call.account_sid, number))


def remove_number(call: Call) -> Reply:
    service = _service(call, "service")
    messaging_services.remove_number(
        call.ctx, messaging_services.get_number(call.ctx, service, call.path["sid"])
    )
    return NO_CONTENT
