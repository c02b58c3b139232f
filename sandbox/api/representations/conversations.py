"""A conversation and what it holds, as Twilio's JSON: participants, messages and their delivery
receipts, conversation-scoped webhooks, and a user's or an address's view of conversations."""

from __future__ import annotations

import json
from functools import lru_cache

from sandbox.api import links
from sandbox.api.representations.encoding import JSON, encode
from sandbox.engine.user_conversations import UserConversation
from sandbox.rows import (
    Conversation,
    DeliverySummary,
    Message,
    Participant,
    ParticipantConversation,
    Receipt,
    ScopedWebhook,
)

RECEIPT_STATUSES = ("sent", "delivered", "read", "failed", "undelivered")


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


def delivery_summary(summary: DeliverySummary | None) -> JSON | None:
    """Twilio's summary: per status, whether `all`, `some` or `none` of the receipts have it."""
    if summary is None:
        return None
    result: JSON = {"total": summary.total}
    by_status = dict(summary.by_status)
    for status in RECEIPT_STATUSES:
        count = by_status.get(status, 0)
        result[status] = "all" if count == summary.total else "some" if count else "none"
    return result


@lru_cache(maxsize=4096)
def encoded_message(account_sid: str, m: Message) -> bytes:
    """A message's representation, encoded once: lists send the same messages again and again (a
    playground polls). The key is the whole message, so an edit or a new receipt is a new key."""
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
        "delivery": delivery_summary(m.delivery),
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


def user_conversation(account_sid: str, uc: UserConversation) -> JSON:
    """Named under /v1/Users (a service-scoped endpoint's body is moved under its service)."""
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
