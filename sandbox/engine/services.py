"""Conversations Services: the account's default one, which the sandbox makes at start, and the
ones an application creates (https://www.twilio.com/docs/conversations/api/service-resource)."""

from __future__ import annotations

import json

from sandbox.engine import limits
from sandbox.engine.context import Context
from sandbox.engine.paging import PageRequest, PageResult, fetch_page
from sandbox.errors import InvalidParameter, NotFound
from sandbox.rows import Service
from sandbox.sids import new_sid

# Every service starts with these roles (https://www.twilio.com/docs/conversations/api/role-resource).
DEFAULT_ROLES = (
    ("service admin", "service", ["createChannel", "joinAnyChannel", "editAnyMessage"]),
    ("service user", "service", ["createChannel", "joinChannel", "editOwnMessage"]),
    ("channel admin", "conversation", ["sendMessage", "removeMember", "editAnyMessage"]),
    ("channel user", "conversation", ["sendMessage", "leaveChannel", "editOwnMessage"]),
)
DEFAULT_NAME = "Default Conversations Service"
# What lives in a service, removed with it; a conversation's rows go with it (ON DELETE CASCADE).
OWNED = ("conversations", "users", "roles", "media", "bindings")


def create(ctx: Context, friendly_name: str | None, *, is_default: bool = False) -> Service:
    """A service and its default roles; Twilio requires FriendlyName (CreateService)."""
    if not friendly_name:
        raise InvalidParameter("FriendlyName is required for a service")
    limits.friendly_name(friendly_name)
    now, sid = ctx.now(), new_sid("IS")
    ctx.db.execute(
        "INSERT INTO services (sid, friendly_name, is_default, date_created, date_updated)"
        " VALUES (?, ?, ?, ?, ?)",
        (sid, friendly_name, int(is_default), now, now),
    )
    ctx.db.executemany(
        "INSERT INTO roles (sid, chat_service_sid, friendly_name, type, permissions,"
        " date_created, date_updated) VALUES (?,?,?,?,?,?,?)",
        [
            (new_sid("RL"), sid, name, kind, json.dumps(perms), now, now)
            for name, kind, perms in DEFAULT_ROLES
        ],
    )
    return Service(sid, friendly_name, now, now)


def get(ctx: Context, sid: str) -> Service:
    row = ctx.db.execute("SELECT * FROM services WHERE sid = ?", (sid,)).fetchone()
    if row is None:
        raise NotFound(f"The requested resource /Services/{sid} was not found")
    return Service.from_row(row)


def delete(ctx: Context, service: Service) -> None:
    """The service and everything in it. The docs do not say what deleting the default service
    does; the sandbox keeps it, since the account-level endpoints are the default service's."""
    if service.sid == ctx.service_sid:
        raise InvalidParameter(
            f"{service.sid} is the account's default Conversations Service; the sandbox does "
            "not delete it (make another service the default first)"
        )
    timed = ctx.db.execute(
        "SELECT EXISTS (SELECT 1 FROM conversations WHERE chat_service_sid = ?"
        " AND (date_inactive IS NOT NULL OR date_closed IS NOT NULL))",
        (service.sid,),
    ).fetchone()[0]
    ctx.timers_changed |= bool(timed)
    for table in OWNED:
        ctx.db.execute(f"DELETE FROM {table} WHERE chat_service_sid = ?", (service.sid,))
    ctx.db.execute("DELETE FROM services WHERE sid = ?", (service.sid,))
    ctx.db.execute("DELETE FROM meta WHERE key LIKE ?", (f"%:{service.sid}",))  # its settings


def page(ctx: Context, request: PageRequest) -> PageResult:
    return fetch_page(ctx.db, "services", "", (), "id", request)
