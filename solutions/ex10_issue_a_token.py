"""10 · Your turn: a chat token for participant-3 that lasts five minutes."""

from twilio.jwt.access_token import AccessToken
from twilio.jwt.access_token.grants import ChatGrant
from twilio.rest import Client

from helpers.tokens import api_key


def solve(client: Client) -> str:
    service_sid = client.conversations.v1.configuration().fetch().default_chat_service_sid
    key_sid, key_secret = api_key(client)
    token = AccessToken(client.account_sid, key_sid, key_secret, identity="participant-3", ttl=300)
    token.add_grant(ChatGrant(service_sid=service_sid))
    return str(token.to_jwt())
