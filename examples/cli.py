"""What every example shares: a Twilio client from your credentials, and Twilio's refusals in one
line with the code and its page."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from requests.exceptions import ConnectionError as NoConnection
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

CREDENTIALS_PAGE = "https://www.twilio.com/docs/iam/credentials/api"
ERRORS_PAGE = "https://www.twilio.com/docs/errors/"
HINTS = {
    20003: "check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN",
    20404: "check the SID you gave: nothing on this account has it",
}


def client() -> Client:
    """A client for the account in TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN (environment, else a
    `.env` file in this folder or above it)."""
    try:
        from dotenv import find_dotenv, load_dotenv
    except ImportError:  # python-dotenv is optional: the environment alone will do
        pass
    else:
        load_dotenv(find_dotenv(usecwd=True))
    account_sid = os.environ.get("TWILIO_ACCOUNT_SID")
    auth_token = os.environ.get("TWILIO_AUTH_TOKEN")
    if not account_sid or not auth_token:
        raise SystemExit(
            "Set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (in your environment or a .env file): "
            f"your Account SID and Auth Token, {CREDENTIALS_PAGE}"
        )
    return Client(account_sid, auth_token)


def refusal(error: TwilioRestException) -> str:
    """Twilio's refusal in one line: what it said, its code, what to do, and the code's page."""
    hint = HINTS.get(error.code or 0)
    advice = f": {hint}" if hint else ""
    return f"Twilio refused (HTTP {error.status}, error {error.code}): {error.msg}{advice}. " + (
        f"{ERRORS_PAGE}{error.code}"
    )


def run(action: Callable[[Client], None]) -> int:
    """Run `action` with a client; a refusal or an unreachable Twilio is one line and exit 1."""
    try:
        action(client())
    except TwilioRestException as error:
        print(refusal(error), file=sys.stderr)
        return 1
    except NoConnection as error:
        print(
            f"Could not reach Twilio ({type(error).__name__}): check your network, and "
            "HTTPS_PROXY if you set one (is the proxy running?).",
            file=sys.stderr,
        )
        return 1
    return 0
