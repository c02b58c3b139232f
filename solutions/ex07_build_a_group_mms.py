"""07 · Your turn: a Group MMS of participant #1's phone, the third phone and the chat user."""

import json

from twilio.rest import Client

from helpers.kit_marks import kit_attributes
from helpers.walkthrough import cast, group_mms_number


def solve(client: Client) -> str:
    the_cast = cast(client)
    people = [
        {"messaging_binding": {"address": the_cast.phone_1}},
        {"messaging_binding": {"address": the_cast.third_phone()}},
        {
            "identity": the_cast.chat_identity,
            "messaging_binding": {"projected_address": group_mms_number(client)},
        },
    ]
    group = client.conversations.v1.conversation_with_participants.create(
        attributes=kit_attributes(),
        participant=[json.dumps({**person, "attributes": kit_attributes()}) for person in people],
    )
    return str(group.sid)
