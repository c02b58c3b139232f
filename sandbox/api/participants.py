"""HTTP handlers of a conversation's Participants, and of ParticipantConversations (the
conversations a phone number or a chat identity is in)."""

from __future__ import annotations

from typing import Any

from sandbox.api import links, representations
from sandbox.api.calls import NO_CONTENT, Call, Reply, asks, created, ok
from sandbox.api.conversations import conversation_of, dates
from sandbox.api.listing import v1_page
from sandbox.engine import conversations, participants, pre_events, users
from sandbox.engine.participants import Binding
from sandbox.errors import InvalidParameter
from sandbox.rows import Conversation, Participant, ParticipantConversation


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
        call.ctx, conversation_of(call), **participant_fields(call)
    )
)
def create_participant(call: Call) -> Reply:
    participant = participants.create(
        call.ctx, conversation_of(call), **participant_fields(call), dates=dates(call)
    )
    return created(representations.participant(call.account_sid, participant))


def _participant(call: Call) -> tuple[Conversation, Participant]:
    conversation = conversation_of(call)
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
    conversation = conversation_of(call)
    request = call.page_request()
    result = participants.page(call.ctx, conversation, request)
    items = [
        representations.participant(call.account_sid, Participant.from_row(r)) for r in result.rows
    ]
    url = f"{links.conversation(conversation.sid)}/Participants"
    return ok(v1_page("participants", url, [], request, result, items))


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
