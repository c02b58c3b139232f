"""The account's Conversations Configuration as Twilio's JSON: its defaults, its Address
Configurations and its Configuration Webhook."""

from __future__ import annotations

from sandbox.api import links
from sandbox.api.representations.encoding import JSON
from sandbox.engine.configuration import Configuration
from sandbox.engine.configuration_webhook import ConfigurationWebhook
from sandbox.rows import AddressConfiguration


def configuration(account_sid: str, c: Configuration) -> JSON:
    """`links.service` is the default service's Configuration, as the spec's example of
    `GET /v1/Configuration` gives it (Twilio's CLI reads it)."""
    return {
        "account_sid": account_sid,
        "default_chat_service_sid": c.default_chat_service_sid,
        "default_messaging_service_sid": c.default_messaging_service_sid,
        "default_inactive_timer": c.default_inactive_timer,
        "default_closed_timer": c.default_closed_timer,
        "url": links.CONFIGURATION,
        "links": {
            "service": f"{links.service(c.default_chat_service_sid)}/Configuration",
            "webhooks": links.CONFIGURATION_WEBHOOKS,
        },
    }


def address_configuration(account_sid: str, config: AddressConfiguration) -> JSON:
    return {
        "sid": config.sid,
        "account_sid": account_sid,
        "type": config.type,
        "address": config.address,
        "friendly_name": config.friendly_name,
        "auto_creation": config.auto_creation,
        "date_created": config.date_created,
        "date_updated": config.date_updated,
        "url": f"{links.ADDRESS_CONFIGURATIONS}/{config.sid}",
        "address_country": config.address_country,
    }


def configuration_webhook(account_sid: str, hooks: ConfigurationWebhook) -> JSON:
    return {
        "account_sid": account_sid,
        "method": hooks.method,
        "filters": list(hooks.filters),
        "pre_webhook_url": hooks.pre_webhook_url,
        "post_webhook_url": hooks.post_webhook_url,
        "target": hooks.target,
        "url": links.CONFIGURATION_WEBHOOKS,
    }
