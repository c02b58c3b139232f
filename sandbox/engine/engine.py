"""The engine: the store, the clock and the account, and one request's transaction (a session)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sandbox.clock import Clock
from sandbox.config import DELIVERY_SECONDS
from sandbox.dispatch import Dispatch
from sandbox.engine import delivery_receipts, post_events, pre_events, services, timers
from sandbox.engine.context import Context
from sandbox.engine.message_2010 import carrier_reports, outgoing
from sandbox.store import Store


class Engine:
    """Holds the store, the clock and the account; `session()` is one request's transaction."""

    def __init__(
        self,
        store: Store,
        account_sid: str,
        delivery_seconds: int = DELIVERY_SECONDS,
        group_mms: bool = True,
    ) -> None:
        self.store = store
        self.delivery_seconds = delivery_seconds
        self.group_mms = group_mms  # False: Twilio's 50452 (SANDBOX_GROUP_MMS)
        self.account_sid = account_sid
        self.dispatch: Dispatch | None = None  # the webhook dispatcher, if any
        offset = float(store.get_meta("clock_offset_seconds") or 0)
        self.clock = Clock(timedelta(seconds=offset))
        self.service_sid = self._bootstrap()
        # All kept true to the database: read at start, read again in the transaction of a write
        # that may change them. While false (None), a request skips the timers' "which are due"
        # query, looking up which webhooks its events call, or asking a pre-event webhook.
        self.timers_pending = timers.any_pending(store.db)
        self.carrier_reports_pending = carrier_reports.any_pending(store.db)
        self.webhooks_configured = post_events.any_configured(store.db)
        self.pre_webhooks_configured = pre_events.configured(store.db)

    def _context(self, db: sqlite3.Connection, service_sid: str | None) -> Context:
        """A request's context, in the service its path names (None: the default service's, as
        the account-level endpoints are). An unknown service is Twilio's 20404."""
        if service_sid is not None and service_sid != self.service_sid:
            lookup = Context(db, self.clock, self.account_sid, "")
            service_sid = services.get(lookup, service_sid).sid
        service = service_sid or self.service_sid
        return Context(db, self.clock, self.account_sid, service, group_mms_enabled=self.group_mms)

    @contextmanager
    def session(
        self, webhooks_forced: bool = False, service_sid: str | None = None
    ) -> Iterator[Context]:
        flags_before: tuple[bool, bool, bool, bool] | None = None
        try:
            with self.store.transaction() as db:
                ctx = self._context(db, service_sid)
                ctx.webhooks_forced = webhooks_forced
                ctx.delivery_seconds = self.delivery_seconds
                ctx.webhooks_configured = self.webhooks_configured
                if self.timers_pending:
                    timers.run_due(ctx)
                if self.carrier_reports_pending:
                    self._settle(ctx)
                yield ctx
                flags_before = self._flags()
                if ctx.timers_changed:
                    self.timers_pending = timers.any_pending(db)
                if ctx.carrier_reports_changed:
                    self.carrier_reports_pending = carrier_reports.any_pending(db)
                if ctx.webhooks_changed:
                    self.webhooks_configured = post_events.any_configured(db)
                    self.pre_webhooks_configured = pre_events.configured(db)
                calls = ctx.events and self.webhooks_configured
                requests = post_events.webhook_requests(ctx, ctx.events) if calls else []
                requests += ctx.callbacks
        except BaseException:
            if flags_before is not None:  # the commit failed: all is as it was
                (
                    self.timers_pending,
                    self.carrier_reports_pending,
                    self.webhooks_configured,
                    self.pre_webhooks_configured,
                ) = flags_before
            raise
        if requests and self.dispatch is not None:
            self.dispatch(requests)

    def _flags(self) -> tuple[bool, bool, bool, bool]:
        return (
            self.timers_pending,
            self.carrier_reports_pending,
            self.webhooks_configured,
            self.pre_webhooks_configured,
        )

    @staticmethod
    def _settle(ctx: Context) -> None:
        """The carriers' reports that are due, each an onDeliveryUpdated."""
        reports = carrier_reports.settle_due(ctx)
        if ctx.webhooks_configured:
            for receipt in reports.receipts:
                delivery_receipts.emit(ctx, receipt)
        ctx.callbacks.extend(
            outgoing.status_update(ctx, s)
            for s in [*reports.released, *reports.sms]
            if s.status_callback
        )

    def run_due(self, ctx: Context) -> None:
        """Everything due on the clock now: timers' transitions and carriers' reports (after the
        clock moved, in that request)."""
        timers.run_due(ctx)
        self._settle(ctx)

    def carrier_report_due(self) -> bool:
        """Whether a carrier's report or a scheduled message is due now: the server's tick opens
        a session only then, so a message scheduled days ahead costs it one look a tick."""
        if not self.carrier_reports_pending:
            return False
        with self.store.reading() as db:
            return carrier_reports.any_due(db, self.clock.now_iso())

    @contextmanager
    def peek(self, service_sid: str | None = None) -> Iterator[Context]:
        """A read-only look at the state before a write begins: what a pre-event webhook is told.
        It holds no write lock, so the webhook's HTTP call never holds up other requests."""
        with self.store.reading() as db:
            yield self._context(db, service_sid)

    def advance_clock(self, delta: timedelta) -> None:
        """Move the clock; call inside a session so the new offset is stored with it."""
        self.clock.advance(delta)
        self.store.set_meta("clock_offset_seconds", str(self.clock.offset.total_seconds()))

    def reset(self) -> None:
        """Forget every resource; call inside a session, so the reset is one transaction."""
        self.store.clear()
        self.clock = Clock()
        self.timers_pending = self.carrier_reports_pending = self.webhooks_configured = False
        self.pre_webhooks_configured = False

    def _bootstrap(self) -> str:
        """The account's default Conversations Service and its roles, made once."""
        with self.store.transaction() as db:
            row = db.execute("SELECT sid FROM services WHERE is_default = 1").fetchone()
            if row is not None:
                return str(row["sid"])
            ctx = Context(db, self.clock, self.account_sid, "")
            return services.create(ctx, services.DEFAULT_NAME, is_default=True).sid
