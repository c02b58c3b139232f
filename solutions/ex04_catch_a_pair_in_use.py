"""03 · Your turn: add participant #2 to the group again, the same way, and catch the error."""

from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from helpers.walkthrough import cast, find_conversation


def solve(client: Client) -> TwilioRestException:
    participant_2 = cast(client).participants[1]
    conversation = find_conversation(client)
    participants = client.conversations.v1.conversations(conversation.sid).participants
    binding = next(
        p.messaging_binding
        for p in participants.list()
        if (p.messaging_binding or {}).get("address") == participant_2
    )
    try:
        participants.create(
            messaging_binding_address=participant_2,
            messaging_binding_proxy_address=binding["proxy_address"],
        )
    except TwilioRestException as error:
        return error
    raise AssertionError("Twilio accepted the same pair twice in one conversation")
