"""Where the kit's configuration comes from: the environment, then a git-ignored `.env`.

The sandbox's documented defaults and the `.env` reader are the contract's (`lab_contract`),
shared with the sandbox server: the kit needs them to reach and authenticate to it over HTTP.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lab_contract.defaults import (
    DEFAULT_SANDBOX_ACCOUNT_SID,
    DEFAULT_SANDBOX_API_KEY_SECRET,
    DEFAULT_SANDBOX_API_KEY_SID,
)
from lab_contract.env_file import environment

MODES = ("sandbox", "live")
YES = ("yes", "true", "1")


@dataclass(frozen=True)
class Settings:
    """Everything `connect()` needs to know, read once."""

    mode: str
    sandbox_url: str | None  # None: the user's own sandbox, found by its record
    sandbox_account_sid: str
    sandbox_auth_token: str | None = field(repr=False)
    twilio_account_sid: str | None
    twilio_auth_token: str | None = field(repr=False)
    mode_reason: str
    allow_charges: bool = False  # KIT_ALLOW_CHARGES=yes: live, numbers may be bought, SMS sent
    confirm_delete: bool = False  # KIT_CONFIRM_DELETE=yes: live, 99 deletes without a click
    public_url: str | None = None  # KIT_PUBLIC_URL: where Twilio reaches 09's and 11's receiver

    @property
    def has_live_credentials(self) -> bool:
        return bool(self.twilio_account_sid and self.twilio_auth_token)


def is_yes(value: str | None) -> bool:
    return (value or "").strip().lower() in YES


def load_settings(env_file: Path | None = None, mode: str | None = None) -> Settings:
    """Read the mode, the sandbox's address and credentials, and the learner's consents.

    Live only when asked for: KIT_MODE=live (or `mode`), with TWILIO_ACCOUNT_SID and
    TWILIO_AUTH_TOKEN set. Credentials alone do not switch the kit to a real account (many
    developers have them in their environment for other work); the reason then says so.
    """
    env = environment(env_file)
    account_sid = env.get("TWILIO_ACCOUNT_SID") or None
    auth_token = env.get("TWILIO_AUTH_TOKEN") or None
    forced = (mode or env.get("KIT_MODE") or "").strip().lower()
    if forced and forced not in MODES:
        raise ValueError(f"KIT_MODE must be 'sandbox' or 'live', not {forced!r}.")
    has_credentials = bool(account_sid and auth_token)
    if forced == "live" and not has_credentials:
        raise ValueError(
            "KIT_MODE=live needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN "
            "(in the environment or in .env at the top of the kit)."
        )
    if forced:
        mode, reason = forced, f"KIT_MODE={forced}"
    elif has_credentials:
        mode = "sandbox"
        reason = (
            "KIT_MODE is not set; your TWILIO_* credentials are not used until you set "
            "KIT_MODE=live"
        )
    else:
        mode, reason = "sandbox", "no Twilio credentials are set"
    return Settings(
        mode=mode,
        sandbox_url=(env.get("SANDBOX_URL") or "").rstrip("/") or None,
        sandbox_account_sid=env.get("SANDBOX_ACCOUNT_SID") or DEFAULT_SANDBOX_ACCOUNT_SID,
        sandbox_auth_token=env.get("SANDBOX_AUTH_TOKEN") or None,
        twilio_account_sid=account_sid,
        twilio_auth_token=auth_token,
        mode_reason=reason,
        allow_charges=is_yes(env.get("KIT_ALLOW_CHARGES")),
        confirm_delete=is_yes(env.get("KIT_CONFIRM_DELETE")),
        public_url=(env.get("KIT_PUBLIC_URL") or "").rstrip("/") or None,
    )


def sandbox_api_key(env_file: Path | None = None) -> tuple[str, str]:
    """The sandbox's API key SID and secret (never print the secret)."""
    env = environment(env_file)
    return (
        env.get("SANDBOX_API_KEY_SID") or DEFAULT_SANDBOX_API_KEY_SID,
        env.get("SANDBOX_API_KEY_SECRET") or DEFAULT_SANDBOX_API_KEY_SECRET,
    )


def live_api_key(env_file: Path | None = None) -> tuple[str, str] | None:
    """The user's Twilio API key (TWILIO_API_KEY_SID, TWILIO_API_KEY_SECRET), if both are set."""
    env = environment(env_file)
    sid, secret = env.get("TWILIO_API_KEY_SID"), env.get("TWILIO_API_KEY_SECRET")
    return (sid, secret) if sid and secret else None
