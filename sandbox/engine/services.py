"""Conversations Services: the account's default one, which the sandbox makes at start, and the
ones an app creates (https://www.twilio.com/docs/conversations/api/service-resource: "a data
silo"; deleting one removes it "with all its nested resources")."""

from __future__ import annotations

import json

from sandbox.engine import limits
from sandbox.engine.context import Context
from sandbox.engine.paging import PageRequest, PageResult, fetch_page
from sandbox.errors import InvalidParameter, NotFound
from sandbox.records import Service
from sandbox.sids import new_sid

# Each service's own roles, as Twilio makes them with the service.
DEFAULT_ROLES = (
    ("service admin", "service", ["createChannel", "joinAnyChannel", "editAnyMessage"]),
    ("service user", "service", ["createChannel", "joinChannel", "editOwnMessage"]),
    ("channel admin", "conversation", ["sendMessage", "removeMember", "editAnyMessage"]),
    ("channel user", "conversation", ["sendMessage", "leaveChannel", "editOwnMessage"]),
)

# What lives in a service, deleted with it (participants, messages and receipts go with their
# conversation: ON DELETE CASCADE).
NESTED = ("conversations", "users", "roles", "media")


def create(ctx: Context, friendly_name: str | None, is_default: bool = False) -> Service:
    if not friendly_name:
        raise InvalidParameter("FriendlyName is required: the service's name")
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
    """Twilio's docs do not say what deleting the default service does; the sandbox refuses it,
    as the account-level routes are that service's."""
    row = ctx.db.execute("SELECT is_default FROM services WHERE sid = ?", (service.sid,)).fetchone()
    if row["is_default"]:
        raise InvalidParameter("The account's default Conversations Service cannot be deleted")
    for table in NESTED:
        ctx.db.execute(f"DELETE FROM {table} WHERE chat_service_sid = ?", (service.sid,))
    ctx.db.execute("DELETE FROM services WHERE sid = ?", (service.sid,))
    ctx.timers_changed = ctx.webhooks_changed = True  # its conversations' timers and webhooks


def page(ctx: Context, request: PageRequest) -> PageResult:
    return fetch_page(ctx.db, "services", "", (), "id", request)
