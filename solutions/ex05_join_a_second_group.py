"""05 · Your turn: find a Twilio number the third phone uses in no open conversation."""

from twilio.rest import Client

from helpers.numbers import account_numbers
from helpers.walkthrough import cast


def solve(client: Client) -> str:
    phone = cast(client).third_phone()
    in_use = {
        (pc.participant_messaging_binding or {}).get("proxy_address")
        for pc in client.conversations.v1.participant_conversations.stream(address=phone)
        if pc.conversation_state != "closed"
    }
    return next(number for number in account_numbers(client) if number not in in_use)
