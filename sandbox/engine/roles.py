"""Roles: the service and conversation roles of a Conversations Service (the request's)."""

from __future__ import annotations

import json

from sandbox.engine.context import Context
from sandbox.engine.paging import PageRequest, PageResult, fetch_page
from sandbox.engine.validation import one_of
from sandbox.errors import InvalidParameter, NotFound
from sandbox.rows import Role
from sandbox.sids import new_sid


def of_type(ctx: Context, role_sid: str, kind: str) -> str:
    row = ctx.db.execute(
        "SELECT type FROM roles WHERE sid = ? AND chat_service_sid = ?", (role_sid, ctx.service_sid)
    ).fetchone()
    if row is None or row["type"] != kind:
        raise InvalidParameter(f"RoleSid {role_sid} is not a {kind} role of this service")
    return role_sid


def default_sid(ctx: Context, name: str) -> str | None:
    row = ctx.db.execute(
        "SELECT sid FROM roles WHERE friendly_name = ? AND is_default = 1 AND chat_service_sid = ?",
        (name, ctx.service_sid),
    ).fetchone()
    return str(row["sid"]) if row else None


def create(
    ctx: Context, *, friendly_name: str | None, type_: str | None, permissions: list[str]
) -> Role:
    if not friendly_name:
        raise InvalidParameter("FriendlyName is required for a role")
    one_of("Type", type_ or "", ("conversation", "service"))
    if not permissions:
        raise InvalidParameter("Permission is required: at least one, e.g. sendMessage")
    now, sid = ctx.now(), new_sid("RL")
    ctx.db.execute(
        "INSERT INTO roles (sid, chat_service_sid, friendly_name, type, permissions, is_default,"
        " date_created, date_updated) VALUES (?,?,?,?,?,0,?,?)",
        (sid, ctx.service_sid, friendly_name, type_, json.dumps(permissions), now, now),
    )
    return get(ctx, sid)


def get(ctx: Context, sid: str) -> Role:
    row = ctx.db.execute(
        "SELECT * FROM roles WHERE sid = ? AND chat_service_sid = ?", (sid, ctx.service_sid)
    ).fetchone()
    if row is None:
        raise NotFound(f"The requested resource /Roles/{sid} was not found")
    return Role.from_row(row)


def update(ctx: Context, role: Role, permissions: list[str]) -> Role:
    if not permissions:
        raise InvalidParameter("Permission is required: the role's full list of permissions")
    ctx.db.execute(
        "UPDATE roles SET permissions = ?, date_updated = ? WHERE sid = ?",
        (json.dumps(permissions), ctx.now(), role.sid),
    )
    return get(ctx, role.sid)


def delete(ctx: Context, role: Role) -> None:
    row = ctx.db.execute("SELECT is_default FROM roles WHERE sid = ?", (role.sid,)).fetchone()
    if row["is_default"]:
        raise InvalidParameter(f"{role.friendly_name!r} is a default role; it cannot be deleted")
    ctx.db.execute("DELETE FROM roles WHERE sid = ?", (role.sid,))


def page(ctx: Context, request: PageRequest) -> PageResult:
    return fetch_page(ctx.db, "roles", "chat_service_sid = ?", (ctx.service_sid,), "id", request)
