"""HTTP handlers of the account's Conversations Services and roles."""

from __future__ import annotations

from sandbox.api import render, urls
from sandbox.api.calls import Call, Reply, ok
from sandbox.api.listing import v1_page
from sandbox.engine.paging import fetch_page
from sandbox.errors import NotFound
from sandbox.records import Role, Service


def list_services(call: Call) -> Reply:
    request = call.params.page_request()
    result = fetch_page(call.ctx.db, "services", "", (), "id", request)
    items = [render.service(call.account_sid, Service.from_row(r)) for r in result.rows]
    return ok(v1_page("services", f"{urls.CONVERSATIONS}/Services", [], request, result, items))


def fetch_service(call: Call) -> Reply:
    row = call.ctx.db.execute(
        "SELECT * FROM services WHERE sid = ?", (call.path["sid"],)
    ).fetchone()
    if row is None:
        raise NotFound(f"The requested resource /Services/{call.path['sid']} was not found")
    return ok(render.service(call.account_sid, Service.from_row(row)))


def list_roles(call: Call) -> Reply:
    request = call.params.page_request()
    result = fetch_page(
        call.ctx.db, "roles", "chat_service_sid = ?", (call.ctx.service_sid,), "id", request
    )
    items = [render.role(call.account_sid, Role.from_row(r)) for r in result.rows]
    return ok(v1_page("roles", f"{urls.CONVERSATIONS}/Roles", [], request, result, items))


def fetch_role(call: Call) -> Reply:
    row = call.ctx.db.execute("SELECT * FROM roles WHERE sid = ?", (call.path["sid"],)).fetchone()
    if row is None:
        raise NotFound(f"The requested resource /Roles/{call.path['sid']} was not found")
    return ok(render.role(call.account_sid, Role.from_row(row)))
