"""`connect()`: the one way notebooks get a Twilio client, live or on the sandbox."""

from __future__ import annotations

import os
from pathlib import Path

from twilio.rest import Client

from helpers.sandbox_api import probe
from helpers.sandbox_process import (
    SandboxUnavailable,
    log_file,
    start_detached,
    wait_until_healthy,
)
from helpers.settings import DEFAULT_SANDBOX_DB, Settings, load_settings
from helpers.transport import SandboxHttpClient


def connect(mode: str | None = None, *, quiet: bool = False) -> Client:
    """Return a `twilio.rest.Client` for the kit's mode and print one line saying which.

    `mode` ("sandbox" or "live") overrides KIT_MODE for this call. In sandbox mode a
    sandbox server is started in the background if none answers at SANDBOX_URL.
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
    return f"Live mode: Twilio account {client.account_sid} — real SMS, real numbers, real charges."


def _live_client(settings: Settings) -> Client:
    return Client(settings.twilio_account_sid, settings.twilio_auth_token)


def _sandbox_client(settings: Settings) -> Client:
    url = settings.sandbox_url
    health = probe(url)
    if health.answered and not health.is_sandbox:
        raise SandboxUnavailable(
            f"Something that is not the kit's sandbox is answering at {url}. Stop it, or "
            "point SANDBOX_URL at a free port (e.g. SANDBOX_URL=http://127.0.0.1:8766)."
        )
    if not health.answered:
        db_path = Path(os.environ.get("SANDBOX_DB") or DEFAULT_SANDBOX_DB)
        process = start_detached(url, db_path, env=_sandbox_env(settings))
        health = wait_until_healthy(url, process=process, log=log_file(db_path))
    if health.account_sid and health.account_sid != settings.sandbox_account_sid:
        raise SandboxUnavailable(
            f"The sandbox at {url} serves account {health.account_sid}, but SANDBOX_ACCOUNT_SID "
            f"is {settings.sandbox_account_sid}. Use the same credentials for both, or stop it "
            "with `python -m sandbox stop`."
        )
    return Client(
        settings.sandbox_account_sid,
        settings.sandbox_auth_token,
        http_client=SandboxHttpClient(url),
    )


def _sandbox_env(settings: Settings) -> dict[str, str]:
    return {
        "SANDBOX_ACCOUNT_SID": settings.sandbox_account_sid,
        "SANDBOX_AUTH_TOKEN": settings.sandbox_auth_token,
    }
