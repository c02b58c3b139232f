"""05 · Your turn: participant #2 joins a conversation of your own on a number free for them,
and a text from their phone proves the route."""

from twilio.rest import Client

from helpers.kit_marks import kit_attributes
from helpers.numbers import suggest_proxy
from helpers.phones import send_text
from helpers.walkthrough import cast


def solve(client: Client) -> str:
    participant_2 = cast(client).participants[1]
    mine = client.conversations.v1.conversations.create(attributes=kit_attributes())
    number = suggest_proxy(client, participant_2)  # a number they use in no open conversation
    client.conversations.v1.conversations(mine.sid).participants.create(
        messaging_binding_address=participant_2,
        messaging_binding_proxy_address=number,
        attributes=kit_attributes(),
    )
    text = send_text(client, participant_2, number, "Am I in the new group?")
    assert text.conversation_sid == mine.sid, text
    return str(mine.sid)
