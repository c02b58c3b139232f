"""10 · Your turn: a chat token for participant-3 that lasts five minutes."""

from twilio.rest import Client

from helpers.tokens import ChatToken, chat_token


def solve(client: Client) -> ChatToken:
    return chat_token(client, "participant-3", ttl=300)
