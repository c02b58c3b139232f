"""Conversation-scoped webhooks (`/Conversations/{sid}/Webhooks`): a conversation's own
receivers of its post-events. Twilio fires every one whose filters match, for what phones and
timers do, and for REST calls only when the call carried `X-Twilio-Webhook-Enabled: true`.
"""

from __future__ import annotations

import json

from sandbox.engine.context import POST_EVENTS, Context
from sandbox.engine.paging import PageRequest, PageResult, fetch_page
from sandbox.engine.validation import check_filters, check_sid, check_webhook_url, one_of
from sandbox.errors import InvalidParameter, NotFound
from sandbox.rows import ScopedWebhook
from sandbox.sids import new_sid


def create(
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
    check_webhook_url("Configuration.Url", url)
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
    return get(ctx, conversation_sid, sid)


def get(ctx: Context, conversation_sid: str, sid: str) -> ScopedWebhook:
    row = ctx.db.execute(
        "SELECT * FROM conversation_webhooks WHERE conversation_sid = ? AND sid = ?",
        (conversation_sid, sid),
    ).fetchone()
    if row is None:
        raise NotFound(
            f"The requested resource /Conversations/{conversation_sid}/Webhooks/{sid} was not found"
        )
    return ScopedWebhook.from_row(row)


def list_for(ctx: Context, conversation_sid: str) -> list[ScopedWebhook]:
    rows = ctx.db.execute(
        "SELECT * FROM conversation_webhooks WHERE conversation_sid = ? ORDER BY id",
        (conversation_sid,),
    )
    return [ScopedWebhook.from_row(row) for row in rows]


def page(
    ctx: Context, conversation_sid: str, request: PageRequest
) -> tuple[list[ScopedWebhook], PageResult]:
    result = fetch_page(
        ctx.db, "conversation_webhooks", "conversation_sid = ?", (conversation_sid,), "id", request
    )
    return [ScopedWebhook.from_row(row) for row in result.rows], result


def update(
    ctx: Context,
    hook: ScopedWebhook,
    *,
    url: str | None,
    method: str | None,
    filters: list[str] | None,
    triggers: list[str] | None = None,
    flow_sid: str | None = None,
) -> ScopedWebhook:
    check_webhook_url("Configuration.Url", url)
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
    return get(ctx, hook.conversation_sid, hook.sid)


def delete(ctx: Context, hook: ScopedWebhook) -> None:
    ctx.webhooks_changed = True
    ctx.db.execute("DELETE FROM conversation_webhooks WHERE sid = ?", (hook.sid,))
