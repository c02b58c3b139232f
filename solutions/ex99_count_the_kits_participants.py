"""99 · Your turn: how many participants are in the conversations that carry the kit's mark?"""

from twilio.rest import Client

from helpers.kit_marks import is_kit


def solve(client: Client) -> int:
    conversations = client.conversations.v1.conversations
    return sum(
        len(conversations(conversation.sid).participants.list())
        for conversation in conversations.stream()
        if is_kit(conversation.attributes)
    )
