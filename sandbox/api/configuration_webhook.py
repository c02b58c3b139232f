"""HTTP handlers of the Configuration Webhook: the account's global `/v1/Configuration/Webhooks`."""

from __future__ import annotations

from sandbox.api import representations
from sandbox.api.calls import Call, Reply, ok
from sandbox.engine import configuration_webhook


def fetch_webhooks(call: Call) -> Reply:
    return ok(
        representations.configuration_webhook(call.account_sid, configuration_webhook.get(call.ctx))
    )


def update_webhooks(call: Call) -> Reply:
    p = call.params
    hooks = configuration_webhook.update(
        call.ctx,
        method=p.get("Method"),
        filters=p.get_list("Filters"),
        pre_webhook_url=p.get("PreWebhookUrl"),
        post_webhook_url=p.get("PostWebhookUrl"),
        target=p.get("Target"),
    )
    return ok(representations.configuration_webhook(call.account_sid, hooks))
