"""Twilio SIDs: a two-letter prefix for the resource and 32 hex digits."""

from __future__ import annotations

import re
import secrets

SID_PATTERN = re.compile(r"^[A-Z]{2}[0-9a-fA-F]{32}$")


def new_sid(prefix: str) -> str:
    return prefix + secrets.token_hex(16)


def is_sid(value: str, prefix: str | None = None) -> bool:
    return bool(SID_PATTERN.match(value)) and (prefix is None or value.startswith(prefix))
