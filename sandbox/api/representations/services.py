"""A Conversations Service and what it holds, as Twilio's JSON: the service, its roles, users,
push credentials and bindings, and its own Configuration, Notifications and Webhooks."""

from __future__ import annotations

import json

from sandbox.api import links
from sandbox.api.representations.encoding import JSON
from sandbox.engine.configuration_webhook import ConfigurationWebhook
from sandbox.engine.service_configuration import ServiceConfiguration
from sandbox.rows import Credential, PushBinding, Role, Service, User


def service(account_sid: str, s: Service) -> JSON:
    url = links.service(s.sid)
    return {
        "account_sid": account_sid,
        "sid": s.sid,
        "friendly_name": s.friendly_name,
        "date_created": s.date_created,
        "date_updated": s.date_updated,
        "url": url,
        "links": {
            name: f"{url}/{path}"
            for name, path in (
                ("conversations", "Conversations"),
                ("users", "Users"),
                ("roles", "Roles"),
                ("bindings", "Bindings"),
                ("configuration", "Configuration"),
                ("participant_conversations", "ParticipantConversations"),
                ("conversation_with_participants", "ConversationWithParticipants"),
            )
        },
    }


def credential(account_sid: str, c: Credential) -> JSON:
    """What Twilio's response shows: never the certificate, key or secret."""
    return {
        "sid": c.sid,
        "account_sid": account_sid,
        "friendly_name": c.friendly_name,
        "type": c.type,
        "sandbox": None if c.sandbox is None else str(bool(c.sandbox)).lower(),
        "date_created": c.date_created,
        "date_updated": c.date_updated,
        "url": f"{links.CREDENTIALS}/{c.sid}",
    }


def role(account_sid: str, r: Role) -> JSON:
    return {
        "sid": r.sid,
        "account_sid": account_sid,
        "chat_service_sid": r.chat_service_sid,
        "friendly_name": r.friendly_name,
        "type": r.type,
        "permissions": json.loads(r.permissions),
        "date_created": r.date_created,
        "date_updated": r.date_updated,
        "url": f"{links.CONVERSATIONS}/Roles/{r.sid}",
    }


def user(account_sid: str, u: User) -> JSON:
    url = f"{links.USERS}/{u.sid}"
    return {
        "sid": u.sid,
        "account_sid": account_sid,
        "chat_service_sid": u.chat_service_sid,
        "role_sid": u.role_sid,
        "identity": u.identity,
        "friendly_name": u.friendly_name,
        "attributes": u.attributes,
        "is_online": None,
        "is_notifiable": None,
        "date_created": u.date_created,
        "date_updated": u.date_updated,
        "url": url,
        "links": {"user_conversations": f"{url}/Conversations"},
    }


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
