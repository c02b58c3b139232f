"""02 · Your turn: add "participant-4" to the group by chat, with the kit's mark."""

from twilio.rest import Client

from helpers.cleanup import kit_attributes
from helpers.walkthrough import find_conversation


def solve(client: Client) -> str:
    conversation = find_conversation(client)
    participant = client.conversations.v1.conversations(conversation.sid).participants.create(
        identity="participant-4", attributes=kit_attributes()
    )
    return str(participant.sid)
