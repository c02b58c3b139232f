"""The account's Twilio numbers (IncomingPhoneNumbers): buying, configuring, listing, releasing.

A number keeps every setting IncomingPhoneNumbers create and update take (SmsUrl, VoiceUrl, …)
and reads it back; offline only `sms_url` and `sms_method` act (see
`message_2010.incoming_webhook`). Field names and defaults follow the IncomingPhoneNumber
resource page
(https://www.twilio.com/docs/phone-numbers/api/incomingphonenumber-resource).
"""

from __future__ import annotations

import json
import random

from sandbox.engine.context import Context
from sandbox.engine.paging import PageRequest, PageResult, fetch_page
from sandbox.engine.validation import check_callable_url, is_e164
from sandbox.errors import (
    InvalidParameter,
    InvalidPhoneNumber,
    NotFound,
    PhoneNumberUnavailable,
)
from sandbox.rows import PhoneNumber
from sandbox.sids import is_sid, new_sid

# Each setting and the value it reads back as until it is given.
DEFAULTS: dict[str, str | bool | None] = {
    "api_version": "2010-04-01",
    "sms_application_sid": None,
    "sms_fallback_method": "POST",
    "sms_fallback_url": None,
    "sms_method": "POST",
    "sms_url": None,
    "status_callback": None,
    "status_callback_method": "POST",
    "voice_application_sid": None,
    "voice_caller_id_lookup": False,
    "voice_fallback_method": "POST",
    "voice_fallback_url": None,
    "voice_method": "POST",
    "voice_url": None,
    "emergency_status": "Inactive",
    "emergency_address_sid": None,
    "trunk_sid": None,
    "identity_sid": None,
    "address_sid": None,
    "voice_receive_mode": "voice",
    "bundle_sid": None,
}
URLS = ("sms_fallback_url", "sms_url", "status_callback", "voice_fallback_url", "voice_url")
METHODS = ("sms_fallback_method", "sms_method", "status_callback_method", "voice_fallback_method",
           "voice_method")  # fmt: skip
CHOICES = {
    "emergency_status": ("Active", "Inactive"),
    "voice_receive_mode": ("voice", "fax"),
    "api_version": ("2010-04-01", "2008-08-01"),
}
SIDS = {
    "sms_application_sid": "AP",
    "voice_application_sid": "AP",
    "emergency_address_sid": "AD",
    "address_sid": "AD",
    "trunk_sid": "TK",
    "identity_sid": "RI",
    "bundle_sid": "BU",
}
Settings = dict[str, str | bool | None]


def buy_number(
    ctx: Context,
    phone_number: str | None = None,
    area_code: str | None = None,
    friendly_name: str | None = None,
    settings: Settings | None = None,
) -> PhoneNumber:
    if phone_number is None and area_code is None:
        raise InvalidParameter("PhoneNumber or AreaCode is required to buy a number")
    if phone_number is None:
        phone_number = _free_number_in(ctx, area_code or "")
    if not is_e164(phone_number):
        raise InvalidPhoneNumber(
            f"PhoneNumber {phone_number!r} is not a valid phone number in E.164 format"
        )
    if is_owned(ctx, phone_number):
        raise PhoneNumberUnavailable(f"Phone number {phone_number} is already in this account")
    given = checked_settings(settings or {})
    now = ctx.now()
    sid = new_sid("PN")
    ctx.db.execute(
        "INSERT INTO phone_numbers (sid, phone_number, friendly_name, date_created, date_updated,"
        " settings) VALUES (?,?,?,?,?,?)",
        (sid, phone_number, friendly_name or _pretty(phone_number), now, now, json.dumps(given)),
    )
    return get_number(ctx, sid)


def update_number(
    ctx: Context, number: PhoneNumber, friendly_name: str | None, settings: Settings
) -> PhoneNumber:
    """UpdateIncomingPhoneNumber: the settings given replace theirs; the others stay."""
    merged = {**json.loads(number.settings), **checked_settings(settings)}
    ctx.db.execute(
        "UPDATE phone_numbers SET friendly_name = ?, settings = ?, date_updated = ? WHERE sid = ?",
        (friendly_name or number.friendly_name, json.dumps(merged), ctx.now(), number.sid),
    )
    return get_number(ctx, number.sid)


def checked_settings(settings: Settings) -> Settings:
    """The settings, refused whole if one is wrong: a URL Twilio could not call is 21402
    (https://www.twilio.com/docs/api/errors/21402); an empty URL clears it."""
    for name, value in settings.items():
        if name not in DEFAULTS:
            raise InvalidParameter(f"{name} is not a setting of an IncomingPhoneNumber")
        if name in URLS and value:
            check_callable_url(str(value))
        if name in METHODS and value not in ("GET", "POST"):
            raise InvalidParameter(f"{name} must be GET or POST; got {value!r}")
        if name in CHOICES and value not in CHOICES[name]:
            raise InvalidParameter(f"{name} must be one of {', '.join(CHOICES[name])}")
        if name in SIDS and value and not is_sid(str(value), SIDS[name]):
            raise InvalidParameter(f"{name} must be a SID starting {SIDS[name]}; got {value!r}")
    return {name: (value or None) if name in URLS else value for name, value in settings.items()}


def setting_values(number: PhoneNumber) -> Settings:
    """Every setting of the number: what was given, else its default."""
    return {**DEFAULTS, **json.loads(number.settings)}


def find_number(ctx: Context, phone_number: str) -> PhoneNumber | None:
    row = ctx.db.execute(
        "SELECT * FROM phone_numbers WHERE phone_number = ?", (phone_number,)
    ).fetchone()
    return PhoneNumber.from_row(row) if row else None


def is_owned(ctx: Context, phone_number: str) -> bool:
    """Whether the number is one of the account's Twilio numbers."""
    found = ctx.db.execute("SELECT 1 FROM phone_numbers WHERE phone_number = ?", (phone_number,))
    return found.fetchone() is not None


def get_number(ctx: Context, sid: str) -> PhoneNumber:
    row = ctx.db.execute("SELECT * FROM phone_numbers WHERE sid = ?", (sid,)).fetchone()
    if row is None:
        raise NotFound(f"The requested resource IncomingPhoneNumbers/{sid} was not found")
    return PhoneNumber.from_row(row)


def release_number(ctx: Context, number: PhoneNumber) -> None:
    ctx.db.execute("DELETE FROM phone_numbers WHERE sid = ?", (number.sid,))


def numbers_page(
    ctx: Context, request: PageRequest, phone_number: str | None, friendly_name: str | None
) -> PageResult:
    """The numbers, in purchase order. `PhoneNumber` matches part of a number, `*` standing for
    any one digit; `FriendlyName` matches the whole name (the IncomingPhoneNumbers list's
    filters)."""
    clauses, args = [], []
    if phone_number:
        pattern = phone_number.replace("%", "").replace("_", "").replace("*", "_")
        clauses.append("phone_number LIKE ?")
        args.append(f"%{pattern}%")
    if friendly_name:
        clauses.append("friendly_name = ?")
        args.append(friendly_name)
    return fetch_page(ctx.db, "phone_numbers", " AND ".join(clauses), args, "id", request)


def _free_number_in(ctx: Context, area_code: str) -> str:
    if not (area_code.isdigit() and len(area_code) == 3):
        raise InvalidParameter(f"AreaCode must be three digits, such as 650; got {area_code!r}")
    generator = random.Random(area_code)
    for _ in range(10_000):
        candidate = f"+1{area_code}{generator.randrange(2000000, 9999999)}"
        if is_e164(candidate) and not is_owned(ctx, candidate):
            return candidate
    raise PhoneNumberUnavailable(f"No numbers are left in area code {area_code}")


def _pretty(phone_number: str) -> str:
    if phone_number.startswith("+1") and len(phone_number) == 12:
        digits = phone_number[2:]
        return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
    return phone_number
