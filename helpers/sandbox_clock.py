"""The sandbox's movable clock, for timers: read it, or move it forward (sandbox only)."""

from __future__ import annotations

import json

from twilio.rest import Client

from helpers.connect import is_sandbox


def _clock_url(client: Client) -> str:
    if not is_sandbox(client):
        raise RuntimeError("Only the sandbox's clock can be moved; Twilio's runs on real time.")
    return f"{client.http_client.sandbox_url}/sandbox/Clock"  # type: ignore[attr-defined]


def sandbox_now(client: Client) -> str:
    """The sandbox's current time (ISO-8601 UTC)."""
    response = client.request("GET", _clock_url(client))
    return str(json.loads(response.text)["now"])


def advance_clock(client: Client, seconds: int) -> str:
    """Move the sandbox's clock `seconds` forward; timers that fall due fire on the next call."""
    response = client.request("POST", _clock_url(client), data={"Seconds": str(seconds)})
    if response.status_code != 200:
        raise RuntimeError(f"The sandbox refused to move its clock: {response.text}")
    return str(json.loads(response.text)["now"])
