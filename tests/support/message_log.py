"""Waiting for a carrier's report on one text of the Messaging log (the 2010 Message), as a
program must: fetch it again until it is no longer queued, accepted or sent (a deadline, never a
blind sleep). The kit's helpers wait for a conversation's delivery receipts
(`helpers.receipts.await_receipts`), not for one text of the log."""

from __future__ import annotations

import time
from typing import Any

from twilio.rest import Client

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
