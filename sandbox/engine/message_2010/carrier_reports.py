"""Carriers: what becomes of an SMS after Twilio hands it on, and the phone states behind it.

A receipt starts `sent`, as Twilio's does once the carrier has the message; the phone's carrier
reports a moment later (`SANDBOX_DELIVERY_SECONDS`, 1 unless set, on the sandbox's clock):
`delivered`, or `undelivered` with the carrier's error code for a phone that cannot take it.
Each step is an onDeliveryUpdated event and a status callback (an app's own SMS); the Message's
`delivery` summary and the Messaging log's status follow. What is still to be reported is in
the database (`sms.settle_at`, `receipts.settle_at`), so a restart loses none of it.

Sources: Delivery Receipts in Conversations
(https://www.twilio.com/docs/conversations/delivery-read-receipts: sent, delivered, failed,
undelivered, read); the Message resource's status values
(https://www.twilio.com/docs/messaging/api/message-resource#message-status-values: `undelivered`
when the carrier reports a failure); and the carrier errors 30003 "Unreachable destination
handset", 30006 "Landline or unreachable carrier", 30007 "Message filtered"
(https://www.twilio.com/docs/api/errors/30003, /30006, /30007).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from typing import TypeVar

from lab_contract.phone_states import FILTERING, LANDLINE, REACHABLE, UNREACHABLE
from sandbox.clock import iso
from sandbox.engine.context import Context
from sandbox.engine.validation import is_e164, one_of
from sandbox.errors import InvalidFromNumber
from sandbox.rows import Receipt, Sms

# A phone's state → the final status and error code its carrier reports (None: delivered).
STATES: dict[str, tuple[str, int] | None] = {
    REACHABLE: None,
    UNREACHABLE: ("undelivered", 30003),  # switched off, no signal
    LANDLINE: ("undelivered", 30006),  # a number that cannot take SMS
    FILTERING: ("undelivered", 30007),  # a carrier that filters the message out
}
# What falls due is read through the index of what is still to settle, named: asked to keep
# `ORDER BY id`, SQLite would rather scan every text ever sent, on every request.
DUE_SMS = (
    "SELECT * FROM sms INDEXED BY sms_to_settle WHERE settle_at <= ? AND status = 'sent'"
    " ORDER BY id"
)
# An app's own text waiting to be sent: created `queued` / `accepted`, or `scheduled` for SendAt.
DUE_TO_SEND = (
    "SELECT * FROM sms INDEXED BY sms_to_settle"
    " WHERE settle_at <= ? AND status IN ('queued', 'accepted', 'scheduled') ORDER BY id"
)
DUE_RECEIPTS = (
    "SELECT * FROM receipts INDEXED BY receipts_to_settle WHERE settle_at <= ? ORDER BY id"
)
PENDING = "SELECT EXISTS (SELECT 1 FROM sms WHERE settle_at IS NOT NULL)"
DUE = "SELECT EXISTS (SELECT 1 FROM sms WHERE settle_at <= ?)"


@dataclass(frozen=True)
class Reports:
    """What the carriers reported in one go that someone is told of: the SMS with a status
    callback as they became, and the receipts when webhooks may hear of them."""

    sms: list[Sms]
    receipts: list[Receipt]
    released: list[Sms]  # an app's texts sent now: just queued, or their SendAt came


def release_due(ctx: Context, now: str) -> list[Sms]:
    """An app's texts are sent: a queued one at once (the next request or tick), a scheduled one
    when its SendAt has come on the sandbox's clock (https://www.twilio.com/docs/messaging/
    features/message-scheduling); `sent`, and their carrier reports a moment later."""
    released = []
    for row in ctx.db.execute(DUE_TO_SEND, (now,)).fetchall():
        settle_at = report_time(ctx)
        ctx.db.execute(
            "UPDATE sms SET status = 'sent', date_sent = ?, date_updated = ?, settle_at = ?"
            " WHERE id = ?",
            (row["settle_at"], now, settle_at, row["id"]),
        )
        sent = Sms.from_row(row)
        released.append(replace(sent, status="sent", date_sent=row["settle_at"], date_updated=now))
    return released


def set_state(ctx: Context, phone: str, state: str) -> str:
    """Make a simulated phone reachable, unreachable, a landline, or behind a filtering carrier."""
    if not is_e164(phone):
        raise InvalidFromNumber(f"{phone!r} is not a phone number in E.164 format")
    state = one_of("State", state, tuple(STATES))
    if state == REACHABLE:
        ctx.db.execute("DELETE FROM phone_states WHERE phone = ?", (phone,))
    else:
        ctx.db.execute(
            "INSERT INTO phone_states (phone, state) VALUES (?, ?)"
            " ON CONFLICT (phone) DO UPDATE SET state = excluded.state",
            (phone, state),
        )
    return state


def state_of(ctx: Context, phone: str) -> str:
    row = ctx.db.execute("SELECT state FROM phone_states WHERE phone = ?", (phone,)).fetchone()
    return row["state"] if row else REACHABLE


def report_time(ctx: Context) -> str:
    """When the carriers report on an SMS sent now."""
    ctx.carrier_reports_changed = True
    return iso(ctx.clock.later(ctx.delivery_seconds)) or ""


def any_due(db: sqlite3.Connection, now: str) -> bool:
    """Whether a report or a scheduled send is due now (one look at the `settle_at` index)."""
    return bool(db.execute(DUE, (now,)).fetchone()[0])


def any_pending(db: sqlite3.Connection) -> bool:
    """Whether any receipt still waits for its carrier's report, or a message for its SendAt."""
    return bool(db.execute(PENDING).fetchone()[0])


R = TypeVar("R", Sms, Receipt)
Outcome = tuple[str, int | None]  # the final status and its error code
DELIVERED: Outcome = ("delivered", None)


def _report(ctx: Context, table: str, outcomes: list[tuple[int, Outcome]], now: str) -> None:
    """Carriers' reports written to SMS or receipts (row id, outcome), in one statement: final,
    nothing more to wait for."""
    ctx.db.executemany(
        f"UPDATE {table} SET status = ?, error_code = ?, date_updated = ?, settle_at = NULL"
        " WHERE id = ?",
        [(status, error_code, now, row_id) for row_id, (status, error_code) in outcomes],
    )


def settle_due(ctx: Context) -> Reports:
    """Apply every carrier report that is due now: each SMS, then the receipts that follow it.
    Rows are built only for what someone hears of (a status callback, a webhook): a batch of
    a thousand texts nobody listens to is two UPDATEs."""
    now = ctx.now()
    if not any_due(ctx.db, now):  # most requests: one look at the index, nothing more
        return Reports([], [], [])
    released = release_due(ctx, now)
    due = ctx.db.execute(DUE_SMS, (now,)).fetchall()
    if not due:
        return Reports([], [], released)
    ctx.carrier_reports_changed = True
    states = dict(ctx.db.execute("SELECT phone, state FROM phone_states").fetchall())
    outcomes = {row["sid"]: STATES[states.get(row["to"], REACHABLE)] or DELIVERED for row in due}
    _report(ctx, "sms", [(row["id"], outcomes[row["sid"]]) for row in due], now)
    called_back = [
        _reported(Sms.from_row(row), outcomes[row["sid"]], now)
        for row in due
        if row["status_callback"]
    ]
    receipts = [
        (row, outcomes.get(row["channel_message_sid"], DELIVERED))
        for row in ctx.db.execute(DUE_RECEIPTS, (now,)).fetchall()
    ]
    _report(ctx, "receipts", [(row["id"], outcome) for row, outcome in receipts], now)
    heard = (
        [_reported(Receipt.from_row(row), outcome, now) for row, outcome in receipts]
        if ctx.webhooks_configured
        else []
    )
    return Reports(called_back, heard, released)


def _reported(row: R, outcome: Outcome, now: str) -> R:
    """The row as its carrier's report left it."""
    status, error_code = outcome
    return replace(row, status=status, error_code=error_code, date_updated=now)
