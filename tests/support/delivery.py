"""Waiting for carriers' reports as a program must, live or offline: poll the receipts through
the SDK until none is `sent` any more (a timeout, never a blind sleep). The deadline is
generous: the carriers report a second after a send, later on a busy machine, and a wait ends as
soon as they have."""

from __future__ import annotations

import time
from typing import Any

from twilio.rest import Client

FINAL = frozenset({"delivered", "undelivered", "failed", "read"})


def settled(client: Client, conversation_sid: str, message_sid: str, timeout: float = 60) -> Any:
    """The message, fetched again once each of its receipts has a final status."""
    message = client.conversations.v1.conversations(conversation_sid).messages(message_sid)
    deadline = time.monotonic() + timeout
    while True:
        statuses = {r.status for r in message.delivery_receipts.list()}
        if statuses <= FINAL or time.monotonic() > deadline:
            assert statuses <= FINAL, f"receipts still {statuses} after {timeout} s"
            return message.fetch()
        time.sleep(0.1)


UNSETTLED = ("queued", "accepted", "sent")  # an app's own text is sent, then reported on


def sms_settled(client: Client, sid: str, timeout: float = 60) -> Any:
    """An SMS of the Messaging log, fetched again once its carrier has reported on it."""
    deadline = time.monotonic() + timeout
    while True:
        sms = client.messages(sid).fetch()
        if sms.status not in UNSETTLED or time.monotonic() > deadline:
            assert sms.status not in UNSETTLED, f"{sid} still {sms.status} after {timeout} s"
            return sms
        time.sleep(0.1)
