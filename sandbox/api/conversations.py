"""HTTP handlers of Conversations v1: conversations, participants, messages, receipts."""

from __future__ import annotations

from typing import Any

from sandbox.api import links, representations
from sandbox.api.calls import NO_CONTENT, Call, Reply, asks, created, ok
from sandbox.api.listing import v1_page
from sandbox.engine import (
    conversations,
    delivery_receipts,
    messages,
    participants,
    pre_events,
    users,
)
from sandbox.engine.participants import Binding
from sandbox.engine.pre_events import changed
from sandbox.engine.validation import Dates, moment
from sandbox.errors import InvalidParameter
from sandbox.rows import (
    Conversation,
    Message,
    Participant,
    ParticipantConversation,
    Receipt,
)


def conversation_fields(call: Call) -> dict[str, Any]:
    p = call.params
    return {
        "friendly_name": p.get("FriendlyName"),
        "unique_name": p.get("UniqueName"),
        "attributes": p.get("Attributes"),
        "state": p.get("State"),
        "timers_inactive": p.get("Timers.Inactive"),
        "timers_closed": p.get("Timers.Closed"),
        "messaging_service_sid": p.get("MessagingServiceSid"),
    }


def dates(call: Call) -> Dates:
    """DateCreated and DateUpdated, which imports and backfills give."""
    p = call.params
    return moment("DateCreated", p.get("DateCreated")), moment("DateUpdated", p.get("DateUpdated"))


def _conversation(call: Call) -> Conversation:
    return conversations.get(call.ctx, call.path["conversation"])


@asks(lambda call: pre_events.conversation_add(call.ctx, **conversation_fields(call)))
def create_conversation(call: Call) -> Reply:
    fields = changed(conversation_fields(call), call.verdict)
    conversation = conversations.create(call.ctx, **fields, dates=dates(call))
    return created(representations.conversation(call.account_sid, conversation))


def fetch_conversation(call: Call) -> Reply:
    return ok(representations.conversation(call.account_sid, _conversation(call)))


@asks(lambda call: pre_events.conversation_change("onConversationUpdate", _conversation(call)))
def update_conversation(call: Call) -> Reply:
    fields = changed(conversation_fields(call), call.verdict)
    conversation = conversations.update(call.ctx, _conversation(call), **fields, dates=dates(call))
    return ok(representations.conversation(call.account_sid, conversation))


@asks(lambda call: pre_events.conversation_change("onConversationRemove", _conversation(call)))
def delete_conversation(call: Call) -> Reply:
    conversations.delete(call.ctx, _conversation(call))
    return NO_CONTENT


def list_conversations(call: Call) -> Reply:
    request = call.page_request()
    p = call.params
    state, start, end = p.get("State"), p.get("StartDate"), p.get("EndDate")
    result = conversations.page(call.ctx, request, state, (start, end))
    items = [
        representations.conversation(call.account_sid, Conversation.from_row(r))
        for r in result.rows
    ]
    url = f"{links.CONVERSATIONS}/Conversations"
    filters = [("StartDate", start), ("EndDate", end), ("State", state)]
    return ok(v1_page("conversations", url, filters, request, result, items))


def _binding(call: Call) -> Binding:
    p = call.params
    return Binding(
        address=p.get("MessagingBinding.Address"),
        proxy_address=p.get("MessagingBinding.ProxyAddress"),
        name=p.get("MessagingBinding.Name"),
        level=p.get("MessagingBinding.Level"),
        projected_address=p.get("MessagingBinding.ProjectedAddress"),
    )


def participant_fields(call: Call) -> dict[str, Any]:
    p = call.params
    return {
        "identity": p.get("Identity"),
        "binding": _binding(call),
        "attributes": p.get("Attributes"),
        "role_sid": p.get("RoleSid"),
    }


@asks(
    lambda call: pre_events.participant_add(
        call.ctx, _conversation(call), **participant_fields(call)
    )
)
def create_participant(call: Call) -> Reply:
    participant = participants.create(
        call.ctx, _conversation(call), **participant_fields(call), dates=dates(call)
    )
    return created(representations.participant(call.account_sid, participant))


def _participant(call: Call) -> tuple[Conversation, Participant]:
    conversation = _conversation(call)
    return conversation, participants.get(call.ctx, conversation, call.path["participant"])


def fetch_participant(call: Call) -> Reply:
    _, participant = _participant(call)
    return ok(representations.participant(call.account_sid, participant))


@asks(lambda call: pre_events.participant_change("onParticipantUpdate", _participant(call)[1]))
def update_participant(call: Call) -> Reply:
    p = call.params
    conversation, participant = _participant(call)
    updated = participants.update(
        call.ctx,
        conversation,
        participant,
        identity=p.get("Identity"),
        proxy_address=p.get("MessagingBinding.ProxyAddress"),
        projected_address=p.get("MessagingBinding.ProjectedAddress"),
        attributes=p.get("Attributes"),
        role_sid=p.get("RoleSid"),
        last_read_message_index=p.get_int("LastReadMessageIndex", minimum=0),
        last_read_timestamp=p.get("LastReadTimestamp"),
        dates=dates(call),
    )
    return ok(representations.participant(call.account_sid, updated))


@asks(lambda call: pre_events.participant_change("onParticipantRemove", _participant(call)[1]))
def delete_participant(call: Call) -> Reply:
    conversation, participant = _participant(call)
    participants.delete(call.ctx, conversation, participant)
    return NO_CONTENT


def list_participants(call: Call) -> Reply:
    conversation = _conversation(call)
    request = call.page_request()
    result = participants.page(call.ctx, conversation, request)
    items = [
        representations.participant(call.account_sid, Participant.from_row(r)) for r in result.rows
    ]
    url = f"{links.conversation(conversation.sid)}/Participants"
    return ok(v1_page("participants", url, [], request, result, items))


def message_fields(call: Call) -> dict[str, str | None]:
    p = call.params
    return {"author": p.get("Author"), "body": p.get("Body"), "attributes": p.get("Attributes")}


@asks(lambda call: pre_events.message_add(call.ctx, _conversation(call), **message_fields(call)))
def create_message(call: Call) -> Reply:
    p = call.params
    p.accept_unused("Subject")  # an email's subject: no email channel offline
    content_sid, variables = p.get("ContentSid"), p.get("ContentVariables")
    fields = changed(message_fields(call), call.verdict)
    message = messages.create(
        call.ctx,
        _conversation(call),
        **fields,
        media_sids=p.get_list("MediaSid"),
        content=(content_sid, variables) if content_sid else None,
        dates=dates(call),
    )
    return created(representations.message(call.account_sid, message))


def _message(call: Call) -> tuple[Conversation, Message]:
    conversation = _conversation(call)
    return conversation, messages.get(call.ctx, conversation, call.path["message"])


def fetch_message(call: Call) -> Reply:
    _, message = _message(call)
    return ok(representations.message(call.account_sid, message))


@asks(lambda call: pre_events.message_change("onMessageUpdate", _message(call)[1]))
def update_message(call: Call) -> Reply:
    conversation, message = _message(call)
    call.params.accept_unused("Subject")
    fields = changed(message_fields(call), call.verdict)
    updated = messages.update(call.ctx, conversation, message, **fields, dates=dates(call))
    return ok(representations.message(call.account_sid, updated))


@asks(lambda call: pre_events.message_change("onMessageRemove", _message(call)[1]))
def delete_message(call: Call) -> Reply:
    conversation, message = _message(call)
    messages.delete(call.ctx, conversation, message)
    return NO_CONTENT


def list_messages(call: Call) -> Reply:
    conversation = _conversation(call)
    request = call.page_request()
    order = call.params.get("Order") or "asc"
    found, result = messages.page(call.ctx, conversation, request, order)
    items = [representations.encoded_message(call.account_sid, m) for m in found]
    url = f"{links.conversation(conversation.sid)}/Messages"
    return ok(v1_page("messages", url, [("Order", order)], request, result, items))


def list_receipts(call: Call) -> Reply:
    conversation, message = _message(call)
    request = call.page_request()
    result = delivery_receipts.page(call.ctx, message, request)
    items = [representations.receipt(call.account_sid, Receipt.from_row(r)) for r in result.rows]
    url = f"{links.message(conversation.sid, message.sid)}/Receipts"
    return ok(v1_page("delivery_receipts", url, [], request, result, items))


def fetch_receipt(call: Call) -> Reply:
    _, message = _message(call)
    receipt = delivery_receipts.get(call.ctx, message, call.path["receipt"])
    return ok(representations.receipt(call.account_sid, receipt))


def list_participant_conversations(call: Call) -> Reply:
    address, identity = call.params.get("Address"), call.params.get("Identity")
    if bool(address) == bool(identity):
        raise InvalidParameter("Give either Address (a phone number) or Identity, not both")
    request = call.page_request()
    result = participants.of_person(call.ctx, request, address, identity)
    # A chat participant's User is the one with its identity (one lookup: one identity per list).
    user_sid = users.sid_of(call.ctx, identity) if identity else None
    items = []
    for row in result.rows:
        participant = Participant.from_row(row)
        conversation = conversations.get(call.ctx, participant.conversation_sid)
        pair = ParticipantConversation(participant, conversation)
        items.append(representations.participant_conversation(call.account_sid, pair, user_sid))
    url = f"{links.CONVERSATIONS}/ParticipantConversations"
    filters = [("Address", address), ("Identity", identity)]
    return ok(v1_page("conversations", url, filters, request, result, items))
