"""Push bindings: the devices registered for push notifications in a Conversations Service.

Twilio makes a binding when a Conversations SDK client registers a device token; the REST API only
lists, fetches and deletes them
(https://www.twilio.com/docs/conversations/api/service-binding-resource). The sandbox's own endpoint
registers one as such a device would; offline nothing is ever pushed.
"""

from __future__ import annotations

import json

from sandbox.engine import credentials
from sandbox.engine.context import Context
from sandbox.engine.paging import PageRequest, PageResult, fetch_page
from sandbox.engine.validation import one_of
from sandbox.errors import InvalidParameter, NotFound
from sandbox.rows import PushBinding
from sandbox.sids import new_sid

TYPES = ("apn", "gcm", "fcm", "twilsock")  # twilsock: the SDK's own connection
# What a client subscribes to unless it says otherwise: the push types of
# https://www.twilio.com/docs/conversations/push-notification-configuration
MESSAGE_TYPES = ("new_message", "added_to_conversation", "removed_from_conversation")


def register(
    ctx: Context,
    *,
    identity: str | None,
    binding_type: str | None,
    address: str | None,
    credential_sid: str | None,
    message_types: list[str],
) -> PushBinding:
    """A device's registration; registering the same device again replaces its binding."""
    if not identity:
        raise InvalidParameter("Identity is required: the user the device belongs to")
    if not address:
        raise InvalidParameter("Address is required: the device's push token")
    one_of("BindingType", binding_type or "", TYPES)
    for kind in message_types:
        one_of("MessageTypes", kind, MESSAGE_TYPES)
    if credential_sid:
        _known_credential(ctx, credential_sid)
    now, sid = ctx.now(), new_sid("BS")
    ctx.db.execute(
        "DELETE FROM bindings WHERE chat_service_sid = ? AND endpoint = ?",
        (ctx.service_sid, address),
    )
    ctx.db.execute(
        "INSERT INTO bindings (sid, chat_service_sid, credential_sid, endpoint, identity,"
        " binding_type, message_types, date_created, date_updated) VALUES (?,?,?,?,?,?,?,?,?)",
        (sid, ctx.service_sid, credential_sid, address, identity, binding_type,
         json.dumps(message_types or list(MESSAGE_TYPES)), now, now),
    )  # fmt: skip
    return get(ctx, sid)


def _known_credential(ctx: Context, sid: str) -> None:
    """A credential named in the request's body, not its path: an unknown one is a bad
    parameter (400), not a 404 that would name the registration endpoint as missing."""
    try:
        credentials.get(ctx, sid)
    except NotFound as error:
        message = f"CredentialSid {sid} is not a credential of this account"
        raise InvalidParameter(message) from error


def get(ctx: Context, sid: str) -> PushBinding:
    row = ctx.db.execute(
        "SELECT * FROM bindings WHERE sid = ? AND chat_service_sid = ?", (sid, ctx.service_sid)
    ).fetchone()
    if row is None:
        raise NotFound(
            f"The requested resource /Services/{ctx.service_sid}/Bindings/{sid} was not found"
        )
    return PushBinding.from_row(row)


def delete(ctx: Context, binding: PushBinding) -> None:
    ctx.db.execute("DELETE FROM bindings WHERE sid = ?", (binding.sid,))


def page(
    ctx: Context, request: PageRequest, *, types: list[str], identities: list[str]
) -> PageResult:
    """Filtered by binding type and identity (each a list: any of them), as ListServiceBinding."""
    for kind in types:
        one_of("BindingType", kind, TYPES)
    where, params = ["chat_service_sid = ?"], [ctx.service_sid]
    for column, values in (("binding_type", types), ("identity", identities)):
        if values:
            where.append(f"{column} IN ({', '.join('?' * len(values))})")
            params += values
    return fetch_page(ctx.db, "bindings", " AND ".join(where), params, "id", request)
