"""What every example shares: a Twilio client from your credentials, and Twilio's refusals in one
line with the code and its page."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable

from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.response import Response
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


def refusal(error: TwilioException) -> str:
    """Twilio's refusal in one line: what it said, its code, what to do, and the code's page."""
    status, code, message = _answer(error)
    hint = HINTS.get(code or 0)
    advice = f": {hint}" if hint else ""
    return f"Twilio refused (HTTP {status}, error {code}): {message}{advice}. {ERRORS_PAGE}{code}"


def _answer(error: TwilioException) -> tuple[int | None, int | None, str]:
    """(status, code, message) of the refusal. The SDK raises TwilioRestException for a call,
    but a bare TwilioException carrying Twilio's answer for a page of a list it cannot fetch."""
    if isinstance(error, TwilioRestException):
        return error.status, error.code, error.msg
    answer = next((a for a in error.args if isinstance(a, Response)), None)
    try:
        body = json.loads(answer.text) if answer is not None else {}
    except ValueError:
        body = {}
    status = answer.status_code if answer is not None else None
    return status, body.get("code"), body.get("message") or str(error.args[0])


def run(action: Callable[[Client], None]) -> int:
    """Run `action` with a client; a refusal or an unreachable Twilio is one line and exit 1."""
    try:
        action(client())
    except TwilioException as error:
        print(refusal(error), file=sys.stderr)
        return 1
    except OSError as error:  # the SDK's HTTP library raises its connection errors as OSError
        print(
            f"Could not reach Twilio ({type(error).__name__}): check your network, and "
            "HTTPS_PROXY if you set one (is the proxy running?).",
            file=sys.stderr,
        )
        return 1
    return 0
