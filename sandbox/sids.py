"""Twilio SIDs: a two-letter prefix for the resource and 32 hex digits."""

from __future__ import annotations

import re
import secrets

SID_PATTERN = re.compile(r"^[A-Z]{2}[0-9a-fA-F]{32}$")


def new_sid(prefix: str) -> str:
    return prefix + secrets.token_hex(16)


BATCH_DIGITS = 8  # the hex digits a batch's SIDs share: 24 random ones each still tell them apart


def new_sids(prefix: str, count: int) -> list[str]:
    """`count` new SIDs from one read of the system's randomness, not one read each. They share
    their first digits (random too), so a batch's SIDs sit side by side in a table's SID index:
    writing a 50-text fan-out changes one page of that index, not fifty scattered ones."""
    shared = prefix + secrets.token_hex(BATCH_DIGITS // 2)
    own = 32 - BATCH_DIGITS
    digits = secrets.token_hex(own // 2 * count)
    return [shared + digits[start : start + own] for start in range(0, own * count, own)]


def is_sid(value: str, prefix: str | None = None) -> bool:
    return bool(SID_PATTERN.match(value)) and (prefix is None or value.startswith(prefix))
