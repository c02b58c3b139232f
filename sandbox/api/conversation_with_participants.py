"""HTTP handler of ConversationWithParticipants: a conversation and its participants at once."""

from __future__ import annotations

from sandbox.api import representations
from sandbox.api.calls import Call, Reply, created
from sandbox.api.conversations import conversation_fields, dates
from sandbox.engine import conversation_with_participants


def create_conversation_with_participants(call: Call) -> Reply:
    p = call.params
    conversation = conversation_with_participants.create(
        call.ctx, {**conversation_fields(call), "dates": dates(call)}, p.get_list("Participant")
    )
    return created(representations.conversation(call.account_sid, conversation))
