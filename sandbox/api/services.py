"""HTTP handlers of the account's Conversations Services: list, create, fetch, delete."""

from __future__ import annotations

from sandbox.api import links, representations
from sandbox.api.calls import NO_CONTENT, Call, Reply, created, ok
from sandbox.api.listing import v1_page
from sandbox.engine import services
from sandbox.rows import Service


def list_services(call: Call) -> Reply:
    request = call.page_request()
    result = services.page(call.ctx, request)
    items = [representations.service(call.account_sid, Service.from_row(r)) for r in result.rows]
    return ok(v1_page("services", links.SERVICES, [], request, result, items))


def fetch_service(call: Call) -> Reply:
    return ok(representations.service(call.account_sid, services.get(call.ctx, call.path["sid"])))


def create_service(call: Call) -> Reply:
    service = services.create(call.ctx, call.params.get("FriendlyName"))
    return created(representations.service(call.account_sid, service))


def delete_service(call: Call) -> Reply:
    services.delete(call.ctx, services.get(call.ctx, call.path["sid"]))
    return NO_CONTENT
