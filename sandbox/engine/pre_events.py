"""Pre-event webhooks: the account's PreWebhookUrl, asked before an action is committed.

The engine describes each action's pre-events (the fields below, with the engine's own defaults)
and applies a verdict's snake_case changes to the action; the HTTP layer only asks the receiver,
before the action's transaction begins.

As https://www.twilio.com/docs/conversations/conversations-webhooks says: a 2xx answer lets the
action through, its JSON body may change some of the action's fields; a 4xx or 5xx answer rejects
it; no answer (a receiver that is down, or silent for the 5-second timeout) lets it through
unmodified. They fire for what phones (and chat SDKs) do, and for REST calls only with
`X-Twilio-Webhook-Enabled: true`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from sandbox.dispatch import WebhookRequest
from sandbox.engine import address_configurations, conversations, group_mms, messages, participants
from sandbox.engine.configuration_webhook import KEY, effective_in, get_in
from sandbox.engine.context import PRE_EVENTS, Context
from sandbox.engine.participants import Binding
from sandbox.engine.post_events import service_of
from sandbox.rows import Conversation, Message, Participant, User

T = TypeVar("T")

# What a 200 answer's JSON may change, per event (the docs' "Modifiable Fields").
MODIFIABLE: dict[str, tuple[str, ...]] = {
    "onMessageAdd": ("body", "author", "attributes"),
    "onMessageUpdate": ("body", "author", "attributes"),
    "onConversationAdd": ("friendly_name",),
    "onConversationUpdate": ("friendly_name",),
}


@dataclass(frozen=True)
class PreWebhook:
    """The account's pre-event target and the pre-events its filters ask for."""

    url: str
    method: str
    filters: frozenset[str]


@dataclass(frozen=True)
class PreEvent:
    """An action about to happen, as its pre-event webhook describes it."""

    type: str
    fields: dict[str, str]
    api: bool = True  # asked for by a REST call (not by a phone)


@dataclass(frozen=True)
class Verdict:
    """What the receiver decided: go ahead (perhaps with changes), or not at all."""

    allowed: bool = True
    changes: dict[str, str] = field(default_factory=dict)


ALLOWED = Verdict()


def configured(db: sqlite3.Connection) -> bool:
    """Whether any pre-event target is set, globally or for a service: while none is, no write
    asks anything."""
    keys = db.execute(
        "SELECT key FROM meta WHERE key = ? OR key LIKE ?",
        (KEY, KEY + ":%"),
    ).fetchall()
    named = [row["key"] for row in keys]
    services = [None, *(key.partition(":")[2] for key in named if ":" in key)]
    return any(target(db, service) is not None for service in services)


def target_for(ctx: Context, pre_event: PreEvent) -> PreWebhook | None:
    """The target a pre-event asks: its conversation's service's, else the request's."""
    return target(ctx.db, service_of(ctx, pre_event.fields.get("ConversationSid") or None))


def target(db: sqlite3.Connection, service_sid: str | None) -> PreWebhook | None:
    """The pre-event target a service's actions ask (its own webhooks', else the global ones),
    if there is one and its filters name a pre-event; None: the global ones'."""
    account = get_in(db) if service_sid is None else effective_in(db, service_sid)
    filters = frozenset(account.filters) & frozenset(PRE_EVENTS)
    if not account.pre_webhook_url or not filters:
        return None
    return PreWebhook(account.pre_webhook_url, account.method, filters)


def event(type_: str, *, api: bool = True, **fields: object) -> PreEvent:
    values = {k: "" if v is None else str(v) for k, v in fields.items()}
    return PreEvent(type_, values, api)


def webhook_request(
    hook: PreWebhook, account_sid: str, pre_event: PreEvent, forced: bool
) -> WebhookRequest | None:
    """The request to make for this pre-event, or None when the filters or the source skip it."""
    if pre_event.type not in hook.filters or (pre_event.api and not forced):
        return None
    source = "API" if pre_event.api else "SMS"
    fields = {"EventType": pre_event.type, "AccountSid": account_sid, "Source": source}
    return WebhookRequest(hook.url, hook.method, {**fields, **pre_event.fields})


def verdict(event_type: str, status: int | None, body: bytes) -> Verdict:
    """Read the receiver's answer: `status` None means it never answered."""
    if status is None:
        return ALLOWED
    if not 200 <= status < 300:
        return Verdict(allowed=False)
    try:
        answer = json.loads(body or b"{}")
    except ValueError:
        return ALLOWED  # a 200 with some text that is not JSON: nothing to change
    if not isinstance(answer, dict):
        return ALLOWED
    changes = {}
    for name in MODIFIABLE.get(event_type, ()):
        value = answer.get(name)
        if value is not None:
            changes[name] = value if isinstance(value, str) else json.dumps(value)
    return Verdict(changes=changes)


def changed(fields: Mapping[str, T], verdict: Verdict) -> dict[str, T | str]:
    """An action's snake_case fields as the receiver's verdict changed them."""
    return {**fields, **{k: v for k, v in verdict.changes.items() if k in fields}}


# What each action is about to do, as its pre-event describes it.


def message_add(
    ctx: Context,
    conversation: Conversation,
    *,
    author: str | None,
    body: str | None,
    attributes: str | None,
) -> list[PreEvent]:
    author = messages.author_of(author)
    return [
        event(
            "onMessageAdd",
            ConversationSid=conversation.sid,
            Body=body,
            Author=author,
            ParticipantSid=participants.find_author(ctx, conversation.sid, author),
            Attributes=attributes or "{}",
        )
    ]


def message_change(type_: str, message: Message) -> list[PreEvent]:
    """onMessageUpdate or onMessageRemove: the message as it stands."""
    fields = messages.event_fields(message)
    return [event(type_, **fields, DateUpdated=message.date_updated)]


def conversation_add(
    ctx: Context,
    *,
    friendly_name: str | None,
    unique_name: str | None,
    attributes: str | None,
    state: str | None,
    messaging_service_sid: str | None,
    **_timers: str | None,
) -> list[PreEvent]:
    return [
        event(
            "onConversationAdd",
            FriendlyName=friendly_name,
            UniqueName=unique_name,
            Attributes=attributes or "{}",
            ChatServiceSid=ctx.service_sid,
            MessagingServiceSid=messaging_service_sid,
            State=conversations.state_of(state),
        )
    ]


def conversation_change(type_: str, conversation: Conversation) -> list[PreEvent]:
    """onConversationUpdate or onConversationRemove: the conversation as it stands."""
    fields = conversations.event_fields(conversation)
    return [event(type_, **fields, DateUpdated=conversation.date_updated)]


def participant_add(
    ctx: Context,
    conversation: Conversation,
    *,
    identity: str | None,
    binding: Binding,
    attributes: str | None,
    role_sid: str | None,
) -> list[PreEvent]:
    return [
        event(
            "onParticipantAdd",
            ConversationSid=conversation.sid,
            Identity=identity,
            RoleSid=participants.role_of(ctx, role_sid),
            Attributes=attributes or "{}",
            **{
                "MessagingBinding.ProxyAddress": binding.proxy_address,
                "MessagingBinding.Address": binding.address,
                "MessagingBinding.Type": participants.binding_type(binding.address),
            },
        )
    ]


def participant_change(type_: str, participant: Participant) -> list[PreEvent]:
    """onParticipantUpdate or onParticipantRemove: the participant as it stands."""
    fields = {
        **participants.event_fields(participant),
        "DateUpdated": participant.date_updated,
        "MessagingBinding.Type": participants.binding_type(participant.address),
    }
    return [event(type_, **fields)]


def user_update(user: User) -> list[PreEvent]:
    return [
        event(
            "onUserUpdate",
            ChatServiceSid=user.chat_service_sid,
            UserSid=user.sid,
            DateUpdated=user.date_updated,
            Identity=user.identity,
            RoleSid=user.role_sid,
            Attributes=user.attributes,
            FriendlyName=user.friendly_name,
        )
    ]


def group_text(
    ctx: Context, sender: str, recipients: list[str], body: str | None
) -> list[PreEvent]:
    """A phone's group text is onMessageAdd of the Group MMS whose members it names (no group:
    no action to ask about; Group MMS conversations are not auto-created)."""
    found = group_mms.conversation_of(ctx, sender, recipients) if body else None
    if found is None:
        return []
    conversation_sid, member = found
    return [_texted(conversation_sid, body, sender, member.sid)]


def phone_text(ctx: Context, sender: str, recipient: str, body: str | None) -> list[PreEvent]:
    """A routed text is onMessageAdd; one that auto-creates a conversation is onConversationAdd
    first (no conversation exists yet, so its onMessageAdd has no ConversationSid)."""
    if not body:
        return []
    found = participants.find_by_pair(ctx, sender, recipient)
    events = []
    if found is None:
        if address_configurations.auto_creation(ctx, recipient) is None:
            return []  # the text lands in the Messaging log alone: no action to ask about
        events.append(
            event(
                "onConversationAdd",
                api=False,
                ChatServiceSid=ctx.service_sid,
                State=conversations.state_of(None),
                MessageBody=body,
                **{"MessagingBinding.Address": sender, "MessagingBinding.ProxyAddress": recipient},
            )
        )
    events.append(
        _texted(
            found.conversation_sid if found else None, body, sender, found.sid if found else None
        )
    )
    return events


def _texted(
    conversation_sid: str | None, body: str, sender: str, participant_sid: str | None
) -> PreEvent:
    """onMessageAdd for a phone's text (Source SMS: it fires without the REST header)."""
    return event(
        "onMessageAdd",
        api=False,
        ConversationSid=conversation_sid,
        Body=body,
        Author=sender,
        ParticipantSid=participant_sid,
        Attributes="{}",
    )
