"""Keyset paging: a page is the rows after (or before) a key, so deep pages stay fast."""

from __future__ import annotations

import base64
import binascii
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from sandbox.errors import InvalidParameter

# The 2010 lists' date filters (DateSent, DateCreated): a day (YYYY-MM-DD) or a moment
# (…THH:MM:SSZ).
DATE = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?")


def date_clauses(column: str, name: str, on: dict[str, str]) -> list[tuple[str, str]]:
    """SQL conditions for a 2010 date filter: `on` maps `=`, `<` or `>` to a day or a moment
    (on that day, on or before it, on or after it)."""
    clauses = []
    for operator, value in on.items():
        if not DATE.fullmatch(value):
            raise InvalidParameter(
                f"{name} must be a day (YYYY-MM-DD) or a moment in UTC; got {value!r}"
            )
        field = column if "T" in value else f"substr({column}, 1, 10)"
        clauses.append((f"{field} {'=' if operator == '=' else operator + '='} ?", value))
    return clauses


@dataclass(frozen=True)
class PageRequest:
    size: int
    page: int = 0
    token: str | None = None


@dataclass(frozen=True)
class PageResult:
    rows: list[sqlite3.Row]
    next_token: str | None
    previous_token: str | None


def encode_token(direction: str, key: int) -> str:
    raw = f"{direction}:{key}".encode()
    return "PT" + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_token(token: str) -> tuple[str, int]:
    try:
        text = token[2:] if token.startswith("PT") else token
        padded = text + "=" * (-len(text) % 4)
        direction, key = base64.urlsafe_b64decode(padded).decode().split(":")
        if direction not in ("after", "before"):
            raise ValueError(direction)
        return direction, int(key)
    except (ValueError, binascii.Error, UnicodeDecodeError) as error:
        raise InvalidParameter(f"PageToken {token!r} is not a token this API gave") from error


def fetch_page(
    db: sqlite3.Connection,
    table: str,
    where: str,
    params: Sequence[object],
    key: str,
    request: PageRequest,
    descending: bool = False,
) -> PageResult:
    """Rows of `table` matching `where`, ordered by the integer column `key`."""
    direction, anchor = decode_token(request.token) if request.token else ("after", None)
    forward = direction == "after"
    ascending = forward != descending
    clauses = [where] if where else []
    args = list(params)
    if anchor is not None:
        clauses.append(f"{key} {'>' if ascending else '<'} ?")
        args.append(anchor)
    sql = f"SELECT * FROM {table}"
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    sql += f" ORDER BY {key} {'ASC' if ascending else 'DESC'} LIMIT ?"
    args.append(request.size + 1)
    rows = db.execute(sql, args).fetchall()
    more = len(rows) > request.size
    rows = rows[: request.size]
    if not forward:
        rows.reverse()
    column = key.strip('"')
    if not rows:
        return PageResult(rows, None, None)
    has_next = more if forward else True
    has_previous = (anchor is not None) if forward else more
    return PageResult(
        rows,
        encode_token("after", rows[-1][column]) if has_next else None,
        encode_token("before", rows[0][column]) if has_previous else None,
    )
