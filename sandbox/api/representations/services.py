"""A Conversations Service's own resources as Twilio's JSON: its Configuration, Notifications and
Webhooks, its push Bindings, and a User's Conversations."""

from __future__ import annotations

import json

from sandbox.api import links
from sandbox.api.representations.conversations import JSON, timers
from sandbox.engine.configuration_webhook import ConfigurationWebhook
from sandbox.engine.service_configuration import ServiceConfiguration
from sandbox.engine.user_conversations import UserConversation
from sandbox.rows import PushBinding


def service_configuration(account_sid: str, c: ServiceConfiguration) -> JSON:
    url = f"{links.service(c.chat_service_sid)}/Configuration"
    return {
        "chat_service_sid": c.chat_service_sid,
        "default_conversation_creator_role_sid": c.default_conversation_creator_role_sid,
        "default_conversation_role_sid": c.default_conversation_role_sid,
        "default_chat_service_role_sid": c.default_chat_service_role_sid,
        "reachability_enabled": c.reachability_enabled,
        "url": url,
        "links": {"notifications": f"{url}/Notifications", "webhooks": f"{url}/Webhooks"},
    }


def service_notifications(account_sid: str, service_sid: str, settings: dict[str, object]) -> JSON:
    return {
        "account_sid": account_sid,
        "chat_service_sid": service_sid,
        **settings,
        "url": f"{links.service(service_sid)}/Configuration/Notifications",
    }


def service_webhooks(account_sid: str, service_sid: str, hooks: ConfigurationWebhook) -> JSON:
    """A service's own webhooks: as the global ones, without `target`, with the service."""
    return {
        "account_sid": account_sid,
        "chat_service_sid": service_sid,
        "pre_webhook_url": hooks.pre_webhook_url,
        "post_webhook_url": hooks.post_webhook_url,
        "filters": list(hooks.filters),
        "method": hooks.method,
        "url": f"{links.service(service_sid)}/Configuration/Webhooks",
    }


def binding(account_sid: str, b: PushBinding) -> JSON:
    return {
        "sid": b.sid,
        "account_sid": account_sid,
        "chat_service_sid": b.chat_service_sid,
        "credential_sid": b.credential_sid,
        "date_created": b.date_created,
        "date_updated": b.date_updated,
        "endpoint": b.endpoint,
        "identity": b.identity,
        "binding_type": b.binding_type,
        "message_types": json.loads(b.message_types),
        "url": f"{links.service(b.chat_service_sid)}/Bindings/{b.sid}",
    }


def user_conversation(account_sid: str, uc: UserConversation) -> JSON:
    """Named under /v1/Users (a service-scoped route's body is moved under its service)."""
    c, p = uc.conversation, uc.participant
    return {
        "account_sid": account_sid,
        "chat_service_sid": c.chat_service_sid,
        "conversation_sid": c.sid,
        "unread_messages_count": uc.unread_messages_count,
        "last_read_message_index": p.last_read_message_index,
        "participant_sid": p.sid,
        "user_sid": uc.user.sid,
        "friendly_name": c.friendly_name,
        "conversation_state": c.state,
        "timers": timers(c),
        "attributes": c.attributes,
        "date_created": c.date_created,
        "date_updated": c.date_updated,
        "created_by": "system",
        "notification_level": uc.notification_level,
        "unique_name": c.unique_name,
        "url": f"{links.USERS}/{uc.user.sid}/Conversations/{c.sid}",
        "links": {
            "participant": links.participant(c.sid, p.sid),
            "conversation": links.conversation(c.sid),
        },
    }
