"""Waiting for delivery receipts: Twilio writes them when carriers report, seconds after a send.

A receipt starts `sent` and becomes `delivered` (or `undelivered`, `failed`) when the phone's
carrier reports; the sandbox's carriers report a second later, Twilio's within seconds.
`await_receipts` polls the same way in both modes (a progress bar, a timeout) until every
phone's receipt of the latest message has a final status, and says so when the carriers have
not reported in time instead of showing a half-empty table as the truth.
"""

from __future__ import annotations

import time

import pandas as pd
from tqdm.auto import tqdm
from twilio.rest import Client

from helpers import views
from helpers.connect import is_sandbox
from helpers.errors import ADVICE

WAIT_SECONDS = 60.0
POLL_SECONDS = 2.0  # live: every request is a billed API call, so not too often
SANDBOX_POLL_SECONDS = 0.2
QUIET_SECONDS = 2.0  # a shorter wait (the sandbox's) shows no progress bar
FINAL = frozenset({"delivered", "undelivered", "failed", "read"})


def expected_receipts(client: Client, conversation_sid: str) -> int:
    """How many SMS receipts the latest message should get: one per phone but its author's."""
    latest = views.messages(client, conversation_sid, limit=1)
    if latest.empty:
        return 0
    author = latest["author"].iloc[0]
    people = views.participants(client, conversation_sid)
    phones = people[people["kind"] == "sms"]["address"]
    return int((phones != author).sum())


def settled(receipts: pd.DataFrame, expected: int) -> bool:
    return len(receipts) >= expected and bool(receipts["status"].isin(FINAL).all())


def await_receipts(
    client: Client,
    conversation_sid: str,
    *,
    timeout: float = WAIT_SECONDS,
    poll: float | None = None,
) -> pd.DataFrame:
    """The latest message's receipts, once final (live: waited for, up to `timeout` seconds;
    then a sentence for each phone it did not reach, with Twilio's error and what to do)."""
    receipts = views.delivery_receipts(client, conversation_sid, limit=1)
    expected = expected_receipts(client, conversation_sid)
    if poll is None:
        poll = SANDBOX_POLL_SECONDS if is_sandbox(client) else POLL_SECONDS
    if not settled(receipts, expected):
        receipts = _wait(client, conversation_sid, expected, timeout, poll)
    for line in undelivered(receipts):
        print(line)
    return receipts


def _wait(
    client: Client, conversation_sid: str, expected: int, timeout: float, poll: float
) -> pd.DataFrame:
    """Poll until settled; a progress bar once the wait is long enough to notice."""
    started = time.monotonic()
    deadline = started + timeout
    bar: tqdm | None = None
    receipts = views.delivery_receipts(client, conversation_sid, limit=1)
    try:
        while not settled(receipts, expected):
            left = deadline - time.monotonic()
            if left <= 0:
                final = int(receipts["status"].isin(FINAL).sum())
                print(
                    f"Twilio reported {final} of {expected} deliveries within {timeout:.0f} s: "
                    "carriers report late at times. Run the cell again to see the rest."
                )
                break
            time.sleep(min(poll, left))
            waited = time.monotonic() - started
            if bar is None and waited >= QUIET_SECONDS:
                bar = tqdm(
                    total=round(timeout),
                    desc="waiting for delivery receipts",
                    unit="s",
                    leave=False,
                )
            if bar is not None:
                bar.n = min(round(waited), bar.total)
                bar.refresh()
            receipts = views.delivery_receipts(client, conversation_sid, limit=1)
    finally:
        if bar is not None:
            bar.close()
    return receipts


def undelivered(receipts: pd.DataFrame) -> list[str]:
    """A sentence per receipt that failed, with its error code and what to do about it."""
    lines = []
    failed = receipts[receipts["status"].isin(["failed", "undelivered"])]
    for row in failed.itertuples(index=False):
        code = int(row.error_code) if pd.notna(row.error_code) else 0
        advice = ADVICE.get(code)
        why = f" {advice.meaning} {advice.what_to_do}" if advice else ""
        lines.append(f"Not delivered to {row.recipient}: Twilio error {code}.{why}")
    return lines
