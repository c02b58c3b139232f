"""The sandbox's own configuration: address, account, credentials, database and timeouts.

Read from the environment over a git-ignored `.env` at the top of the kit, as the kit's
helpers read theirs; the two agree on the documented defaults, and nothing else is shared.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from dotenv import dotenv_values

KIT_ROOT = Path(__file__).resolve().parent.parent

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
DEFAULT_ACCOUNT_SID = "AC" + "0" * 32
DEFAULT_AUTH_TOKEN = "sandbox-auth-token"
DEFAULT_DB = KIT_ROOT / ".sandbox" / "sandbox.db"
# The sandbox's API key (for access tokens and API-key auth); SANDBOX_API_KEY_SID/_SECRET override.
DEFAULT_API_KEY_SID = "SK" + "0" * 32
DEFAULT_API_KEY_SECRET = "sandbox-api-key-secret-for-offline-tokens"
# Twilio's: "Conversations webhooks have a maximum timeout of 5 seconds".
DEFAULT_WEBHOOK_TIMEOUT_SECONDS = 5.0

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


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


def load_config(env_file: Path | None = None) -> SandboxConfig:
    """The sandbox's configuration from SANDBOX_* variables, with the documented defaults."""
    env = _environment(env_file)
    url = urlsplit((env.get("SANDBOX_URL") or f"http://{DEFAULT_HOST}:{DEFAULT_PORT}").rstrip("/"))
    return SandboxConfig(
        host=url.hostname or DEFAULT_HOST,
        port=url.port or DEFAULT_PORT,
        db=Path(env.get("SANDBOX_DB") or DEFAULT_DB),
        account_sid=env.get("SANDBOX_ACCOUNT_SID") or DEFAULT_ACCOUNT_SID,
        auth_token=env.get("SANDBOX_AUTH_TOKEN") or DEFAULT_AUTH_TOKEN,
        api_key_sid=env.get("SANDBOX_API_KEY_SID") or DEFAULT_API_KEY_SID,
        api_key_secret=env.get("SANDBOX_API_KEY_SECRET") or DEFAULT_API_KEY_SECRET,
        webhook_timeout=_webhook_timeout(env.get("SANDBOX_WEBHOOK_TIMEOUT_SECONDS") or ""),
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


def _environment(env_file: Path | None) -> dict[str, str]:
    """The process environment over the values of `.env` (the environment wins)."""
    values: dict[str, str] = {}
    path = env_file if env_file is not None else KIT_ROOT / ".env"
    if path.is_file():
        values.update({k: v for k, v in dotenv_values(path).items() if v is not None})
    values.update(os.environ)
    return values
