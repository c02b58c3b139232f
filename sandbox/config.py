"""The sandbox's own configuration: address, account, credentials, database and timeouts.

Read from the environment over a git-ignored `.env` at the top of the kit, as the kit's helpers
read theirs; the documented defaults and the state folder are the contract's (`lab_contract`).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from lab_contract.defaults import (
    DEFAULT_HOST,
    DEFAULT_SANDBOX_ACCOUNT_SID,
    DEFAULT_SANDBOX_API_KEY_SECRET,
    DEFAULT_SANDBOX_API_KEY_SID,
    FREE_PORT,
)
from lab_contract.env_file import environment
from lab_contract.paths import default_db

# Twilio's: "Conversations webhooks have a maximum timeout of 5 seconds".
DEFAULT_WEBHOOK_TIMEOUT_SECONDS = 5.0

# How long after sending an SMS its carrier reports on it, on the sandbox's clock (whole seconds,
# as Twilio's dates are): long enough for a receipt to be seen `sent`, short enough for a lesson.
DELIVERY_SECONDS = 1

# SANDBOX_GROUP_MMS: `on` (the default) or `off`. Off, the sandbox answers as an account
# without Group MMS does: Twilio's 50452 ("Group MMS is not enabled for this Account",
# https://www.twilio.com/docs/api/errors/50452) for a participant that would make a Group MMS
# (an address alone, or a projected address), so an app's handling of it can be tried offline.
GROUP_MMS_SETTINGS = {"on": True, "off": False}


@dataclass(frozen=True)
class SandboxConfig:
    """Everything the sandbox server needs to start, read once."""

    host: str
    port: int
    db: Path
    account_sid: str
    auth_token: str = field(repr=False)
    api_key_sid: str
    api_key_secret: str = field(repr=False)
    webhook_timeout: float
    delivery_seconds: int = DELIVERY_SECONDS
    group_mms: bool = True  # SANDBOX_GROUP_MMS


def load_config(env_file: Path | None = None) -> SandboxConfig:
    """The sandbox's configuration from SANDBOX_* variables.

    Told no token, it makes a random token and API key secret; told no address, it takes a
    free port on 127.0.0.1. Either way its record (`lab_contract/record.py`) says what it chose.
    """
    env = environment(env_file)
    url = urlsplit((env.get("SANDBOX_URL") or "").rstrip("/"))
    told_token = env.get("SANDBOX_AUTH_TOKEN")
    default_secret = DEFAULT_SANDBOX_API_KEY_SECRET if told_token else secrets.token_urlsafe(32)
    return SandboxConfig(
        host=url.hostname or DEFAULT_HOST,
        port=url.port or FREE_PORT,
        db=Path(env.get("SANDBOX_DB") or default_db(env)),
        account_sid=env.get("SANDBOX_ACCOUNT_SID") or DEFAULT_SANDBOX_ACCOUNT_SID,
        auth_token=told_token or secrets.token_urlsafe(32),
        api_key_sid=env.get("SANDBOX_API_KEY_SID") or DEFAULT_SANDBOX_API_KEY_SID,
        api_key_secret=env.get("SANDBOX_API_KEY_SECRET") or default_secret,
        webhook_timeout=_webhook_timeout(env.get("SANDBOX_WEBHOOK_TIMEOUT_SECONDS") or ""),
        delivery_seconds=_delivery_seconds(env.get("SANDBOX_DELIVERY_SECONDS") or ""),
        group_mms=_group_mms(env.get("SANDBOX_GROUP_MMS") or "on"),
    )


def _webhook_timeout(text: str) -> float:
    """Seconds to wait for a webhook's answer: Twilio's 5 unless set (tests shorten it)."""
    if not text:
        return DEFAULT_WEBHOOK_TIMEOUT_SECONDS
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0.0
    if not seconds > 0:
        raise ValueError(f"SANDBOX_WEBHOOK_TIMEOUT_SECONDS must be a number above 0, not {text!r}.")
    return seconds


def _delivery_seconds(text: str) -> int:
    """Seconds between sending an SMS and its carrier's report: 1 unless set (a test that must
    see `sent` sets it long and moves the clock)."""
    if not text:
        return DELIVERY_SECONDS
    if not text.isdigit():
        raise ValueError(
            f"SANDBOX_DELIVERY_SECONDS must be a whole number of seconds, not {text!r}."
        )
    return int(text)


def _group_mms(text: str) -> bool:
    """Whether the account has Group MMS: `on` unless SANDBOX_GROUP_MMS says `off`."""
    setting = GROUP_MMS_SETTINGS.get(text.strip().lower())
    if setting is None:
        raise ValueError(f"SANDBOX_GROUP_MMS must be on or off, not {text!r}.")
    return setting
