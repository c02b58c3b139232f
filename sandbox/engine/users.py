"""Users: the chat identities of the account's default Conversations Service."""

from __future__ import annotations

from sandbox.engine import roles, service_configuration
from sandbox.engine.context import Context
from sandbox.engine.paging import PageRequest, PageResult, fetch_page
from sandbox.engine.validation import json_attributes
from sandbox.errors import InvalidParameter, NotFound, UserAlreadyExists
from sandbox.rows import User
from sandbox.sids import is_sid, new_sid

MAX_IDENTITY = 256


def create_user(
    ctx: Context,
    *,
    identity: str | None,
    friendly_name: str | None,
    attributes: str | None,
    role_sid: str | None,
) -> User:
    if not identity:
        raise InvalidParameter("Identity is required: the user's name in Conversations")
    if len(identity) > MAX_IDENTITY:
        raise InvalidParameter(f"Identity is limited to {MAX_IDENTITY} characters")
    taken = ctx.db.execute(
        "SELECT 1 FROM users WHERE identity = ? AND chat_service_sid = ?",
        (identity, ctx.service_sid),
    ).fetchone()
    if taken:
        raise UserAlreadyExists(f"A user with identity {identity!r} already exists")
    role = roles.of_type(ctx, role_sid, "service") if role_sid else None
    now, sid = ctx.now(), new_sid("US")
    ctx.db.execute(
        "INSERT INTO users (sid, chat_service_sid, role_sid, identity, friendly_name, attributes,"
        " date_created, date_updated) VALUES (?,?,?,?,?,?,?,?)",
        (
            sid,
            ctx.service_sid,
            role
            or service_configuration.default_role(
                ctx.db, ctx.service_sid, "default_chat_service_role_sid"
            ),
            identity,
            friendly_name,
            json_attributes(attributes),
            now,
            now,
        ),
    )
    return get_user(ctx, sid)


def sid_of(ctx: Context, identity: str) -> str | None:
    """The SID of the request's service's User with that identity, if there is one."""
    row = ctx.db.execute(
        "SELECT sid FROM users WHERE identity = ? AND chat_service_sid = ?",
        (identity, ctx.service_sid),
    ).fetchone()
    return str(row["sid"]) if row else None


def get_user(ctx: Context, sid_or_identity: str) -> User:
    """Twilio lets a user be addressed by its SID or by its identity."""
    column = "sid" if is_sid(sid_or_identity, "US") else "identity"
    row = ctx.db.execute(
        f"SELECT * FROM users WHERE {column} = ? AND chat_service_sid = ?",
        (sid_or_identity, ctx.service_sid),
    ).fetchone()
    if row is None:
        raise NotFound(f"The requested resource /Users/{sid_or_identity} was not found")
    return User.from_row(row)


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
            roles.of_type(ctx, role_sid, "service") if role_sid else user.role_sid,
            ctx.now(),
            user.sid,
        ),
    )
    return get_user(ctx, user.sid)


def delete_user(ctx: Context, user: User) -> None:
    ctx.db.execute("DELETE FROM users WHERE sid = ?", (user.sid,))


def page(ctx: Context, request: PageRequest) -> tuple[list[User], PageResult]:
    result = fetch_page(ctx.db, "users", "chat_service_sid = ?", (ctx.service_sid,), "id", request)
    return [User.from_row(row) for row in result.rows], result
