"""HTTP handlers of Users: the chat identities of the default Conversations Service."""

from __future__ import annotations

from sandbox.api import links, representations
from sandbox.api.calls import NO_CONTENT, Call, Reply, asks, created, ok
from sandbox.api.listing import v1_page
from sandbox.engine import pre_events, users


def create_user(call: Call) -> Reply:
    p = call.params
    user = users.create_user(
        call.ctx,
        identity=p.get("Identity"),
        friendly_name=p.get("FriendlyName"),
        attributes=p.get("Attributes"),
        role_sid=p.get("RoleSid"),
    )
    return created(representations.user(call.account_sid, user))


def list_users(call: Call) -> Reply:
    request = call.page_request()
    found, result = users.page(call.ctx, request)
    items = [representations.user(call.account_sid, u) for u in found]
    return ok(v1_page("users", links.USERS, [], request, result, items))


def fetch_user(call: Call) -> Reply:
    return ok(representations.user(call.account_sid, users.get_user(call.ctx, call.path["sid"])))


@asks(lambda call: pre_events.user_update(users.get_user(call.ctx, call.path["sid"])))
def update_user(call: Call) -> Reply:
    p = call.params
    user = users.update_user(
        call.ctx,
        users.get_user(call.ctx, call.path["sid"]),
        friendly_name=p.get("FriendlyName"),
        attributes=p.get("Attributes"),
        role_sid=p.get("RoleSid"),
    )
    return ok(representations.user(call.account_sid, user))


def delete_user(call: Call) -> Reply:
    users.delete_user(call.ctx, users.get_user(call.ctx, call.path["sid"]))
    return NO_CONTENT
