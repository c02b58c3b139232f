"""Twilio SIDs: a two-letter prefix for the resource and 32 hex digits."""

from __future__ import annotations

import re
import secrets

SID_PATTERN = re.compile(r"^[A-Z]{2}[0-9a-fA-F]{32}$")


def new_sid(prefix: str) -> str:
    return prefix + secrets.token_hex(16)


def new_sids(prefix: str, count: int) -> list[str]:
    """`count` new SIDs from one read of the system's randomness, not one read each."""
    digits = secrets.token_hex(16 * count)
    return [prefix + digits[start : start + 32] for start in range(0, 32 * count, 32)]


def is_sid(value: str, prefix: str | None = None) -> bool:
    return bool(SID_PATTERN.match(value)) and (prefix is None or value.startswith(prefix))
