"""08 · Your turn: from which Twilio number did participant #1 get their latest text?"""

from twilio.rest import Client

from helpers.walkthrough import cast


def solve(client: Client) -> str:
    participant_1 = cast(client).participants[0]
    (latest,) = client.messages.list(to=participant_1, limit=1)
    return str(latest.from_)
