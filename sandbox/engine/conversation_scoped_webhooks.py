"""Webhooks: conversation-scoped ones, the account's post-event webhook, and which an event reaches.

Twilio fires conversation-scoped webhooks for every matching event. The account-level (service)
webhooks fire for what phones and timers do, and for REST calls only when the call carried
`X-Twilio-Webhook-Enabled: true`.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from sandbox.engine.context import Context, Event
from sandbox.engine.paging import PageRequest, PageResult, fetch_page
from sandbox.engine.validation import check_sid, one_of
from sandbox.errors import InvalidParameter, NotFound
from sandbox.sids import new_sid

POST_EVENTS = (
    "onMessageAdded",
    "onMessageUpdated",
    "onMessageRemoved",
    "onConversationAdded",
    "onConversationUpdated",
    "onConversationRemoved",
    "onConversationStateUpdated",
    "onParticipantAdded",
    "onParticipantUpdated",
    "onParticipantRemoved",
    "onDeliveryUpdated",
)
PRE_EVENTS = (
    "onMessageAdd",
    "onMessageUpdate",
    "onMessageRemove",
    "onConversationAdd",
    "onConversationUpdate",
    "onConversationRemove",
    "onParticipantAdd",
    "onParticipantUpdate",
    "onParticipantRemove",
    "onUserUpdate",
)
USER_EVENTS = ("onUserAdded", "onUserUpdated")
ACCOUNT_WEBHOOKS_KEY = "configuration_webhooks"  # the global ones; + ":IS…" a service's own
CONFIGURED = (
    "SELECT EXISTS (SELECT 1 FROM conversation_webhooks)"
    " OR EXISTS (SELECT 1 FROM meta WHERE key = ? OR key LIKE ?)"
)


@dataclass(frozen=True)
class ScopedWebhook:
    sid: str
    conversation_sid: str
    target: str
    url: str | None
    method: str
    filters: list[str]
    date_created: str
    date_updated: str
    triggers: list[str]  # a `trigger` target's keywords; offline no target but `webhook` runs
    flow_sid: str | None  # a `studio` target's flow
    replay_after: int | None  # a `studio` target: replay messages after this index


@dataclass(frozen=True)
class AccountWebhooks:
    method: str = "POST"
    filters: tuple[str, ...] = ()
    pre_webhook_url: str | None = None
    post_webhook_url: str | None = None
    target: str = "webhook"


@dataclass(frozen=True)
class Delivery:
    """One HTTP request the dispatcher makes: where, how, and Twilio's form fields."""

    url: str
    method: str
    fields: dict[str, str]
    conversations: bool = True  # a Conversations webhook (with RetryCount), not a Messaging one
    reply: tuple[str, str] | None = None  # a number's SmsUrl: TwiML <Message>s go (from, to)


def any_configured(db: sqlite3.Connection) -> bool:
    """Whether an event could call anything: a conversation's webhook or the account's."""
    found = db.execute(CONFIGURED, (ACCOUNT_WEBHOOKS_KEY, ACCOUNT_WEBHOOKS_KEY + ":%"))
    return bool(found.fetchone()[0])


def check_filters(name: str, filters: list[str], allowed: tuple[str, ...]) -> list[str]:
    for value in filters:
        one_of(name, value, allowed)
    return filters


def _check_url(name: str, url: str | None) -> None:
    if url and not url.lower().startswith(("http://", "https://")):
        raise InvalidParameter(f"{name} must be an http:// or https:// URL; got {url!r}")


def _scoped(row: sqlite3.Row) -> ScopedWebhook:
    lists = ("filters", "triggers")
    values = {k: v for k, v in dict(row).items() if k not in ("id", *lists)}
    return ScopedWebhook(**values, **{name: json.loads(row[name]) for name in lists})


def create_scoped(
    ctx: Context,
    conversation_sid: str,
    *,
    target: str | None,
    url: str | None,
    method: str | None,
    filters: list[str],
    triggers: list[str] | None = None,
    flow_sid: str | None = None,
    replay_after: int | None = None,
) -> ScopedWebhook:
    """A conversation's webhook. `trigger` and `studio` targets are kept and read back as
    created; offline they call nothing (no Studio, no keyword triggers)."""
    one_of("Target", target or "", ("webhook", "trigger", "studio"))
    if target in ("webhook", "trigger") and not url:
        raise InvalidParameter(f"Configuration.Url is required for a {target} target")
    if target == "studio" and not flow_sid:
        raise InvalidParameter("Configuration.FlowSid is required for a studio target")
    check_sid("Configuration.FlowSid", flow_sid, "FW")
    _check_url("Configuration.Url", url)
    method = one_of("Configuration.Method", (method or "POST").upper(), ("GET", "POST"))
    check_filters("Configuration.Filters", filters, POST_EVENTS)
    now, sid = ctx.now(), new_sid("WH")
    ctx.webhooks_changed = True
    ctx.db.execute(
        "INSERT INTO conversation_webhooks (sid, conversation_sid, target, url, method, filters,"
        " date_created, date_updated, triggers, flow_sid, replay_after)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (sid, conversation_sid, target, url, method, json.dumps(filters), now, now,
         json.dumps(triggers or []), flow_sid, replay_after),
    )  # fmt: skip
    return get_scoped(ctx, conversation_sid, sid)


def get_scoped(ctx: Context, conversation_sid: str, sid: str) -> ScopedWebhook:
    row = ctx.db.execute(
        "SELECT * FROM conversation_webhooks WHERE conversation_sid = ? AND sid = ?",
        (conversation_sid, sid),
    ).fetchone()
    if row is None:
        raise NotFound(
            f"The requested resource /Conversations/{conversation_sid}/Webhooks/{sid} was not found"
        )
    return _scoped(row)


def list_scoped(ctx: Context, conversation_sid: str) -> list[ScopedWebhook]:
    rows = ctx.db.execute(
        "SELECT * FROM conversation_webhooks WHERE conversation_sid = ? ORDER BY id",
        (conversation_sid,),
    )
    return [_scoped(row) for row in rows]


def page_scoped(
    ctx: Context, conversation_sid: str, request: PageRequest
) -> tuple[list[ScopedWebhook], PageResult]:
    result = fetch_page(
        ctx.db, "conversation_webhooks", "conversation_sid = ?", (conversation_sid,), "id", request
    )
    return [_scoped(row) for row in result.rows], result


def update_scoped(
    ctx: Context,
    hook: ScopedWebhook,
    *,
    url: str | None,
    method: str | None,
    filters: list[str] | None,
    triggers: list[str] | None = None,
    flow_sid: str | None = None,
) -> ScopedWebhook:
    _check_url("Configuration.Url", url)
    check_sid("Configuration.FlowSid", flow_sid, "FW")
    new_method = one_of("Configuration.Method", (method or hook.method).upper(), ("GET", "POST"))
    new_filters = (
        hook.filters
        if not filters
        else check_filters("Configuration.Filters", filters, POST_EVENTS)
    )
    ctx.db.execute(
        "UPDATE conversation_webhooks SET url = ?, method = ?, filters = ?, date_updated = ?,"
        " triggers = ?, flow_sid = ? WHERE sid = ?",
        (url or hook.url, new_method, json.dumps(new_filters), ctx.now(),
         json.dumps(triggers or hook.triggers), flow_sid or hook.flow_sid, hook.sid),
    )  # fmt: skip
    return get_scoped(ctx, hook.conversation_sid, hook.sid)


def delete_scoped(ctx: Context, hook: ScopedWebhook) -> None:
    ctx.webhooks_changed = True
    ctx.db.execute("DELETE FROM conversation_webhooks WHERE sid = ?", (hook.sid,))


def account_webhooks(ctx: Context, service_sid: str | None = None) -> AccountWebhooks:
    return account_webhooks_in(ctx.db, service_sid)


def _key(service_sid: str | None) -> str:
    return ACCOUNT_WEBHOOKS_KEY if service_sid is None else f"{ACCOUNT_WEBHOOKS_KEY}:{service_sid}"


def account_webhooks_in(db: sqlite3.Connection, service_sid: str | None = None) -> AccountWebhooks:
    """The global webhooks (`/v1/Configuration/Webhooks`), or a service's own ones."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", (_key(service_sid),))
    found = row.fetchone()
    if found is None:
        return AccountWebhooks()
    stored = json.loads(found["value"])
    stored["filters"] = tuple(stored.get("filters", ()))
    return AccountWebhooks(**stored)


def effective_in(db: sqlite3.Connection, service_sid: str) -> AccountWebhooks:
    """The webhooks a service's conversations fire: its own when it has a target, else the
    global ones ("If configured, service-scoped webhooks will override your global webhook
    settings such that only the service-scoped hooks will fire", Twilio's Per-Service Webhook
    page: https://www.twilio.com/docs/conversations/api/per-service-webhook-resource)."""
    own = account_webhooks_in(db, service_sid)
    return own if own.pre_webhook_url or own.post_webhook_url else account_webhooks_in(db)


def update_account_webhooks(
    ctx: Context,
    *,
    service_sid: str | None = None,
    method: str | None,
    filters: list[str],
    pre_webhook_url: str | None,
    post_webhook_url: str | None,
    target: str | None,
) -> AccountWebhooks:
    current = account_webhooks(ctx, service_sid)
    _check_url("PreWebhookUrl", pre_webhook_url)
    _check_url("PostWebhookUrl", post_webhook_url)
    updated = AccountWebhooks(
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


def service_of(ctx: Context, conversation_sid: str | None) -> str:
    """The service an event happened in: its conversation's (a phone's text may reach any
    service's), else the request's."""
    if conversation_sid is not None:
        row = ctx.db.execute(
            "SELECT chat_service_sid FROM conversations WHERE sid = ?", (conversation_sid,)
        ).fetchone()
        if row is not None:
            return str(row[0])
    return ctx.service_sid


def deliveries(ctx: Context, events: list[Event]) -> list[Delivery]:
    """Every HTTP request the request's events call for, in the order they happened."""
    by_service: dict[str, AccountWebhooks] = {}
    service_by_conversation: dict[str | None, str] = {}
    scoped: dict[str, list[ScopedWebhook]] = {}
    out: list[Delivery] = []
    for event in events:
        # What a phone, a timer or a carrier did fires every webhook; what a REST call did,
        # none, conversation-scoped ones included, unless it said X-Twilio-Webhook-Enabled:
        # true ("Troubleshooting Webhook Delivery for Conversations or Chat", Twilio support
        # article 4403669397019, read 2026-11-26).
        fires = event.api is False or ctx.webhooks_forced
        if not fires:
            continue
        base = {"EventType": event.type, "AccountSid": ctx.account_sid, **event.fields}
        if event.conversation_sid is not None and event.type != "onConversationRemoved":
            if event.conversation_sid not in scoped:
                scoped[event.conversation_sid] = list_scoped(ctx, event.conversation_sid)
            for hook in scoped[event.conversation_sid]:
                if hook.target == "webhook" and hook.url and event.type in hook.filters:
                    fields = {**base, "WebhookSid": hook.sid, "WebhookType": "webhook"}
                    out.append(Delivery(hook.url, hook.method, fields))
        if event.conversation_sid not in service_by_conversation:
            service_by_conversation[event.conversation_sid] = service_of(
                ctx, event.conversation_sid
            )
        service = service_by_conversation[event.conversation_sid]
        if service not in by_service:
            by_service[service] = effective_in(ctx.db, service)
        account = by_service[service]
        if account.post_webhook_url and event.type in account.filters:
            out.append(Delivery(account.post_webhook_url, account.method, dict(base)))
    return out
