"""Chat access tokens: an AccessToken with a ChatGrant for the default service, signed with the
sandbox's API key; the sandbox accepts that key for REST calls as Twilio does."""

from __future__ import annotations

import time

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from helpers._local.transport import SandboxHttpClient
from helpers.settings import sandbox_api_key
from helpers.tokens import chat_token, decode_token, signature_valid
from tests.support.sandbox_server import SandboxServer


def test_chat_token_carries_identity_and_the_default_service(client: Client) -> None:
    service_sid = client.conversations.v1.services.list()[0].sid
    token = chat_token(client, "coach", ttl=600)
    assert token.service_sid == service_sid
    inside = decode_token(token)
    assert inside["header"]["alg"] == "HS256" and inside["header"]["cty"] == "twilio-fpa;v=1"
    claims = inside["claims"]
    key_sid, key_secret = sandbox_api_key()
    assert claims["iss"] == key_sid and claims["sub"] == client.account_sid
    assert claims["grants"] == {"identity": "coach", "chat": {"service_sid": service_sid}}
    assert 0 < claims["exp"] - time.time() <= 600
    assert signature_valid(token, key_secret) and not signature_valid(token, "wrong")
    assert token.jwt not in repr(token) and token.jwt not in str(token)


def test_a_token_needs_an_identity(client: Client) -> None:
    with pytest.raises(ValueError, match="needs an identity"):
        chat_token(client, "")


def test_the_sandbox_accepts_its_api_key(sandbox_server: SandboxServer, client: Client) -> None:
    key_sid, key_secret = sandbox_api_key()
    keyed = Client(
        key_sid,
        key_secret,
        sandbox_server.account_sid,
        http_client=SandboxHttpClient(sandbox_server.url),
    )
    assert keyed.conversations.v1.configuration().fetch().default_chat_service_sid.startswith("IS")
    wrong = Client(
        key_sid,
        "nope",
        sandbox_server.account_sid,
        http_client=SandboxHttpClient(sandbox_server.url),
    )
    with pytest.raises(TwilioRestException) as caught:
        wrong.conversations.v1.conversations.create(friendly_name="with a wrong secret")
    assert (caught.value.status, caught.value.code) == (401, 20003)
    assert client.conversations.v1.conversations.list() == []  # nothing was stored
