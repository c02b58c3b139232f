"""Conversation timers: due transitions (active → inactive → closed) against the sandbox clock.

Evaluated at the start of every request's transaction with one indexed query, so a test or a
notebook moves the clock (`POST /sandbox/Clock`) and the next request sees the new states. The
engine skips that query while no conversation has a timer left to fire (`any_pending`).
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import isodate

from sandbox.clock import iso
from sandbox.engine import conversations
from sandbox.engine.context import Context

# Two indexed range scans: one WHERE with OR and `state != 'closed'` scans every conversation
# (about 100 ms a request with 1,000,000 stored; see bench/RESULTS.md).
DUE = (
    "SELECT sid, state, date_inactive, date_closed FROM conversations"
    " WHERE date_closed <= :now AND state != 'closed'"
    " UNION"
    " SELECT sid, state, date_inactive, date_closed FROM conversations"
    " WHERE state = 'active' AND date_inactive <= :now"
)
# Whether DUE would find anything at the end of time, by the same two indexed range scans.
PENDING = (
    "SELECT EXISTS (SELECT 1 FROM conversations WHERE date_closed <= :end AND state != 'closed')"
    " OR EXISTS (SELECT 1 FROM conversations WHERE state = 'active' AND date_inactive <= :end)"
)
END_OF_TIME = "9999-12-31T23:59:59Z"


def any_pending(db: sqlite3.Connection) -> bool:
    """Whether any conversation has a timer that has not fired yet."""
    return bool(db.execute(PENDING, {"end": END_OF_TIME}).fetchone()[0])


def run_due(ctx: Context) -> int:
    """Apply every transition that is due now; the events say Reason TIMER. Returns how many."""
    now = ctx.now()
    due = ctx.db.execute(DUE, {"now": now}).fetchall()
    if not due:
        return 0
    ctx.timers_changed = True
    was_api, ctx.api_origin = ctx.api_origin, False
    try:
        for row in due:
            closing = row["date_closed"] is not None and row["date_closed"] <= now
            new_state = "closed" if closing else "inactive"
            ctx.db.execute(
                "UPDATE conversations SET state = ?, date_updated = ? WHERE sid = ?",
                (new_state, now, row["sid"]),
            )
            updated = conversations.get(ctx, row["sid"])
            ctx.emit(
                "onConversationStateUpdated",
                updated.sid,
                StateFrom=row["state"],
                StateTo=new_state,
                Reason="TIMER",
                **conversations.event_fields(updated),
            )
    finally:
        ctx.api_origin = was_api
    return len(due)


def restart_inactive_timer(ctx: Context, sid: str, timers_inactive: str | None) -> None:
    """New traffic starts the inactivity countdown again."""
    if not timers_inactive:
        return
    duration = isodate.parse_duration(timers_inactive)
    if isinstance(duration, timedelta):
        ctx.timers_changed = True
        ctx.db.execute(
            "UPDATE conversations SET date_inactive = ? WHERE sid = ?",
            (iso(ctx.clock.now() + duration), sid),
        )
