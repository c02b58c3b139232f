"""07 · Your turn: which Twilio number do the Group MMS's phones see the chat user as?"""

from twilio.rest import Client

from helpers.walkthrough import cast


def solve(client: Client) -> str:
    chat_user = cast(client).chat_identity
    people = client.conversations.v1.conversations("group-texting-lab-mms").participants.list()
    (binding,) = [p.messaging_binding for p in people if p.identity == chat_user]
    return str(binding["projected_address"])
