"""HTTP handlers of Roles: the default service's roles, and the ones the account adds."""

from __future__ import annotations

from sandbox.api import links, representations
from sandbox.api.calls import NO_CONTENT, Call, Reply, created, ok
from sandbox.api.listing import v1_page
from sandbox.engine import roles
from sandbox.rows import Role


def create_role(call: Call) -> Reply:
    p = call.params
    role = roles.create(
        call.ctx,
        friendly_name=p.get("FriendlyName"),
        type_=p.get("Type"),
        permissions=p.get_list("Permission"),
    )
    return created(representations.role(call.account_sid, role))


def list_roles(call: Call) -> Reply:
    request = call.page_request()
    result = roles.page(call.ctx, request)
    items = [representations.role(call.account_sid, Role.from_row(r)) for r in result.rows]
    return ok(v1_page("roles", links.ROLES, [], request, result, items))


def fetch_role(call: Call) -> Reply:
    return ok(representations.role(call.account_sid, roles.get(call.ctx, call.path["sid"])))


def update_role(call: Call) -> Reply:
    role = roles.get(call.ctx, call.path["sid"])
    updated = roles.update(call.ctx, role, call.params.get_list("Permission"))
    return ok(representations.role(call.account_sid, updated))


def delete_role(call: Call) -> Reply:
    roles.delete(call.ctx, roles.get(call.ctx, call.path["sid"]))
    return NO_CONTENT
