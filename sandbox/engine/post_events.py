"""Post-event webhooks: which receivers a request's events reach, conversation-scoped ones and
the Configuration Webhook's PostWebhookUrl, as the requests the dispatcher sends."""

from __future__ import annotations

import sqlite3

from sandbox.dispatch import WebhookRequest
from sandbox.engine import configuration_webhook, conversation_scoped_webhooks
from sandbox.engine.configuration_webhook import ConfigurationWebhook
from sandbox.engine.context import Context, Event
from sandbox.rows import ScopedWebhook

CONFIGURED = (
    "SELECT EXISTS (SELECT 1 FROM conversation_webhooks)"
    " OR EXISTS (SELECT 1 FROM meta WHERE key = ? OR key LIKE ?)"
)


def any_configured(db: sqlite3.Connection) -> bool:
    """Whether an event could call anything: a conversation's webhook or the account's."""
    found = db.execute(CONFIGURED, (configuration_webhook.KEY, configuration_webhook.KEY + ":%"))
    return bool(found.fetchone()[0])


def service_of(ctx: Context, conversation_sid: str | None) -> str:
    """The service an event happened in: its conversation's (a phone's text may reach any
    service's), else the request's."""
    if conversation_sid is not None:
        row = ctx.db.execute(
            "SELECT chat_service_sid FROM conversations WHERE sid = ?", (conversation_sid,)
        ).fetchone()
        if row is not None:
            return str(row["chat_service_sid"])
    return ctx.service_sid


def webhook_requests(ctx: Context, events: list[Event]) -> list[WebhookRequest]:
    """Every HTTP request the request's events call for, in the order they happened."""
    by_service: dict[str, ConfigurationWebhook] = {}
    service_by_conversation: dict[str | None, str] = {}
    scoped: dict[str, list[ScopedWebhook]] = {}
    out: list[WebhookRequest] = []
    for event in events:
        # What a phone, a timer or a carrier did fires every webhook; what a REST call did,
        # none, conversation-scoped ones included, unless it said X-Twilio-Webhook-Enabled:
        # true ("Troubleshooting Webhook WebhookRequest for Conversations or Chat", Twilio support
        # article 4403669397019, read 2026-11-26).
        fires = event.api is False or ctx.webhooks_forced
        if not fires:
            continue
        base = {"EventType": event.type, "AccountSid": ctx.account_sid, **event.fields}
        if event.conversation_sid is not None and event.type != "onConversationRemoved":
            sid = event.conversation_sid
            if sid not in scoped:
                scoped[sid] = conversation_scoped_webhooks.list_for(ctx, sid)
            for hook in scoped[sid]:
                if hook.target == "webhook" and hook.url and event.type in hook.filters:
                    fields = {**base, "WebhookSid": hook.sid, "WebhookType": "webhook"}
                    out.append(WebhookRequest(hook.url, hook.method, fields))
        if event.conversation_sid not in service_by_conversation:
            service_by_conversation[event.conversation_sid] = service_of(
                ctx, event.conversation_sid
            )
        service = service_by_conversation[event.conversation_sid]
        if service not in by_service:
            by_service[service] = configuration_webhook.effective_in(ctx.db, service)
        account = by_service[service]
        if account.post_webhook_url and event.type in account.filters:
            out.append(WebhookRequest(account.post_webhook_url, account.method, dict(base)))
    return out
