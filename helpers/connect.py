"""`connect()`: the one way notebooks get a Twilio client, live or on the sandbox."""

from __future__ import annotations

import os
from pathlib import Path

from twilio.rest import Client

from helpers._local.sandbox_finder import find_sandbox
from helpers._local.transport import SandboxHttpClient
from helpers.settings import Settings, load_settings
from lab_contract.paths import default_db


def connect(mode: str | None = None, *, quiet: bool = False) -> Client:
    """Return a `twilio.rest.Client` for the kit's mode and print one line saying which.

    `mode` ("sandbox" or "live") overrides KIT_MODE for this call. In sandbox mode it uses the
    user's own sandbox (or the one SANDBOX_URL names), started in the background if need be.
    """
    settings = load_settings(mode=mode)
    client = _live_client(settings) if settings.mode == "live" else _sandbox_client(settings)
    if not quiet:
        print(describe(client))
    return client


def is_sandbox(client: Client) -> bool:
    return isinstance(client.http_client, SandboxHttpClient)


def describe(client: Client) -> str:
    """One line naming the mode and where it points, never a token."""
    http = client.http_client
    if isinstance(http, SandboxHttpClient):
        url = http.sandbox_url
        return f"Sandbox mode: offline Twilio emulator at {url} (account {client.account_sid})."
    consent = (
        "charges are allowed (KIT_ALLOW_CHARGES=yes)"
        if load_settings().allow_charges
        else "charges are not allowed, so cells that would charge skip (KIT_ALLOW_CHARGES=yes "
        "allows them)"
    )
    return (
        f"Live mode: Twilio account {client.account_sid} — texts are real SMS and charged; "
        f"{consent}."
    )


def _live_client(settings: Settings) -> Client:
    return Client(settings.twilio_account_sid, settings.twilio_auth_token)


def _sandbox_client(settings: Settings) -> Client:
    told_db = os.environ.get("SANDBOX_DB")
    db_path = Path(told_db) if told_db else default_db()
    sandbox = find_sandbox(settings, db_path, is_default_db=not told_db)
    return Client(
        sandbox.account_sid,
        sandbox.auth_token,
        http_client=SandboxHttpClient(
            sandbox.url, api_key=(sandbox.api_key_sid, sandbox.api_key_secret)
        ),
    )
