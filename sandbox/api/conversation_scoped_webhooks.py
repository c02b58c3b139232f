"""HTTP handlers of conversation-scoped webhooks: `/v1/Conversations/{sid}/Webhooks`."""

from __future__ import annotations

from sandbox.api import links, representations
from sandbox.api.calls import NO_CONTENT, Call, Reply, created, ok
from sandbox.api.listing import v1_page
from sandbox.engine import conversation_scoped_webhooks, conversations
from sandbox.rows import ScopedWebhook


def _conversation_sid(call: Call) -> str:
    return conversations.get(call.ctx, call.path["conversation"]).sid


def _hook(call: Call) -> ScopedWebhook:
    return conversation_scoped_webhooks.get(call.ctx, _conversation_sid(call), call.path["webhook"])


def create_webhook(call: Call) -> Reply:
    p = call.params
    hook = conversation_scoped_webhooks.create(
        call.ctx,
        _conversation_sid(call),
        target=p.get("Target"),
        url=p.get("Configuration.Url"),
        method=p.get("Configuration.Method"),
        filters=p.get_list("Configuration.Filters"),
        triggers=p.get_list("Configuration.Triggers"),
        flow_sid=p.get("Configuration.FlowSid"),
        replay_after=p.get_int("Configuration.ReplayAfter", minimum=0),
    )
    return created(representations.scoped_webhook(call.account_sid, hook))


def list_webhooks(call: Call) -> Reply:
    sid = _conversation_sid(call)
    request = call.page_request()
    hooks, result = conversation_scoped_webhooks.page(call.ctx, sid, request)
    items = [representations.scoped_webhook(call.account_sid, h) for h in hooks]
    url = f"{links.conversation(sid)}/Webhooks"
    return ok(v1_page("webhooks", url, [], request, result, items))


def fetch_webhook(call: Call) -> Reply:
    return ok(representations.scoped_webhook(call.account_sid, _hook(call)))


def update_webhook(call: Call) -> Reply:
    p = call.params
    hook = conversation_scoped_webhooks.update(
        call.ctx,
        _hook(call),
        url=p.get("Configuration.Url"),
        method=p.get("Configuration.Method"),
        filters=p.get_list("Configuration.Filters"),
        triggers=p.get_list("Configuration.Triggers"),
        flow_sid=p.get("Configuration.FlowSid"),
    )
    return ok(representations.scoped_webhook(call.account_sid, hook))


def delete_webhook(call: Call) -> Reply:
    conversation_scoped_webhooks.delete(call.ctx, _hook(call))
    return NO_CONTENT
