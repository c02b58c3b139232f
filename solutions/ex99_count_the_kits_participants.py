"""99 · Your turn: how many of the account's conversations carry the kit's mark?"""

from twilio.rest import Client

from helpers.cleanup import is_kit


def solve(client: Client) -> int:
    conversations = client.conversations.v1.conversations.stream()
    return sum(1 for conversation in conversations if is_kit(conversation.attributes))
