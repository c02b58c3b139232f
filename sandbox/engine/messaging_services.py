"""Messaging Services (messaging.twilio.com/v1/Services) and their sender pools (`PhoneNumbers`):
the service an app, a conversation or the Conversations Configuration names by its `MG…` SID.

A service keeps every setting its create and update take and reads it back; offline three act:
`StickySender` (which pool number texts a phone, see `sender_for`), `StatusCallback` (an app's
text through the service, with no callback of its own, reports there) and `InboundRequestUrl`
(a text to a pool number that no conversation takes, see `inbound_webhook`). A number is in one
service at most (21712), and a phone that opts out through one number of a pool has opted out
of the whole pool (see `opt_outs`). Field names and the pool's rules follow the Service and
PhoneNumber resources (https://www.twilio.com/docs/messaging/api/service-resource,
https://www.twilio.com/docs/messaging/api/phonenumber-resource).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from sandbox.engine.context import Context
from sandbox.engine.paging import PageRequest, PageResult, fetch_page
from sandbox.engine.validation import check_callable_url, check_messaging_service
from sandbox.errors import (
    InvalidParameter,
    InvalidPhoneNumber,
    MessagingServiceNotFound,
    NotFound,
    NumberInAnotherMessagingService,
)
from sandbox.rows import MessagingService, PoolNumber
from sandbox.sids import is_sid, new_sid

# Each setting and the value it reads back as until it is given (the Service resource's
# defaults where its page gives one: ValidityPeriod 36,000 s, StickySender on).
DEFAULTS: dict[str, str | bool | int | None] = {
    "inbound_request_url": None,
    "inbound_method": "POST",
    "fallback_url": None,
    "fallback_method": "POST",
    "status_callback": None,
    "sticky_sender": True,
    "mms_converter": True,
    "smart_encoding": True,
    "scan_message_content": "inherit",
    "fallback_to_long_code": False,
    "area_code_geomatch": True,
    "validity_period": 36000,
    "synchronous_validation": False,
    "usecase": "undeclared",
    "use_inbound_webhook_on_number": False,
}
URLS = ("inbound_request_url", "fallback_url", "status_callback")
CHOICES = {
    "inbound_method": ("GET", "POST"),
    "fallback_method": ("GET", "POST"),
    "scan_message_content": ("inherit", "enable", "disable"),
    "usecase": ("notifications", "marketing", "verification", "discussion", "poll", "undeclared"),
}
FLAGS = tuple(name for name, value in DEFAULTS.items() if isinstance(value, bool))
VALIDITY_PERIOD = (1, 36000)  # seconds
Settings = dict[str, str | bool | int | None]


def setting_values(service: MessagingService) -> Settings:
    """Every setting of the service: what was given, else its default."""
    return {**DEFAULTS, **json.loads(service.settings)}


def status_callback(service: MessagingService) -> str | None:
    value = setting_values(service)["status_callback"]
    return str(value) if value else None


def sticky_sender(service: MessagingService) -> bool:
    return bool(setting_values(service)["sticky_sender"])


def checked_settings(settings: Settings) -> Settings:
    """The settings, refused whole if one is wrong: a URL Twilio could not call is 21402; an
    empty URL clears it."""
    for name, value in settings.items():
        if name in URLS and value:
            check_callable_url(str(value))
        if name in CHOICES and value not in CHOICES[name]:
            raise InvalidParameter(f"{name} must be one of {', '.join(CHOICES[name])}")
    period = settings.get("validity_period")
    low, high = VALIDITY_PERIOD
    if period is not None and not low <= int(period) <= high:
        raise InvalidParameter(f"ValidityPeriod must be {low} to {high} seconds; got {period}")
    return {name: (value or None) if name in URLS else value for name, value in settings.items()}


def create(ctx: Context, friendly_name: str | None, settings: Settings) -> MessagingService:
    if not friendly_name:
        raise InvalidParameter("FriendlyName is required for a Messaging Service")
    given = checked_settings(settings)
    now, sid = ctx.now(), new_sid("MG")
    ctx.db.execute(
        "INSERT INTO messaging_services (sid, friendly_name, settings, date_created,"
        " date_updated) VALUES (?,?,?,?,?)",
        (sid, friendly_name, json.dumps(given), now, now),
    )
    return get(ctx, sid)


def update(
    ctx: Context, service: MessagingService, friendly_name: str | None, settings: Settings
) -> MessagingService:
    """The settings given replace theirs; the others stay."""
    merged = {**json.loads(service.settings), **checked_settings(settings)}
    ctx.db.execute(
        "UPDATE messaging_services SET friendly_name = ?, settings = ?, date_updated = ?"
        " WHERE sid = ?",
        (friendly_name or service.friendly_name, json.dumps(merged), ctx.now(), service.sid),
    )
    return get(ctx, service.sid)


def get(ctx: Context, sid: str) -> MessagingService:
    found = _find(ctx, sid)
    if found is None:
        raise NotFound(f"The requested resource /Services/{sid} was not found")
    return found


def known(ctx: Context, sid: str, parameter: str = "MessagingServiceSid") -> MessagingService:
    """A service another resource names: an unknown one is 21701
    (https://www.twilio.com/docs/api/errors/21701)."""
    found = _find(ctx, sid)
    if found is None:
        raise MessagingServiceNotFound(
            f"{parameter} {sid} names no Messaging Service of this account: create one at "
            "messaging.twilio.com/v1/Services, or use the SID of one you have"
        )
    return found


def check_named(ctx: Context, sid: str | None, parameter: str) -> None:
    """A Messaging Service a request names (an empty one names none): an MG… SID (else 20001)
    of one of the account's services (else 21701)."""
    check_messaging_service(sid)
    if sid:
        known(ctx, sid, parameter)


def _find(ctx: Context, sid: str) -> MessagingService | None:
    row = ctx.db.execute("SELECT * FROM messaging_services WHERE sid = ?", (sid,)).fetchone()
    return MessagingService.from_row(row) if row else None


def delete(ctx: Context, service: MessagingService) -> None:
    """The service and its pool (the numbers stay the account's)."""
    ctx.db.execute("DELETE FROM messaging_services WHERE sid = ?", (service.sid,))


def page(ctx: Context, request: PageRequest) -> PageResult:
    return fetch_page(ctx.db, "messaging_services", "", (), "id", request)


POOL = (
    "SELECT pool.id, numbers.sid, pool.service_sid, numbers.phone_number, pool.date_created,"
    " pool.date_updated FROM messaging_service_numbers AS pool"
    " JOIN phone_numbers AS numbers ON numbers.sid = pool.phone_number_sid"
)


def add_number(
    ctx: Context, service: MessagingService, phone_number_sid: str | None
) -> tuple[PoolNumber, bool]:
    """A number of the account joins the pool (True); already in this pool, it stays as it is
    (False)."""
    if not phone_number_sid:
        raise InvalidParameter("PhoneNumberSid is required: the PN… SID of one of your numbers")
    number = ctx.db.execute(
        "SELECT sid FROM phone_numbers WHERE sid = ?", (phone_number_sid,)
    ).fetchone()
    if number is None or not is_sid(phone_number_sid, "PN"):
        raise InvalidPhoneNumber(
            f"PhoneNumberSid {phone_number_sid} is not one of your numbers' SIDs (PN…)"
        )
    held = ctx.db.execute(
        "SELECT service_sid FROM messaging_service_numbers WHERE phone_number_sid = ?",
        (phone_number_sid,),
    ).fetchone()
    if held is not None and held["service_sid"] != service.sid:
        raise NumberInAnotherMessagingService(
            f"Phone number {phone_number_sid} is already in Messaging Service "
            f"{held['service_sid']}: remove it from that service first"
        )
    if held is None:
        now = ctx.now()
        ctx.db.execute(
            "INSERT INTO messaging_service_numbers (service_sid, phone_number_sid, date_created,"
            " date_updated) VALUES (?,?,?,?)",
            (service.sid, phone_number_sid, now, now),
        )
    return get_number(ctx, service, phone_number_sid), held is None


def get_number(ctx: Context, service: MessagingService, sid: str) -> PoolNumber:
    row = ctx.db.execute(
        POOL + " WHERE pool.service_sid = ? AND numbers.sid = ?", (service.sid, sid)
    ).fetchone()
    if row is None:
        raise NotFound(
            f"The requested resource /Services/{service.sid}/PhoneNumbers/{sid} was not found"
        )
    return PoolNumber.from_row(row)


def remove_number(ctx: Context, number: PoolNumber) -> None:
    """The number leaves the pool (it stays the account's); a phone stuck to it gets another."""
    ctx.db.execute(
        "DELETE FROM messaging_service_numbers WHERE phone_number_sid = ?", (number.sid,)
    )


def pool_page(ctx: Context, service: MessagingService, request: PageRequest) -> PageResult:
    return fetch_page(ctx.db, f"({POOL})", "service_sid = ?", (service.sid,), '"id"', request)


def sender_for(ctx: Context, service: MessagingService, recipient: str) -> str | None:
    """The pool number that texts `recipient`: with Sticky Sender on, the one it is stuck to;
    else the pool's first number (None: an empty pool). Sticky Sender
    (https://help.twilio.com/articles/223181288): a phone sticks to the number of the first
    text the service sent it; the mapping goes when that number leaves the pool, is ignored
    while Sticky Sender is off, and is used again when it is back on."""
    if sticky_sender(service):
        stuck = ctx.db.execute(
            "SELECT numbers.phone_number FROM sticky_senders AS sticky"
            " JOIN phone_numbers AS numbers ON numbers.sid = sticky.phone_number_sid"
            " WHERE sticky.service_sid = ? AND sticky.recipient = ?",
            (service.sid, recipient),
        ).fetchone()
        if stuck is not None:
            return str(stuck["phone_number"])
    first = ctx.db.execute(
        POOL + " WHERE pool.service_sid = ? ORDER BY pool.id LIMIT 1", (service.sid,)
    ).fetchone()
    return str(first["phone_number"]) if first else None


def remember_sender(ctx: Context, service: MessagingService, recipient: str, sender: str) -> None:
    """After a text through the service: with Sticky Sender on, a phone not yet stuck to a
    number sticks to its sender, if that number is in the pool."""
    if not sticky_sender(service):
        return
    ctx.db.execute(
        "INSERT OR IGNORE INTO sticky_senders (service_sid, recipient, phone_number_sid)"
        " SELECT pool.service_sid, ?, pool.phone_number_sid FROM messaging_service_numbers"
        " AS pool JOIN phone_numbers AS numbers ON numbers.sid = pool.phone_number_sid"
        " WHERE pool.service_sid = ? AND numbers.phone_number = ?",
        (recipient, service.sid, sender),
    )


def of_number(ctx: Context, phone_number_sid: str) -> MessagingService | None:
    """The service whose sender pool holds this number, if any (one at most: 21712)."""
    held = ctx.db.execute(
        "SELECT service_sid FROM messaging_service_numbers WHERE phone_number_sid = ?",
        (phone_number_sid,),
    ).fetchone()
    return get(ctx, held["service_sid"]) if held else None


def inbound_webhook(service: MessagingService) -> tuple[str, str] | None:
    """The URL and method the service calls for a text to a number of its pool: its
    `InboundRequestUrl`, unless `UseInboundWebhookOnNumber` leaves texts to the number's own
    `SmsUrl` (None). The Service resource: "If this field is enabled then the webhook url
    defined on the phone number will override the inbound_request_url/fallback_url"."""
    values = setting_values(service)
    url = values["inbound_request_url"]
    if values["use_inbound_webhook_on_number"] or not url:
        return None
    return str(url), str(values["inbound_method"])


def pool_siblings(ctx: Context, numbers: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """For each of these Twilio numbers that is in a pool: every number of that pool."""
    wanted = sorted(set(numbers))
    if not wanted:
        return {}
    marks = ",".join("?" * len(wanted))
    rows = ctx.db.execute(
        "SELECT mine.phone_number, theirs.phone_number FROM messaging_service_numbers AS m1"
        " JOIN phone_numbers AS mine ON mine.sid = m1.phone_number_sid"
        " JOIN messaging_service_numbers AS m2 ON m2.service_sid = m1.service_sid"
        " JOIN phone_numbers AS theirs ON theirs.sid = m2.phone_number_sid"
        f" WHERE mine.phone_number IN ({marks})",
        wanted,
    )
    siblings: dict[str, list[str]] = {}
    for number, sibling in rows:
        siblings.setdefault(number, []).append(sibling)
    return {number: tuple(found) for number, found in siblings.items()}
