"""The account's Twilio numbers (IncomingPhoneNumbers): buying, listing, releasing."""

from __future__ import annotations

import random

from sandbox.engine.context import Context
from sandbox.engine.paging import PageRequest, PageResult, fetch_page
from sandbox.engine.validation import is_e164
from sandbox.errors import (
    InvalidParameter,
    InvalidPhoneNumber,
    NotFound,
    PhoneNumberUnavailable,
)
from sandbox.records import PhoneNumber
from sandbox.sids import new_sid


def buy_number(
    ctx: Context,
    phone_number: str | None = None,
    area_code: str | None = None,
    friendly_name: str | None = None,
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
    now = ctx.now()
    sid = new_sid("PN")
    ctx.db.execute(
        "INSERT INTO phone_numbers (sid, phone_number, friendly_name, date_created, date_updated)"
        " VALUES (?,?,?,?,?)",
        (sid, phone_number, friendly_name or _pretty(phone_number), now, now),
    )
    return get_number(ctx, sid)


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


def numbers_page(ctx: Context, request: PageRequest, phone_number: str | None) -> PageResult:
    if phone_number:
        return fetch_page(
            ctx.db, "phone_numbers", "phone_number = ?", (phone_number,), "id", request
        )
    return fetch_page(ctx.db, "phone_numbers", "", (), "id", request)


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
