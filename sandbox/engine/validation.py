"""Checks shared by the domain operations: phone numbers, JSON attributes, enums."""

from __future__ import annotations

import json
import re
from functools import lru_cache

import phonenumbers

from sandbox.clock import parse_iso
from sandbox.errors import InvalidParameter


@lru_cache(maxsize=65536)  # parsing costs ~50 µs; a sandbox sees the same few numbers again
def is_e164(value: str) -> bool:
    """True for a valid phone number written exactly in E.164 (+ and digits, e.g. +16505551111)."""
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return False
    formatted = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return formatted == value and phonenumbers.is_valid_number(number)


def json_attributes(value: str | None, default: str = "{}") -> str:
    """Twilio keeps `attributes` as a JSON string and refuses text that is not JSON."""
    if value is None:
        return default
    try:
        json.loads(value)
    except ValueError as error:
        raise InvalidParameter(
            f"Attributes must be a JSON string, such as '{{\"kit\": true}}'; got {value!r}"
        ) from error
    return value


def one_of(name: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise InvalidParameter(f"{name} must be one of {', '.join(allowed)}; got {value!r}")
    return value


MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")


def moment(name: str, value: str | None) -> str | None:
    """A date Twilio takes as ISO 8601 in UTC (DateCreated, DateUpdated, StartDate …), as the
    sandbox writes dates: 2015-12-16T22:18:37Z."""
    if not value:
        return None
    try:
        if not MOMENT.fullmatch(value) or parse_iso(value) is None:
            raise ValueError(value)
    except ValueError as error:
        raise InvalidParameter(
            f"{name} must be a date in ISO 8601, such as 2020-12-16T22:18:37Z; got {value!r}"
        ) from error
    return value


Dates = tuple[str | None, str | None]  # DateCreated, DateUpdated as given (None: not given)
NOT_DATED: Dates = (None, None)


def creation_dates(dates: Dates, now: str) -> tuple[str, str]:
    """A new resource's (date_created, date_updated): an import's dates, else now; an import
    that gives DateCreated alone was last updated then."""
    created = dates[0] or now
    return created, dates[1] or created


def dated(changes: dict[str, object], dates: Dates, now: str) -> dict[str, object]:
    """An update's changes with its dates: DateCreated if given, DateUpdated or now."""
    if dates[0]:
        changes["date_created"] = dates[0]
    changes["date_updated"] = dates[1] or now
    return changes
