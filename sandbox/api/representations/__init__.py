"""Twilio's JSON for every resource the sandbox answers with: snake_case fields, `url` and
`links`, as in the spec. One module per branch of Twilio's resource tree (a conversation, a
service, the account's configuration, the 2010 API, Messaging Services); every name is here,
so a handler calls `representations.message(...)`."""

from __future__ import annotations

from sandbox.api.representations.configuration import (
    address_configuration,
    configuration,
    configuration_webhook,
)
from sandbox.api.representations.conversations import (
    RECEIPT_STATUSES,
    conversation,
    delivery_summary,
    encoded_message,
    message,
    messaging_binding,
    participant,
    participant_conversation,
    receipt,
    scoped_configuration,
    scoped_webhook,
    timers,
    user_conversation,
)
from sandbox.api.representations.encoding import JSON, encode, with_chat_service_sid
from sandbox.api.representations.message_2010 import (
    message_media,
    phone_number,
    phone_text,
    segments,
    sms,
)
from sandbox.api.representations.messaging_services import messaging_service, pool_number
from sandbox.api.representations.services import (
    binding,
    credential,
    role,
    service,
    service_configuration,
    service_notifications,
    service_webhooks,
    user,
)

__all__ = [
    "JSON",
    "RECEIPT_STATUSES",
    "address_configuration",
    "binding",
    "configuration",
    "configuration_webhook",
    "conversation",
    "credential",
    "delivery_summary",
    "encode",
    "encoded_message",
    "message",
    "message_media",
    "messaging_binding",
    "messaging_service",
    "participant",
    "participant_conversation",
    "phone_number",
    "phone_text",
    "pool_number",
    "receipt",
    "role",
    "scoped_configuration",
    "scoped_webhook",
    "segments",
    "service",
    "service_configuration",
    "service_notifications",
    "service_webhooks",
    "sms",
    "timers",
    "user",
    "user_conversation",
    "with_chat_service_sid",
]
