"""Access tokens for chat clients: an `AccessToken` with a `ChatGrant`, and what is inside it.

Live: signed with your API key (TWILIO_API_KEY_SID, TWILIO_API_KEY_SECRET). Sandbox: with the
sandbox's key (from its record, else helpers.settings.sandbox_api_key). The token string is a
credential for its identity: hand it to the client app, never print it; `decode_token()` shows
its header and claims.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass, field
from typing import Any

from twilio.jwt.access_token import AccessToken
from twilio.jwt.access_token.grants import ChatGrant
from twilio.rest import Client

from helpers._local.transport import SandboxHttpClient
from helpers.settings import live_api_key, sandbox_api_key


@dataclass(frozen=True)
class ChatToken:
    """An issued token: who it is for, which service, and the JWT (kept out of repr)."""

    identity: str
    service_sid: str
    api_key_sid: str
    jwt: str = field(repr=False)

    def __str__(self) -> str:
        return f"ChatToken(identity={self.identity!r}, service_sid={self.service_sid!r})"


def default_service_sid(client: Client) -> str:
    """The account's default Conversation Service (where conversations live by default)."""
    return str(client.conversations.v1.configuration().fetch().default_chat_service_sid)


def api_key(client: Client) -> tuple[str, str]:
    """The API key (SID, secret) that signs tokens: the sandbox's, or live your TWILIO_API_KEY_*."""
    transport = client.http_client
    if isinstance(transport, SandboxHttpClient):
        return transport.api_key or sandbox_api_key()
    key = live_api_key()
    if key is None:
        raise RuntimeError(
            "Access tokens are signed with an API key: create one in the Twilio Console "
            "(Account > API keys) and set TWILIO_API_KEY_SID and TWILIO_API_KEY_SECRET in .env."
        )
    return key


def chat_token(
    client: Client, identity: str, *, service_sid: str | None = None, ttl: int = 3600
) -> ChatToken:
    """Issue a token that lets `identity` use the Conversations client SDKs for `ttl` seconds."""
    if not identity:
        raise ValueError("A chat token needs an identity (the user's name in Conversations).")
    service_sid = service_sid or default_service_sid(client)
    key_sid, key_secret = api_key(client)
    token = AccessToken(str(client.account_sid), key_sid, key_secret, identity=identity, ttl=ttl)
    token.add_grant(ChatGrant(service_sid=service_sid))
    return ChatToken(identity, service_sid, key_sid, token.to_jwt())


def _segment(text: str) -> dict[str, Any]:
    padded = text + "=" * (-len(text) % 4)
    return dict(json.loads(base64.urlsafe_b64decode(padded)))


def decode_token(token: ChatToken) -> dict[str, Any]:
    """The token's decoded header and claims (no secret is in them), and nothing of the string."""
    header, claims, _ = token.jwt.split(".")
    return {"header": _segment(header), "claims": _segment(claims)}


def signature_valid(token: ChatToken, api_key_secret: str) -> bool:
    """Whether the token was signed (HS256) with this API key secret, as Twilio checks it."""
    header, claims, signature = token.jwt.split(".")
    digest = hmac.new(
        api_key_secret.encode(), f"{header}.{claims}".encode(), hashlib.sha256
    ).digest()
    expected = base64.urlsafe_b64encode(digest).decode().rstrip("=")
    return hmac.compare_digest(expected, signature)
