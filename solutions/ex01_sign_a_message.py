"""01 · Your turn: post as participant #3, the author's name first in the body, so phones see it."""

from twilio.rest import Client

from helpers.walkthrough import cast, find_conversation


def solve(client: Client) -> str:
    identity = cast(client).participants[2]  # participant #3, on chat
    conversation = find_conversation(client)
    message = client.conversations.v1.conversations(conversation.sid).messages.create(
        author=identity, body=f"[{identity}] See you all at noon"
    )
    return str(message.sid)
