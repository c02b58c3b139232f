"""03 · Your turn: add participant #3, the chat user, to "lab-participants" too, with the mark."""

from twilio.rest import Client

from helpers.kit_marks import kit_attributes
from helpers.walkthrough import cast


def solve(client: Client) -> str:
    identity = cast(client).chat_identity
    participant = client.conversations.v1.conversations("lab-participants").participants.create(
        identity=identity, attributes=kit_attributes()
    )
    return str(participant.sid)
