"""HTTP handlers for Users, Roles (create/update/delete) and ConversationWithParticipants."""

from __future__ import annotations

from typing import Any

from sandbox.api import render, urls
from sandbox.api.calls import NO_CONTENT, Call, Reply, created, ok
from sandbox.api.conversations import conversation_fields
from sandbox.api.listing import v1_page
from sandbox.engine import batch, users
from sandbox.engine.paging import fetch_page
from sandbox.engine.users import User

USERS_URL = f"{urls.CONVERSATIONS}/Users"


def render_user(account_sid: str, user: User) -> dict[str, Any]:
    url = f"{USERS_URL}/{user.sid}"
    return {
        "sid": user.sid,
        "account_sid": account_sid,
        "chat_service_sid": user.chat_service_sid,
        "role_sid": user.role_sid,
        "identity": user.identity,
        "friendly_name": user.friendly_name,
        "attributes": user.attributes,
        "is_online": None,
        "is_notifiable": None,
        "date_created": user.date_created,
        "date_updated": user.date_updated,
        "url": url,
        "links": {"user_conversations": f"{url}/Conversations"},
    }


def create_user(call: Call) -> Reply:
    p = call.params
    user = users.create_user(
        call.ctx,
        identity=p.get("Identity"),
        friendly_name=p.get("FriendlyName"),
        attributes=p.get("Attributes"),
        role_sid=p.get("RoleSid"),
    )
    return created(render_user(call.account_sid, user))


def list_users(call: Call) -> Reply:
    request = call.params.page_request()
    result = fetch_page(call.ctx.db, "users", "", (), "id", request)
    items = [render_user(call.account_sid, users.get_user(call.ctx, r["sid"])) for r in result.rows]
    return ok(v1_page("users", USERS_URL, [], request, result, items))


def fetch_user(call: Call) -> Reply:
    return ok(render_user(call.account_sid, users.get_user(call.ctx, call.path["sid"])))


def update_user(call: Call) -> Reply:
    p = call.params
    user = users.update_user(
        call.ctx,
        users.get_user(call.ctx, call.path["sid"]),
        friendly_name=p.get("FriendlyName"),
        attributes=p.get("Attributes"),
        role_sid=p.get("RoleSid"),
    )
    return ok(render_user(call.account_sid, user))


def delete_user(call: Call) -> Reply:
    users.delete_user(call.ctx, users.get_user(call.ctx, call.path["sid"]))
    return NO_CONTENT


def create_role(call: Call) -> Reply:
    p = call.params
    role = users.create_role(
        call.ctx,
        friendly_name=p.get("FriendlyName"),
        type_=p.get("Type"),
        permissions=p.get_list("Permission"),
    )
    return created(render.role(call.account_sid, role))


def update_role(call: Call) -> Reply:
    role = users.get_role(call.ctx, call.path["sid"])
    updated = users.update_role(call.ctx, role, call.params.get_list("Permission"))
    return ok(render.role(call.account_sid, updated))


def delete_role(call: Call) -> Reply:
    users.delete_role(call.ctx, users.get_role(call.ctx, call.path["sid"]))
    return NO_CONTENT


def create_conversation_with_participants(call: Call) -> Reply:
    p = call.params
    p.get("DateCreated")
    p.get("DateUpdated")
    p.get("Bindings.Email.Address")
    p.get("Bindings.Email.Name")
    conversation = batch.create(call.ctx, conversation_fields(call), p.get_list("Participant"))
    body = render.conversation(call.account_sid, conversation)
    body["bindings"] = None
    return created(body)
