"""The account's Conversations Configuration: default service, messaging service and timers.

Stored in the `meta` table (one key each), so a reset forgets it. Twilio's page:
https://www.twilio.com/docs/conversations/api/configuration-resource
"""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.engine import messaging_services, services
from sandbox.engine.context import Context
from sandbox.engine.validation import timer_durations

KEYS = {
    "default_messaging_service_sid": "config_default_messaging_service_sid",
    "default_inactive_timer": "config_default_inactive_timer",
    "default_closed_timer": "config_default_closed_timer",
}


@dataclass(frozen=True)
class Configuration:
    default_chat_service_sid: str
    default_messaging_service_sid: str | None = None
    default_inactive_timer: str | None = None
    default_closed_timer: str | None = None


def get(ctx: Context) -> Configuration:
    rows = ctx.db.execute(
        f"SELECT key, value FROM meta WHERE key IN ({', '.join('?' * len(KEYS))})",
        tuple(KEYS.values()),
    ).fetchall()
    stored = {row["key"]: row["value"] for row in rows}
    values = {name: stored.get(key) or None for name, key in KEYS.items()}
    return Configuration(ctx.service_sid, **values)


def update(
    ctx: Context,
    *,
    chat_service_sid: str | None = None,
    messaging_service_sid: str | None = None,
    inactive_timer: str | None = None,
    closed_timer: str | None = None,
) -> Configuration:
    """Check everything before storing anything; an empty value clears a default."""
    if chat_service_sid:
        # The sandbox has one service (the default), so this can only name it or answer 404.
        services.get(ctx, chat_service_sid)
    messaging_services.check_named(ctx, messaging_service_sid, "DefaultMessagingServiceSid")
    timer_durations(inactive_timer, closed_timer, ("DefaultInactiveTimer", "DefaultClosedTimer"))
    given = {
        "default_messaging_service_sid": messaging_service_sid,
        "default_inactive_timer": inactive_timer,
        "default_closed_timer": closed_timer,
    }
    ctx.db.executemany(
        "INSERT INTO meta(key, value) VALUES (?, ?)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [(KEYS[name], value) for name, value in given.items() if value is not None],
    )
    return get(ctx)
