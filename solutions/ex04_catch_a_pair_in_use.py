"""04 · Your turn: participant #2 joins a conversation of your own on the Twilio number they
already use in the group; Twilio refuses the pair (50416), and you catch the error."""

from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from helpers.kit_marks import kit_attributes
from helpers.walkthrough import cast, find_conversation


def solve(client: Client) -> TwilioRestException:
    participant_2 = cast(client).participants[1]
    group = find_conversation(client)
    binding = next(
        p.messaging_binding
        for p in client.conversations.v1.conversations(group.sid).participants.list()
        if (p.messaging_binding or {}).get("address") == participant_2
    )
    mine = client.conversations.v1.conversations.create(attributes=kit_attributes())
    try:
        client.conversations.v1.conversations(mine.sid).participants.create(
            messaging_binding_address=participant_2,
            messaging_binding_proxy_address=binding["proxy_address"],
        )
    except TwilioRestException as error:
        return error
    raise AssertionError("Twilio accepted a pair that another open conversation holds")
