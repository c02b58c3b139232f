"""The sandbox's own endpoints, which no Twilio API has: health, a phone's text, reset, clock.

The only module of the kit that calls them. Each goes over HTTP through the SDK's client
(health needs no credentials and goes alone), exactly as any other program would call them.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from helpers._local.transport import SandboxHttpClient
from lab_contract.defaults import SERVICE_NAME

HEALTH_PATH = "/sandbox/Health"
CREDENTIALS_CHECK_PATH = "/v1/Configuration"  # any authenticated read would do; this one is small


class NotSandbox(RuntimeError):
    """A sandbox-only call was made on a live client."""


@dataclass(frozen=True)
class Health:
    answered: bool
    is_sandbox: bool
    account_sid: str | None = None
    pid: int | None = None


def probe(url: str, timeout: float = 1.0) -> Health:
    """Ask `url` whether it is a sandbox (no credentials needed, none returned)."""
    try:
        with urllib.request.urlopen(url + HEALTH_PATH, timeout=timeout) as reply:
            body = json.loads(reply.read().decode("utf-8"))
    except urllib.error.HTTPError:
        return Health(answered=True, is_sandbox=False)
    except (urllib.error.URLError, OSError, ValueError):
        return Health(answered=False, is_sandbox=False)
    if not isinstance(body, dict) or body.get("service") != SERVICE_NAME:
        return Health(answered=True, is_sandbox=False)
    return Health(True, True, body.get("account_sid"), body.get("pid"))


def accepts(url: str, account_sid: str, auth_token: str, timeout: float = 2.0) -> bool:
    """Whether the server at `url` accepts these credentials: proof that it is the sandbox they
    belong to (another user's sandbox, on a port that was once ours, answers 401)."""
    request = urllib.request.Request(url + CREDENTIALS_CHECK_PATH)
    basic = base64.b64encode(f"{account_sid}:{auth_token}".encode()).decode()
    request.add_header("Authorization", f"Basic {basic}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            return bool(reply.status == 200)
    except (urllib.error.URLError, OSError, ValueError):
        return False


def phone_texts(
    client: Client, sender: str, twilio_number: str | list[str], body: str
) -> dict[str, Any]:
    """A simulated phone texts a Twilio number (or, given a list, a group: a Twilio number and
    the other phones, a Group MMS); the sandbox's answer (the inbound text, routed)."""
    path = f"/sandbox/Phones/{quote(sender)}/Messages"
    return _call(client, "POST", path, {"To": twilio_number, "Body": body}, expect=201)


def phone_texts_group(
    client: Client, sender: str, recipients: list[str], body: str
) -> dict[str, Any]:
    """A simulated phone texts a group: a Twilio number and the other phones (a Group MMS)."""
    return phone_texts(client, sender, recipients, body)


def phone_inbox(client: Client, phone: str) -> list[dict[str, Any]]:
    """What a simulated phone's screen holds, newest first; a group text lists its `members`."""
    return list(
        _call(client, "GET", f"/sandbox/Phones/{quote(phone)}/Messages", None, expect=200)[
            "messages"
        ]
    )


def set_phone_state(client: Client, phone: str, state: str) -> str:
    """Make a simulated phone `reachable`, `unreachable` (its SMS end `undelivered`, 30003), a
    `landline` (30006) or behind a `filtering` carrier (30007)."""
    path = f"/sandbox/Phones/{quote(phone)}"
    return str(_call(client, "POST", path, {"State": state}, expect=200)["state"])


def register_binding(
    client: Client,
    service_sid: str,
    identity: str,
    binding_type: str,
    device_token: str,
    credential_sid: str | None = None,
) -> str:
    """A simulated device registers for push (`apn`, `gcm` or `fcm`) as a Conversations SDK
    client would; the binding's SID (BS…). Twilio's REST API has no such call; offline nothing
    is pushed."""
    params = {"Identity": identity, "BindingType": binding_type, "Address": device_token}
    if credential_sid:
        params["CredentialSid"] = credential_sid
    path = f"/sandbox/Services/{service_sid}/Bindings"
    return str(_call(client, "POST", path, params, expect=201)["sid"])


def reset(client: Client) -> None:
    """Delete everything in the sandbox, numbers included."""
    _call(client, "POST", "/sandbox/Reset", None, expect=200)


def clock_now(client: Client) -> str:
    """The sandbox's current time (ISO-8601 UTC)."""
    return str(_call(client, "GET", "/sandbox/Clock", None, expect=200)["now"])


def advance_clock(client: Client, seconds: int) -> str:
    """Move the sandbox's clock `seconds` forward; timers that fall due fire at once."""
    return str(
        _call(client, "POST", "/sandbox/Clock", {"Seconds": str(seconds)}, expect=200)["now"]
    )


def _call(
    client: Client,
    method: str,
    path: str,
    data: dict[str, str | list[str]] | None,
    *,
    expect: int,
) -> dict[str, Any]:
    transport = client.http_client
    if not isinstance(transport, SandboxHttpClient):
        raise NotSandbox(f"{method} {path} is the sandbox's own call; Twilio has no such API.")
    url = transport.sandbox_url + path
    response = client.request(method, url, data=data)
    payload = json.loads(response.text or "{}")
    if response.status_code != expect:
        raise TwilioRestException(
            response.status_code,
            url,
            msg=payload.get("message", f"The sandbox refused {method} {path}."),
            code=payload.get("code"),
            method=method,
        )
    return payload
