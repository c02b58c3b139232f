"""Pre-event webhooks at the HTTP edge: which pre-events a request is about to cause, told from a
read-only look before its write begins, and the receiver's verdict applied to the request."""

from __future__ import annotations

from collections.abc import Callable

from starlette.concurrency import run_in_threadpool

from sandbox.api import conversations as conv
from sandbox.api import sandbox, users
from sandbox.api.calls import Call, Handler
from sandbox.api.forms import Params
from sandbox.engine import (
    address_configurations,
    conversations,
    messages,
    participants,
    pre_events,
)
from sandbox.engine import users as user_records
from sandbox.engine.engine import Engine
from sandbox.engine.pre_events import ALLOWED, PreEvent, Verdict
from sandbox.engine.webhooks import Delivery
from sandbox.errors import ApiError, RejectedByPreWebhook

Ask = Callable[[Delivery], tuple[int | None, bytes]]
# The JSON names a verdict may change, and the request parameters they stand for.
PARAMETERS = {
    "body": "Body",
    "author": "Author",
    "attributes": "Attributes",
    "friendly_name": "FriendlyName",
}


def _binding_type(address: str | None) -> str:
    return "SMS" if address else "CHAT"


def message_add(call: Call) -> list[PreEvent]:
    p = call.params
    conversation = conversations.get(call.ctx, call.path["conversation"])
    author = p.get("Author") or messages.DEFAULT_AUTHOR
    return [
        pre_events.event(
            "onMessageAdd",
            ConversationSid=conversation.sid,
            Body=p.get("Body"),
            Author=author,
            ParticipantSid=participants.find_author(call.ctx, conversation.sid, author),
            Attributes=p.get("Attributes") or "{}",
        )
    ]


def _message_change(type_: str) -> Callable[[Call], list[PreEvent]]:
    def build(call: Call) -> list[PreEvent]:
        conversation = conversations.get(call.ctx, call.path["conversation"])
        message = messages.get(call.ctx, conversation, call.path["message"])
        fields = messages.event_fields(message)
        return [pre_events.event(type_, **fields, DateUpdated=message.date_updated)]

    return build


def conversation_add(call: Call) -> list[PreEvent]:
    p = call.params
    return [
        pre_events.event(
            "onConversationAdd",
            FriendlyName=p.get("FriendlyName"),
            UniqueName=p.get("UniqueName"),
            Attributes=p.get("Attributes") or "{}",
            ChatServiceSid=call.ctx.service_sid,
            MessagingServiceSid=p.get("MessagingServiceSid"),
            State=p.get("State") or "active",
        )
    ]


def _conversation_change(type_: str) -> Callable[[Call], list[PreEvent]]:
    def build(call: Call) -> list[PreEvent]:
        conversation = conversations.get(call.ctx, call.path["conversation"])
        fields = conversations.event_fields(conversation)
        return [pre_events.event(type_, **fields, DateUpdated=conversation.date_updated)]

    return build


def participant_add(call: Call) -> list[PreEvent]:
    p = call.params
    conversation = conversations.get(call.ctx, call.path["conversation"])
    address = p.get("MessagingBinding.Address")
    return [
        pre_events.event(
            "onParticipantAdd",
            ConversationSid=conversation.sid,
            Identity=p.get("Identity"),
            RoleSid=p.get("RoleSid") or call.ctx.participant_role_sid,
            Attributes=p.get("Attributes") or "{}",
            **{
                "MessagingBinding.ProxyAddress": p.get("MessagingBinding.ProxyAddress"),
                "MessagingBinding.Address": address,
                "MessagingBinding.Type": _binding_type(address),
            },
        )
    ]


def _participant_change(type_: str) -> Callable[[Call], list[PreEvent]]:
    def build(call: Call) -> list[PreEvent]:
        conversation = conversations.get(call.ctx, call.path["conversation"])
        participant = participants.get(call.ctx, conversation, call.path["participant"])
        fields = {
            **participants.event_fields(participant),
            "DateUpdated": participant.date_updated,
            "MessagingBinding.Type": _binding_type(participant.address),
        }
        return [pre_events.event(type_, **fields)]

    return build


def user_update(call: Call) -> list[PreEvent]:
    user = user_records.get_user(call.ctx, call.path["sid"])
    return [
        pre_events.event(
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


def phone_text(call: Call) -> list[PreEvent]:
    """A routed text is onMessageAdd; one that auto-creates a conversation is onConversationAdd
    first (no conversation exists yet, so its onMessageAdd has no ConversationSid)."""
    sender, recipient = call.path["phone"], call.params.get("To") or ""
    body = call.params.get("Body")
    if not body:
        return []
    found = participants.find_by_pair(call.ctx, sender, recipient)
    events = []
    if found is None:
        if address_configurations.auto_creation(call.ctx, recipient) is None:
            return []  # the text lands in the Messaging log alone: no action to ask about
        events.append(
            pre_events.event(
                "onConversationAdd",
                api=False,
                ChatServiceSid=call.ctx.service_sid,
                State="active",
                MessageBody=body,
                **{"MessagingBinding.Address": sender, "MessagingBinding.ProxyAddress": recipient},
            )
        )
    events.append(
        pre_events.event(
            "onMessageAdd",
            api=False,
            ConversationSid=found.conversation_sid if found else None,
            Body=body,
            Author=sender,
            ParticipantSid=found.sid if found else None,
            Attributes="{}",
        )
    )
    return events


BUILDERS: dict[Handler, Callable[[Call], list[PreEvent]]] = {
    conv.create_message: message_add,
    conv.update_message: _message_change("onMessageUpdate"),
    conv.delete_message: _message_change("onMessageRemove"),
    conv.create_conversation: conversation_add,
    conv.update_conversation: _conversation_change("onConversationUpdate"),
    conv.delete_conversation: _conversation_change("onConversationRemove"),
    conv.create_participant: participant_add,
    conv.update_participant: _participant_change("onParticipantUpdate"),
    conv.delete_participant: _participant_change("onParticipantRemove"),
    users.update_user: user_update,
    sandbox.phone_sends: phone_text,
}


async def consult(
    engine: Engine,
    ask: Ask,
    handler: Handler,
    params: Params,
    path: dict[str, str],
    forced: bool,
) -> tuple[Params, Verdict]:
    """Ask the pre-event webhook about this request, if any pre-event of it is filtered for.

    A rejected REST call raises RejectedByPreWebhook; a phone's text carries the verdict on.
    Changes a REST call is allowed become its parameters; a text's go on in the verdict."""
    hook, build = engine.pre_webhook, BUILDERS.get(handler)
    if hook is None or build is None:
        return params, ALLOWED
    try:
        with engine.peek() as ctx:
            events = build(Call(params, path, ctx, engine))
    except ApiError:
        return params, ALLOWED  # the write fails with the same error, with nothing to ask
    changes: dict[str, str] = {}
    api = False
    for pre_event in events:
        delivery = pre_events.delivery(hook, engine.account_sid, pre_event, forced)
        if delivery is None:
            continue
        api = api or pre_event.api
        status, body = await run_in_threadpool(ask, delivery)
        verdict = pre_events.verdict(pre_event.type, status, body)
        if not verdict.allowed:
            if api:
                raise RejectedByPreWebhook()
            return params, verdict
        changes.update(verdict.changes)
    if api and changes:
        return params.merged(Params([(PARAMETERS[k], v) for k, v in changes.items()])), ALLOWED
    return params, Verdict(changes=changes)
