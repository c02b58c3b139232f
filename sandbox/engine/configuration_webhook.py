"""The Configuration Webhook (`/v1/Configuration/Webhooks`): the account's global pre- and
post-event webhooks, and a Conversations Service's own (`/v1/Services/{sid}/Configuration/
Webhooks`), which override the global ones for that service's conversations."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from sandbox.engine.context import POST_EVENTS, PRE_EVENTS, USER_EVENTS, Context
from sandbox.engine.validation import check_filters, check_webhook_url, one_of

KEY = "configuration_webhooks"  # in `meta`: the global ones; + ":IS…" a service's own


@dataclass(frozen=True)
class ConfigurationWebhook:
    method: str = "POST"
    filters: tuple[str, ...] = ()
    pre_webhook_url: str | None = None
    post_webhook_url: str | None = None
    target: str = "webhook"


def get(ctx: Context, service_sid: str | None = None) -> ConfigurationWebhook:
    return get_in(ctx.db, service_sid)


def _key(service_sid: str | None) -> str:
    return KEY if service_sid is None else f"{KEY}:{service_sid}"


def get_in(db: sqlite3.Connection, service_sid: str | None = None) -> ConfigurationWebhook:
    """The global webhooks (`/v1/Configuration/Webhooks`), or a service's own ones."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", (_key(service_sid),))
    found = row.fetchone()
    if found is None:
        return ConfigurationWebhook()
    stored = json.loads(found["value"])
    stored["filters"] = tuple(stored.get("filters", ()))
    return ConfigurationWebhook(**stored)


def effective_in(db: sqlite3.Connection, service_sid: str) -> ConfigurationWebhook:
    """The webhooks a service's conversations fire: its own when it has a target, else the
    global ones ("If configured, service-scoped webhooks will override your global webhook
    settings such that only the service-scoped hooks will fire", Twilio's Per-Service Webhook
    page: https://www.twilio.com/docs/conversations/api/per-service-webhook-resource)."""
    own = get_in(db, service_sid)
    return own if own.pre_webhook_url or own.post_webhook_url else get_in(db)


def update(
    ctx: Context,
    *,
    service_sid: str | None = None,
    method: str | None,
    filters: list[str],
    pre_webhook_url: str | None,
    post_webhook_url: str | None,
    target: str | None,
) -> ConfigurationWebhook:
    current = get(ctx, service_sid)
    check_webhook_url("PreWebhookUrl", pre_webhook_url)
    check_webhook_url("PostWebhookUrl", post_webhook_url)
    updated = ConfigurationWebhook(
        method=one_of("Method", (method or current.method).upper(), ("GET", "POST")),
        filters=tuple(check_filters("Filters", filters, POST_EVENTS + PRE_EVENTS + USER_EVENTS))
        if filters
        else current.filters,
        # An empty URL clears it (null), as an unset one reads.
        pre_webhook_url=current.pre_webhook_url
        if pre_webhook_url is None
        else pre_webhook_url or None,
        post_webhook_url=(
            current.post_webhook_url if post_webhook_url is None else post_webhook_url or None
        ),
        target=one_of("Target", target or current.target, ("webhook", "flex")),
    )
    value = json.dumps({**updated.__dict__, "filters": list(updated.filters)})
    ctx.webhooks_changed = True
    ctx.db.execute(
        "INSERT INTO meta(key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (_key(service_sid), value),
    )
    return updated
