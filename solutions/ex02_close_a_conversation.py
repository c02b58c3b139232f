"""02 · Your turn: create "my-first-conversation" with the kit's mark, then close it."""

from twilio.rest import Client

from helpers.kit_marks import kit_attributes


def solve(client: Client) -> str:
    conversation = client.conversations.v1.conversations.create(
        unique_name="my-first-conversation", attributes=kit_attributes()
    )
    closed = client.conversations.v1.conversations(conversation.sid).update(state="closed")
    return str(closed.sid)
