"""Records rendered as Twilio's JSON: snake_case fields, `url` and `links`, as in the spec."""

from __future__ import annotations

import json
import math
from functools import lru_cache
from typing import Any

from sandbox.api import links
from sandbox.clock import parse_iso, rfc2822
from sandbox.engine import incoming_phone_numbers
from sandbox.engine.address_configurations import AddressConfiguration
from sandbox.engine.configuration import Configuration
from sandbox.engine.configuration_webhook import ConfigurationWebhook
from sandbox.engine.conversation_scoped_webhooks import ScopedWebhook
from sandbox.rows import (
    Conversation,
    Credential,
    DeliverySummary,
    Message,
    Participant,
    ParticipantConversation,
    PhoneNumber,
    Receipt,
    Role,
    Service,
    Sms,
    User,
)

RECEIPT_STATUSES = ("sent", "delivered", "read", "failed", "undelivered")

JSON = dict[str, Any]


def timers(conversation: Conversation) -> JSON:
    values = {"date_inactive": conversation.date_inactive, "date_closed": conversation.date_closed}
    return {key: value for key, value in values.items() if value}


def conversation(account_sid: str, c: Conversation) -> JSON:
    url = links.conversation(c.sid)
    return {
        "account_sid": account_sid,
        "chat_service_sid": c.chat_service_sid,
        "messaging_service_sid": c.messaging_service_sid,
        "sid": c.sid,
        "friendly_name": c.friendly_name,
        "unique_name": c.unique_name,
        "attributes": c.attributes,
        "state": c.state,
        "date_created": c.date_created,
        "date_updated": c.date_updated,
        "timers": timers(c),
        "url": url,
        "links": {
            "participants": f"{url}/Participants",
            "messages": f"{url}/Messages",
            "webhooks": f"{url}/Webhooks",
            "export": f"{url}/Export",  # the spec's example names it; the sandbox has no export
        },
        "bindings": None,
    }


def messaging_binding(p: Participant) -> JSON | None:
    if p.projected_address is not None:
        return {"type": "sms", "projected_address": p.projected_address}
    if not p.is_sms:
        return None
    return {"type": "sms", "address": p.address, "proxy_address": p.proxy_address}


def participant(account_sid: str, p: Participant) -> JSON:
    return {
        "account_sid": account_sid,
        "conversation_sid": p.conversation_sid,
        "sid": p.sid,
        "identity": p.identity,
        "attributes": p.attributes,
        "messaging_binding": messaging_binding(p),
        "role_sid": p.role_sid,
        "date_created": p.date_created,
        "date_updated": p.date_updated,
        "url": links.participant(p.conversation_sid, p.sid),
        "last_read_message_index": p.last_read_message_index,
        "last_read_timestamp": p.last_read_timestamp,
    }


def delivery(summary: DeliverySummary | None) -> JSON | None:
    """Twilio's summary: per status, whether `all`, `some` or `none` of the receipts have it."""
    if summary is None:
        return None
    result: JSON = {"total": summary.total}
    by_status = dict(summary.by_status)
    for status in RECEIPT_STATUSES:
        count = by_status.get(status, 0)
        result[status] = "all" if count == summary.total else "some" if count else "none"
    return result


def encode(body: JSON) -> bytes:
    """JSON as the sandbox sends it (as Starlette's JSONResponse writes it)."""
    return json.dumps(body, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()


def with_chat_service_sid(body: bytes, service_sid: str) -> bytes:
    """A service-scoped route's body: what belongs to a conversation (participant, message,
    receipt, webhook) names its service too, as Twilio's service-scoped schemas list it
    (`conversations.v1.service.service_conversation.*`); the account-level ones do not."""
    if b'"conversation_sid"' not in body:
        return body

    def scoped(value: Any) -> Any:
        if isinstance(value, list):
            return [scoped(item) for item in value]
        if not isinstance(value, dict):
            return value
        if "conversation_sid" not in value or "chat_service_sid" in value:
            return {key: scoped(item) for key, item in value.items()}
        account_sid = value.get("account_sid")
        rest = {key: scoped(item) for key, item in value.items() if key != "account_sid"}
        return {"account_sid": account_sid, "chat_service_sid": service_sid, **rest}

    return encode(scoped(json.loads(body)))


@lru_cache(maxsize=4096)
def encoded_message(account_sid: str, m: Message) -> bytes:
    """A message rendered and encoded once: lists send the same messages again and again (a
    playground polls). The key is the whole record, so an edit or a new receipt is a new key."""
    return encode(message(account_sid, m))


def message(account_sid: str, m: Message) -> JSON:
    url = links.message(m.conversation_sid, m.sid)
    return {
        "account_sid": account_sid,
        "conversation_sid": m.conversation_sid,
        "sid": m.sid,
        "index": m.index,
        "author": m.author,
        "body": m.body,
        "media": json.loads(m.media) if m.media else None,
        "attributes": m.attributes,
        "participant_sid": m.participant_sid,
        "date_created": m.date_created,
        "date_updated": m.date_updated,
        "url": url,
        "delivery": delivery(m.delivery),
        "links": {
            "delivery_receipts": f"{url}/Receipts",
            "channel_metadata": f"{url}/ChannelMetadata",
        },
        "content_sid": m.content_sid,
    }


def receipt(account_sid: str, r: Receipt) -> JSON:
    return {
        "account_sid": account_sid,
        "conversation_sid": r.conversation_sid,
        "sid": r.sid,
        "message_sid": r.message_sid,
        "channel_message_sid": r.channel_message_sid,
        "participant_sid": r.participant_sid,
        "status": r.status,
        "error_code": r.error_code or 0,
        "date_created": r.date_created,
        "date_updated": r.date_updated,
        "url": links.receipt(r.conversation_sid, r.message_sid, r.sid),
    }


def participant_conversation(
    account_sid: str, pc: ParticipantConversation, user_sid: str | None = None
) -> JSON:
    p, c = pc.participant, pc.conversation
    return {
        "account_sid": account_sid,
        "chat_service_sid": c.chat_service_sid,
        "participant_sid": p.sid,
        "participant_user_sid": user_sid,
        "participant_identity": p.identity,
        "participant_messaging_binding": messaging_binding(p),
        "conversation_sid": c.sid,
        "conversation_unique_name": c.unique_name,
        "conversation_friendly_name": c.friendly_name,
        "conversation_attributes": c.attributes,
        "conversation_date_created": c.date_created,
        "conversation_date_updated": c.date_updated,
        "conversation_created_by": "system",
        "conversation_state": c.state,
        "conversation_timers": timers(c),
        "links": {
            "participant": links.participant(c.sid, p.sid),
            "conversation": links.conversation(c.sid),
        },
    }


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


def segments(body: str) -> int:
    """GSM-7 SMS: 160 characters in one segment, 153 a segment when split."""
    return 1 if len(body) <= 160 else math.ceil(len(body) / 153)


def sms(account_sid: str, s: Sms) -> JSON:
    uri = links.account_uri(account_sid, f"Messages/{s.sid}.json")
    return {
        "body": s.body,
        "num_segments": str(segments(s.body)),
        "direction": s.direction,
        "from": s.sender,
        "to": s.recipient,
        "date_updated": rfc2822(parse_iso(s.date_updated)),
        "price": None,
        "error_message": None,
        "uri": uri,
        "account_sid": account_sid,
        "num_media": str(len(s.media) + len(s.media_urls)),
        "status": s.status,
        "messaging_service_sid": s.messaging_service_sid,
        "sid": s.sid,
        "date_sent": rfc2822(parse_iso(s.date_sent)),
        "date_created": rfc2822(parse_iso(s.date_created)),
        "error_code": s.error_code,
        "price_unit": "USD",
        "api_version": "2010-04-01",
        "subresource_uris": {
            "media": links.account_uri(account_sid, f"Messages/{s.sid}/Media.json"),
            "feedback": links.account_uri(account_sid, f"Messages/{s.sid}/Feedback.json"),
        },
    }


def phone_text(phone: str, s: Sms) -> JSON:
    """A text as the phone's screen shows it (the sandbox's own shape: Twilio has no such API).
    `members` is the group of a group text (every number but this phone's), else None."""
    return {
        "sid": s.sid,
        "direction": "sent" if s.sender == phone else "received",
        "from": s.sender,
        "to": s.recipient,
        "members": [n for n in s.recipients if n != phone] if s.is_group else None,
        "body": s.body,
        "media_urls": list(s.media_urls),  # an app's MMS by MediaUrl: the phone names its media
        "status": s.status,
        "date_sent": s.date_sent,
        "conversation_sid": s.conversation_sid,
    }


def phone_number(account_sid: str, n: PhoneNumber) -> JSON:
    return {
        "account_sid": account_sid,
        "address_requirements": "none",
        "beta": False,
        "capabilities": {"voice": True, "sms": True, "mms": True, "fax": False},
        "date_created": rfc2822(parse_iso(n.date_created)),
        "date_updated": rfc2822(parse_iso(n.date_updated)),
        "friendly_name": n.friendly_name,
        "phone_number": n.phone_number,
        "origin": "twilio",
        "sid": n.sid,
        "uri": links.account_uri(account_sid, f"IncomingPhoneNumbers/{n.sid}.json"),
        **incoming_phone_numbers.setting_values(n),
        "emergency_address_status": "unregistered",
        "status": "in-use",
        "type": "local",
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


def scoped_configuration(hook: ScopedWebhook) -> JSON:
    """What the webhook was configured with; a trigger's keywords and a Studio flow's SID and
    replay index only where given."""
    given = [("triggers", hook.triggers), ("flow_sid", hook.flow_sid)]
    extra = {name: value for name, value in given if value}
    if hook.replay_after is not None:
        extra["replay_after"] = hook.replay_after
    return {"url": hook.url, "method": hook.method, "filters": hook.filters, **extra}


def scoped_webhook(account_sid: str, hook: ScopedWebhook) -> JSON:
    return {
        "sid": hook.sid,
        "account_sid": account_sid,
        "conversation_sid": hook.conversation_sid,
        "target": hook.target,
        "url": links.scoped_webhook(hook.conversation_sid, hook.sid),
        "configuration": scoped_configuration(hook),
        "date_created": hook.date_created,
        "date_updated": hook.date_updated,
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
