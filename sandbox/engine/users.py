"""Users (chat identities of the default service) and Roles (service and conversation roles)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sandbox.engine.context import Context
from sandbox.engine.validation import json_attributes, one_of
from sandbox.errors import InvalidParameter, NotFound, UserAlreadyExists
from sandbox.records import Role
from sandbox.sids import is_sid, new_sid

MAX_IDENTITY = 256


@dataclass(frozen=True)
class User:
    sid: str
    chat_service_sid: str
    role_sid: str | None
    identity: str
    friendly_name: str | None
    attributes: str
    date_created: str
    date_updated: str


def _role_of_type(ctx: Context, role_sid: str, kind: str) -> str:
    row = ctx.db.execute("SELECT type FROM roles WHERE sid = ?", (role_sid,)).fetchone()
    if row is None or row["type"] != kind:
        raise InvalidParameter(f"RoleSid {role_sid} is not a {kind} role of this service.")
    return role_sid


def default_role_sid(ctx: Context, name: str) -> str | None:
    row = ctx.db.execute(
        "SELECT sid FROM roles WHERE friendly_name = ? AND is_default = 1", (name,)
    ).fetchone()
    return str(row["sid"]) if row else None


def create_user(
    ctx: Context,
    *,
    identity: str | None,
    friendly_name: str | None,
    attributes: str | None,
    role_sid: str | None,
) -> User:
    if not identity:
        raise InvalidParameter("Identity is required: the user's name in Conversations.")
    if len(identity) > MAX_IDENTITY:
        raise InvalidParameter(f"Identity is limited to {MAX_IDENTITY} characters.")
    if ctx.db.execute("SELECT 1 FROM users WHERE identity = ?", (identity,)).fetchone():
        raise UserAlreadyExists(f"A user with identity {identity!r} already exists.")
    role = _role_of_type(ctx, role_sid, "service") if role_sid else None
    now, sid = ctx.now(), new_sid("US")
    ctx.db.execute(
        "INSERT INTO users (sid, chat_service_sid, role_sid, identity, friendly_name, attributes,"
        " date_created, date_updated) VALUES (?,?,?,?,?,?,?,?)",
        (
            sid,
            ctx.service_sid,
            role or default_role_sid(ctx, "service user"),
            identity,
            friendly_name,
            json_attributes(attributes),
            now,
            now,
        ),
    )
    return get_user(ctx, sid)


def get_user(ctx: Context, sid_or_identity: str) -> User:
    """Twilio lets a user be addressed by its SID or by its identity."""
    column = "sid" if is_sid(sid_or_identity, "US") else "identity"
    row = ctx.db.execute(f"SELECT * FROM users WHERE {column} = ?", (sid_or_identity,)).fetchone()
    if row is None:
        raise NotFound(f"The requested resource /Users/{sid_or_identity} was not found")
    return User(**{k: v for k, v in dict(row).items() if k != "id"})


def update_user(
    ctx: Context,
    user: User,
    *,
    friendly_name: str | None,
    attributes: str | None,
    role_sid: str | None,
) -> User:
    ctx.db.execute(
        "UPDATE users SET friendly_name = ?, attributes = ?, role_sid = ?, date_updated = ?"
        " WHERE sid = ?",
        (
            user.friendly_name if friendly_name is None else friendly_name,
            json_attributes(attributes, user.attributes),
            _role_of_type(ctx, role_sid, "service") if role_sid else user.role_sid,
            ctx.now(),
            user.sid,
        ),
    )
    return get_user(ctx, user.sid)


def delete_user(ctx: Context, user: User) -> None:
    ctx.db.execute("DELETE FROM users WHERE sid = ?", (user.sid,))


def create_role(
    ctx: Context, *, friendly_name: str | None, type_: str | None, permissions: list[str]
) -> Role:
    if not friendly_name:
        raise InvalidParameter("FriendlyName is required for a role.")
    one_of("Type", type_ or "", ("conversation", "service"))
    if not permissions:
        raise InvalidParameter("Permission is required: at least one, e.g. sendMessage.")
    now, sid = ctx.now(), new_sid("RL")
    ctx.db.execute(
        "INSERT INTO roles (sid, chat_service_sid, friendly_name, type, permissions, is_default,"
        " date_created, date_updated) VALUES (?,?,?,?,?,0,?,?)",
        (sid, ctx.service_sid, friendly_name, type_, json.dumps(permissions), now, now),
    )
    return get_role(ctx, sid)


def get_role(ctx: Context, sid: str) -> Role:
    row = ctx.db.execute("SELECT * FROM roles WHERE sid = ?", (sid,)).fetchone()
    if row is None:
        raise NotFound(f"The requested resource /Roles/{sid} was not found")
    return Role.from_row(row)


def update_role(ctx: Context, role: Role, permissions: list[str]) -> Role:
    if not permissions:
        raise InvalidParameter("Permission is required: the role's full list of permissions.")
    ctx.db.execute(
        "UPDATE roles SET permissions = ?, date_updated = ? WHERE sid = ?",
        (json.dumps(permissions), ctx.now(), role.sid),
    )
    return get_role(ctx, role.sid)


def delete_role(ctx: Context, role: Role) -> None:
    row = ctx.db.execute("SELECT is_default FROM roles WHERE sid = ?", (role.sid,)).fetchone()
    if row["is_default"]:
        raise InvalidParameter(f"{role.friendly_name!r} is a default role; it cannot be deleted.")
    ctx.db.execute("DELETE FROM roles WHERE sid = ?", (role.sid,))
