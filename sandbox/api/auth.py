"""Basic auth as Twilio checks it: the account SID and auth token, or an API key and secret."""

from __future__ import annotations

import base64
import binascii
import hmac
from dataclasses import dataclass

from sandbox.errors import AuthenticationFailed

# Twilio's words for each case of 20003 (twilio-cli looks for "authenticate" in them to add its
# hint about regional credentials): no Basic credentials, a username that is no account SID or
# API key it knows, and a known username with the wrong token or secret ("Authenticate").
NO_CREDENTIALS = "Authentication Error - No credentials provided"
INVALID_USERNAME = "Authentication Error - invalid username"
WRONG_SECRET = "Authenticate"


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


@dataclass(frozen=True)
class Credentials:
    """What the sandbox accepts: the account's SID and token, or an API key (SK…) and secret."""

    account_sid: str
    auth_token: str
    api_key_sid: str
    api_key_secret: str

    def check(self, authorization: str) -> None:
        """Raise `AuthenticationFailed` (20003, HTTP 401) unless the header carries either pair."""
        scheme, _, encoded = authorization.partition(" ")
        try:
            user, _, password = base64.b64decode(encoded, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            user, password = "", ""
        # Every comparison is made, so the time taken says nothing of which part was wrong.
        account_sid, token = _same(user, self.account_sid), _same(password, self.auth_token)
        key_sid, secret = _same(user, self.api_key_sid), _same(password, self.api_key_secret)
        account, key = account_sid and token, key_sid and secret
        if scheme.lower() != "basic" or not user:
            raise AuthenticationFailed(NO_CREDENTIALS)
        if not (account_sid or key_sid):
            raise AuthenticationFailed(INVALID_USERNAME)
        if not (account or key):
            raise AuthenticationFailed(WRONG_SECRET)
