"""What was due when the sandbox died arrives after its restart, with no request to run it.

A text is sent and a message scheduled, both due a few seconds later; the sandbox is killed
(SIGKILL: no shutdown of any kind) before either falls due, then started again on the same
database. With no request from anyone, the carrier's report reaches the conversation's webhook
and the scheduled message is sent (its status callback hears `sent`): the restarted sandbox
knows from its database what is still to come.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from collections.abc import Callable
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from helpers.sandbox_api import advance_clock, clock_now, probe
from helpers.webhook_receiver import Receiver
from sandbox.process import alive
from tests.support.group import PHONE_1, PHONE_2
from tests.support.sandbox_server import start_sandbox

NUMBER = "+15005550006"
# Seconds between the send and the carrier's report, on the sandbox's clock: the margin for the
# kill to come first, and about how long the restarted sandbox is waited on.
DUE_IN = 10
SCHEDULE_AHEAD = 400  # seconds; Twilio schedules 300 s to 35 days ahead
DEADLINE = 90.0  # seconds for each awaited event: generous, for a loaded machine


def test_a_report_and_a_scheduled_message_due_while_killed_arrive_after_a_restart(
    tmp_path: Path,
) -> None:
    server = start_sandbox(tmp_path, SANDBOX_DELIVERY_SECONDS=str(DUE_IN))
    try:
        with Receiver() as hooks, Receiver() as callbacks:
            client = server.client()
            number = client.incoming_phone_numbers.create(phone_number=NUMBER)
            service = client.messaging.v1.services.create(friendly_name="restart")
            service.phone_numbers.create(phone_number_sid=number.sid)
            conversation = client.conversations.v1.conversations.create(friendly_name="restart")
            conversation.participants.create(
                messaging_binding_address=PHONE_1, messaging_binding_proxy_address=NUMBER
            )
            conversation.webhooks.create(
                target="webhook",
                configuration_url=hooks.url,
                configuration_filters=["onDeliveryUpdated"],
            )
            # The message is scheduled SCHEDULE_AHEAD seconds ahead, then the clock moves so that
            # it falls due DUE_IN seconds from now, with the report on the text sent next.
            send_at = datetime.fromisoformat(clock_now(client)) + timedelta(seconds=SCHEDULE_AHEAD)
            scheduled = client.messages.create(
                messaging_service_sid=service.sid,
                to=PHONE_2,
                body="see you at 6",
                schedule_type="fixed",
                send_at=send_at,
                status_callback=callbacks.url,
            )
            advance_clock(client, SCHEDULE_AHEAD - DUE_IN)
            pid = probe(server.url).pid
            assert pid is not None
            message = conversation.messages.create(author="coach", body="before the crash")
            os.kill(pid, signal.SIGKILL)
            wait_until(lambda: not alive(pid), "the killed sandbox to be gone")

            # Killed before either fell due: the database still waits for both.
            with closing(sqlite3.connect(server.db_path)) as db:
                receipts = db.execute(
                    "SELECT status FROM receipts WHERE message_sid = ? AND settle_at IS NOT NULL",
                    (message.sid,),
                ).fetchall()
                waiting = db.execute("SELECT status FROM sms WHERE sid = ?", (scheduled.sid,))
                assert receipts == [("sent",)], "the report came before the kill"
                assert waiting.fetchone() == ("scheduled",), "the message went before the kill"
            assert callbacks.received == []

            server.start()  # the same database; then no request at all until both arrive
            reported = heard(hooks, "Status", "delivered")
            sent = heard(callbacks, "MessageStatus", "sent")
        assert reported["MessageSid"] == message.sid
        assert sent["MessageSid"] == scheduled.sid
        receipt = client.conversations.v1.conversations(conversation.sid).messages(message.sid)
        assert [r.status for r in receipt.delivery_receipts.list()] == ["delivered"]
        assert client.messages(scheduled.sid).fetch().status in ("sent", "delivered")
    finally:
        server.stop()


def heard(receiver: Receiver, field: str, value: str) -> dict[str, str]:
    """The first request `receiver` got with `field` = `value`, waited for."""

    def found() -> list[dict[str, str]]:
        return [r.params for r in list(receiver.received) if r.params.get(field) == value]

    wait_until(lambda: bool(found()), f"a request with {field}={value}")
    return found()[0]


def wait_until(condition: Callable[[], bool], what: str, timeout: float = DEADLINE) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout:.0f} s for {what}", pytrace=False)
        time.sleep(0.05)
