"""11 · Your turn: a conversation (the kit's mark) that goes inactive after 30 quiet minutes."""

from twilio.rest import Client

from helpers.kit_marks import kit_attributes


def solve(client: Client) -> str:
    conversation = client.conversations.v1.conversations.create(
        attributes=kit_attributes(), state="active", timers_inactive="PT30M"
    )
    return str(conversation.sid)
