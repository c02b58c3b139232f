"""A Conversations Service's own Configuration (its default roles, reachability) and its push
Notifications settings, each stored per service as one JSON value in `meta` (a reset forgets them;
deleting the service deletes them).

Twilio's pages: https://www.twilio.com/docs/conversations/api/service-configuration-resource and
https://www.twilio.com/docs/conversations/api/service-notification-resource. Offline no push is
sent, so the notification settings are kept and read back only.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from typing import Any

from sandbox.engine import roles
from sandbox.engine.context import Context

CONFIGURATION = "service_configuration:"  # + the service's SID
NOTIFICATIONS = "service_notifications:"
# The default roles each service is made with (services.DEFAULT_ROLES), by what they stand for.
DEFAULT_ROLE_NAMES = {
    "default_conversation_creator_role_sid": "channel admin",
    "default_conversation_role_sid": "channel user",
    "default_chat_service_role_sid": "service user",
}
ROLE_TYPES = {
    "default_conversation_creator_role_sid": "conversation",
    "default_conversation_role_sid": "conversation",
    "default_chat_service_role_sid": "service",
}
PUSH_EVENTS = ("new_message", "added_to_conversation", "removed_from_conversation")


@dataclass(frozen=True)
class ServiceConfiguration:
    chat_service_sid: str
    default_conversation_creator_role_sid: str | None
    default_conversation_role_sid: str | None
    default_chat_service_role_sid: str | None
    reachability_enabled: bool = False


def _stored(db: sqlite3.Connection, key: str) -> dict[str, object]:
    row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return dict(json.loads(row["value"])) if row else {}


def _store(ctx: Context, key: str, value: Mapping[str, object]) -> None:
    ctx.db.execute(
        "INSERT INTO meta(key, value) VALUES (?, ?)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, json.dumps(value)),
    )


def default_role(db: sqlite3.Connection, service_sid: str, setting: str) -> str | None:
    """The role a setting names for the service: the one configured, else the default role (one
    query: it runs for every participant and user made without a role)."""
    row = db.execute(
        "SELECT COALESCE("
        " (SELECT json_extract(value, '$.' || ?) FROM meta WHERE key = ?),"
        " (SELECT sid FROM roles WHERE chat_service_sid = ? AND friendly_name = ?"
        "  AND is_default = 1)) AS role_sid",
        (setting, CONFIGURATION + service_sid, service_sid, DEFAULT_ROLE_NAMES[setting]),
    ).fetchone()
    return None if row["role_sid"] is None else str(row["role_sid"])


def get(ctx: Context) -> ServiceConfiguration:
    stored = _stored(ctx.db, CONFIGURATION + ctx.service_sid)
    return ServiceConfiguration(
        ctx.service_sid,
        **{setting: default_role(ctx.db, ctx.service_sid, setting) for setting in ROLE_TYPES},
        reachability_enabled=bool(stored.get("reachability_enabled", False)),
    )


def update(
    ctx: Context, *, role_sids: Mapping[str, str | None], reachability_enabled: bool | None
) -> ServiceConfiguration:
    """Each role must be one of the service's, of the kind the setting takes (a conversation role
    for participants, a service role for users); all are checked before anything is stored."""
    current = get(ctx)
    changes: dict[str, object] = {
        setting: roles.of_type(ctx, sid, ROLE_TYPES[setting])
        for setting, sid in role_sids.items()
        if sid
    }
    if reachability_enabled is not None:
        changes["reachability_enabled"] = reachability_enabled
    updated = replace(current, **changes)
    stored = asdict(updated)
    del stored["chat_service_sid"]
    _store(ctx, CONFIGURATION + ctx.service_sid, stored)
    return updated


def notifications(ctx: Context) -> dict[str, object]:
    """The push settings as Twilio shows them: one object per push event, and `log_enabled`."""
    stored = _stored(ctx.db, NOTIFICATIONS + ctx.service_sid)
    shown: dict[str, object] = {
        event: {"enabled": False, **dict(stored.get(event) or {})} for event in PUSH_EVENTS
    }
    shown["log_enabled"] = bool(stored.get("log_enabled", False))
    return shown


def update_notifications(ctx: Context, changes: Mapping[tuple[str, ...], object]) -> dict[str, Any]:
    """`changes` by path, e.g. ("new_message", "with_media", "enabled") for the request's
    `NewMessage.WithMedia.Enabled`."""
    shown: dict[str, Any] = notifications(ctx)
    for (*path, leaf), value in changes.items():
        place = shown
        for name in path:
            place = place.setdefault(name, {})
        place[leaf] = value
    _store(ctx, NOTIFICATIONS + ctx.service_sid, shown)
    return shown
