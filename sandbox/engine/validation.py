"""Checks shared by the domain operations: phone numbers, JSON attributes, enums, timers."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from functools import lru_cache
from urllib.parse import urlsplit

import isodate
import phonenumbers

from sandbox.clock import parse_iso
from sandbox.errors import ClosedTimerTooShort, InactiveTimerTooShort, InvalidParameter, InvalidUrl
from sandbox.sids import is_sid


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


def check_sid(name: str, value: str | None, prefix: str) -> None:
    """A SID parameter as the spec's pattern has it: its prefix and 32 hex digits."""
    if value is not None and not is_sid(value, prefix):
        raise InvalidParameter(
            f"{name} must be a SID ({prefix} followed by 32 hex digits); got {value!r}"
        )


def check_callable_url(value: str) -> None:
    """A URL Twilio could call (http or https, with a host); else 21402
    (https://www.twilio.com/docs/api/errors/21402)."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidUrl(f"{value!r} is not a URL Twilio could call (http or https)")


def check_messaging_service(sid: str | None) -> None:
    """The spec's pattern for a Messaging Service SID: MG and 32 hex digits."""
    if sid and not is_sid(sid, "MG"):
        raise InvalidParameter(
            f"MessagingServiceSid must be a Messaging Service SID (MG followed by 32 hex "
            f"digits); got {sid!r}"
        )


def check_content(content_sid: str | None, variables: str | None) -> None:
    """A Content Template's SID (HX…) and its variables as a JSON object."""
    if not is_sid(content_sid or "", "HX"):
        raise InvalidParameter(f"ContentSid must be a Content SID (HX…); got {content_sid!r}")
    try:
        valid = variables is None or isinstance(json.loads(variables), dict)
    except ValueError:
        valid = False
    if not valid:
        raise InvalidParameter('ContentVariables must be a JSON object, such as \'{"1": "Ana"}\'')


def timer_durations(
    inactive: str | None,
    closed: str | None,
    names: tuple[str, str] = ("Timers.Inactive", "Timers.Closed"),
) -> tuple[timedelta | None, timedelta | None]:
    """Both timers' durations, each checked against Twilio's minimum (1 minute, 10 minutes).

    https://www.twilio.com/docs/conversations/states-timers
    """
    inactive_after = _duration(names[0], inactive)
    closed_after = _duration(names[1], closed)
    if inactive_after is not None and inactive_after < timedelta(minutes=1):
        raise InactiveTimerTooShort(f"{names[0]} is {inactive}; the minimum is PT1M")
    if closed_after is not None and closed_after < timedelta(minutes=10):
        raise ClosedTimerTooShort(f"{names[1]} is {closed}; the minimum is PT10M")
    return inactive_after, closed_after


def _duration(name: str, value: str | None) -> timedelta | None:
    if not value:
        return None
    try:
        duration = isodate.parse_duration(value)
    except (isodate.ISO8601Error, ValueError) as error:
        raise InvalidParameter(
            f"{name} must be an ISO-8601 duration such as PT10M or P1D; got {value!r}"
        ) from error
    if not isinstance(duration, timedelta) or duration <= timedelta():
        raise InvalidParameter(f"{name} must be a positive duration in days or less; got {value!r}")
    return duration


def check_filters(name: str, filters: list[str], allowed: tuple[str, ...]) -> list[str]:
    for value in filters:
        one_of(name, value, allowed)
    return filters


def check_webhook_url(name: str, url: str | None) -> None:
    if url and not url.lower().startswith(("http://", "https://")):
        raise InvalidParameter(f"{name} must be an http:// or https:// URL; got {url!r}")
