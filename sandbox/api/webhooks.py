"""HTTP handlers for webhooks: conversation-scoped (`/Conversations/{sid}/Webhooks`) and the
account's `/Configuration/Webhooks`, rendered as Twilio's JSON."""

from __future__ import annotations

from typing import Any

from sandbox.api import urls
from sandbox.api.calls import NO_CONTENT, Call, Reply, created, ok
from sandbox.api.listing import v1_page
from sandbox.engine import conversations, webhooks
from sandbox.engine.paging import PageResult
from sandbox.engine.webhooks import AccountWebhooks, ScopedWebhook

CONFIGURATION_WEBHOOKS_URL = f"{urls.CONVERSATIONS}/Configuration/Webhooks"


def render_scoped(account_sid: str, hook: ScopedWebhook) -> dict[str, Any]:
    return {
        "sid": hook.sid,
        "account_sid": account_sid,
        "conversation_sid": hook.conversation_sid,
        "target": hook.target,
        "url": f"{urls.conversation(hook.conversation_sid)}/Webhooks/{hook.sid}",
        "configuration": {"url": hook.url, "method": hook.method, "filters": hook.filters},
        "date_created": hook.date_created,
        "date_updated": hook.date_updated,
    }


def render_account(account_sid: str, hooks: AccountWebhooks) -> dict[str, Any]:
    return {
        "account_sid": account_sid,
        "method": hooks.method,
        "filters": list(hooks.filters),
        "pre_webhook_url": hooks.pre_webhook_url,
        "post_webhook_url": hooks.post_webhook_url,
        "target": hooks.target,
        "url": CONFIGURATION_WEBHOOKS_URL,
    }


def _conversation_sid(call: Call) -> str:
    return conversations.get(call.ctx, call.path["conversation"]).sid


def _hook(call: Call) -> ScopedWebhook:
    return webhooks.get_scoped(call.ctx, _conversation_sid(call), call.path["webhook"])


def create_scoped(call: Call) -> Reply:
    p = call.params
    p.get("Configuration.Triggers")
    p.get("Configuration.FlowSid")
    p.get("Configuration.ReplayAfter")
    hook = webhooks.create_scoped(
        call.ctx,
        _conversation_sid(call),
        target=p.get("Target"),
        url=p.get("Configuration.Url"),
        method=p.get("Configuration.Method"),
        filters=p.get_list("Configuration.Filters"),
    )
    return created(render_scoped(call.account_sid, hook))


def list_scoped(call: Call) -> Reply:
    sid = _conversation_sid(call)
    request = call.params.page_request()
    items = [render_scoped(call.account_sid, h) for h in webhooks.list_scoped(call.ctx, sid)]
    url = f"{urls.conversation(sid)}/Webhooks"
    return ok(v1_page("webhooks", url, [], request, PageResult([], None, None), items))


def fetch_scoped(call: Call) -> Reply:
    return ok(render_scoped(call.account_sid, _hook(call)))


def update_scoped(call: Call) -> Reply:
    p = call.params
    p.get("Configuration.Triggers")
    p.get("Configuration.FlowSid")
    hook = webhooks.update_scoped(
        call.ctx,
        _hook(call),
        url=p.get("Configuration.Url"),
        method=p.get("Configuration.Method"),
        filters=p.get_list("Configuration.Filters"),
    )
    return ok(render_scoped(call.account_sid, hook))


def delete_scoped(call: Call) -> Reply:
    webhooks.delete_scoped(call.ctx, _hook(call))
    return NO_CONTENT


def fetch_account(call: Call) -> Reply:
    return ok(render_account(call.account_sid, webhooks.account_webhooks(call.ctx)))


def update_account(call: Call) -> Reply:
    p = call.params
    hooks = webhooks.update_account_webhooks(
        call.ctx,
        method=p.get("Method"),
        filters=p.get_list("Filters"),
        pre_webhook_url=p.get("PreWebhookUrl"),
        post_webhook_url=p.get("PostWebhookUrl"),
        target=p.get("Target"),
    )
    return ok(render_account(call.account_sid, hooks))
