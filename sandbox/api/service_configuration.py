"""HTTP handlers of a service's own Configuration, Notifications and Webhooks
(`/v1/Services/{ChatServiceSid}/Configuration[/Notifications|/Webhooks]`)."""

from __future__ import annotations

import re

from sandbox.api import representations
from sandbox.api.calls import Call, Reply, ok
from sandbox.engine import configuration_webhook, service_configuration

ROLE_SETTINGS = {
    "DefaultConversationCreatorRoleSid": "default_conversation_creator_role_sid",
    "DefaultConversationRoleSid": "default_conversation_role_sid",
    "DefaultChatServiceRoleSid": "default_chat_service_role_sid",
}
# UpdateServiceNotification's parameters, each a text or a flag, by Twilio's dotted name.
NOTIFICATION_TEXTS = tuple(
    f"{event}.{name}"
    for event, names in (
        ("NewMessage", ("Template", "Sound", "WithMedia.Template")),
        ("AddedToConversation", ("Template", "Sound")),
        ("RemovedFromConversation", ("Template", "Sound")),
    )
    for name in names
)
NOTIFICATION_FLAGS = (
    "NewMessage.Enabled",
    "NewMessage.BadgeCountEnabled",
    "NewMessage.WithMedia.Enabled",
    "AddedToConversation.Enabled",
    "RemovedFromConversation.Enabled",
)


def _path(dotted: str) -> tuple[str, ...]:
    """`NewMessage.WithMedia.Enabled` → ("new_message", "with_media", "enabled")."""
    return tuple(re.sub(r"(?<!^)(?=[A-Z])", "_", part).lower() for part in dotted.split("."))


def fetch_configuration(call: Call) -> Reply:
    return ok(
        representations.service_configuration(call.account_sid, service_configuration.get(call.ctx))
    )


def update_configuration(call: Call) -> Reply:
    p = call.params
    updated = service_configuration.update(
        call.ctx,
        role_sids={setting: p.get(name) for name, setting in ROLE_SETTINGS.items()},
        reachability_enabled=p.get_bool("ReachabilityEnabled"),
    )
    return ok(representations.service_configuration(call.account_sid, updated))


def fetch_notifications(call: Call) -> Reply:
    settings = service_configuration.notifications(call.ctx)
    return ok(
        representations.service_notifications(call.account_sid, call.ctx.service_sid, settings)
    )


def update_notifications(call: Call) -> Reply:
    p = call.params
    given: dict[tuple[str, ...], object] = {}
    for name in ("LogEnabled", *NOTIFICATION_FLAGS):
        flag = p.get_bool(name)
        if flag is not None:
            given[_path(name)] = flag
    for name in NOTIFICATION_TEXTS:
        text = p.get(name)
        if text is not None:
            given[_path(name)] = text
    settings = service_configuration.update_notifications(call.ctx, given)
    return ok(
        representations.service_notifications(call.account_sid, call.ctx.service_sid, settings)
    )


def fetch_webhooks(call: Call) -> Reply:
    hooks = configuration_webhook.get(call.ctx, call.ctx.service_sid)
    return ok(representations.service_webhooks(call.account_sid, call.ctx.service_sid, hooks))


def update_webhooks(call: Call) -> Reply:
    p = call.params
    hooks = configuration_webhook.update(
        call.ctx,
        service_sid=call.ctx.service_sid,
        method=p.get("Method"),
        filters=p.get_list("Filters"),
        pre_webhook_url=p.get("PreWebhookUrl"),
        post_webhook_url=p.get("PostWebhookUrl"),
        target=None,
    )
    return ok(representations.service_webhooks(call.account_sid, call.ctx.service_sid, hooks))
