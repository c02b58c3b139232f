"""Scale: fan-out to 50 SMS of 1,000 participants, 100,000 messages in a DataFrame, 1e6 pairs.

Each is timed at full size and at a 10x smaller size, so the figure says how time grows.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from twilio.rest import Client

from bench import seed
from bench.memory import PeakWatch
from bench.servers import Server, start_sandbox
from bench.stats import timed
from helpers import views
from helpers.phones import send_text
from lab_contract.defaults import DEFAULT_SANDBOX_ACCOUNT_SID
from sandbox.clock import Clock
from sandbox.engine import participants
from sandbox.engine.context import Context
from sandbox.store import Store


@dataclass(frozen=True)
class Growth:
    """One scale figure: the time at full size and at a tenth of it."""

    what: str
    small: int
    large: int
    small_seconds: float
    large_seconds: float
    note: str = ""

    @property
    def factor(self) -> float:
        return self.large_seconds / self.small_seconds


@dataclass
class ScaleReport:
    figures: list[Growth]
    peak_rss: int


def _median_of(repeats: int, action: Callable[[], object]) -> float:
    return statistics.median(timed(action) for _ in range(repeats))


def fan_out(
    directory: Path, sms_sizes: tuple[int, int] = (5, 50), chat_sizes: tuple[int, int] = (100, 1000)
) -> tuple[list[Growth], int]:
    """One message sent to N SMS participants (Twilio's cap: 50 non-chat a conversation), and to
    a conversation of 50 SMS and N chat participants (up to 1,000 participants in all)."""
    server = start_sandbox(directory / "fan_out.db")
    try:
        client = server.client()
        conversations = client.conversations.v1.conversations
        numbers = iter(f"+1415555{n:04d}" for n in range(100, 200))
        sms_seconds, chat_seconds = [], []
        with PeakWatch(server.pid) as watch:
            for size in sms_sizes:
                handle = _group(client, conversations, next(numbers), sms=size, chat=0)
                sms_seconds.append(_median_of(5, lambda h=handle: h.messages.create(body="hi")))
            for size in chat_sizes:
                handle = _group(client, conversations, next(numbers), sms=50, chat=size - 50)
                chat_seconds.append(_median_of(5, lambda h=handle: h.messages.create(body="hi")))
        return [
            Growth("message fanned out to N SMS participants (cap 50)", *sms_sizes, *sms_seconds),
            Growth(
                "message in a conversation of N participants (50 SMS, the rest chat)",
                *chat_sizes,
                *chat_seconds,
            ),
        ], watch.peak
    finally:
        server.stop()


def _group(client: Client, conversations: Any, number: str, *, sms: int, chat: int) -> Any:
    """A conversation of `sms` SMS participants on `number` and `chat` chat participants."""
    client.incoming_phone_numbers.create(phone_number=number)
    handle = conversations(conversations.create(friendly_name=f"{sms} SMS, {chat} chat").sid)
    for n in range(sms):
        handle.participants.create(
            messaging_binding_address=seed.address(n), messaging_binding_proxy_address=number
        )
    for n in range(chat):
        handle.participants.create(identity=f"bench-{n}")
    return handle


def messages_frame(
    directory: Path, sizes: tuple[int, int] = (10_000, 100_000)
) -> tuple[Growth, int]:
    """`helpers.views.messages` (the SDK paging 100 at a time, then one DataFrame)."""
    db_path = directory / "history.db"
    with seed.opened(db_path) as store:
        sids = [seed.conversation(store, f"{size} messages") for size in sizes]
        for sid, size in zip(sids, sizes, strict=True):
            seed.messages(store, sid, size)
    server = start_sandbox(db_path)
    try:
        client = server.client()
        seconds = []
        with PeakWatch(server.pid) as watch:
            for sid, size in zip(sids, sizes, strict=True):
                start = time.perf_counter()
                frame = views.messages(client, sid)
                seconds.append(time.perf_counter() - start)
                assert len(frame) == size and frame["index"].is_monotonic_increasing
        note = "rows written to SQLite directly; the load is API paging + DataFrame"
        return Growth("conversation's messages into a DataFrame", *sizes, *seconds, note), (
            watch.peak
        )
    finally:
        server.stop()


def _lookup_seconds(db_path: Path, stored: int, tries: int = 2000) -> float:
    """`find_by_pair` on the store itself, mean over random stored pairs."""
    store = Store(db_path)
    try:
        ctx = Context(store.db, Clock(), DEFAULT_SANDBOX_ACCOUNT_SID, "")
        chance = random.Random(stored)
        pairs = [
            (seed.address(n // 1000), seed.proxy(n % 1000))
            for n in (chance.randrange(stored) for _ in range(tries))
        ]
        start = time.perf_counter()
        for address, proxy in pairs:
            assert participants.find_by_pair(ctx, address, proxy) is not None
        return (time.perf_counter() - start) / tries
    finally:
        store.close()


def _texts_seconds(server: Server, stored: int, tries: int = 200) -> float:
    """A phone's text routed through `POST /sandbox/Phones/{From}/Messages`, median."""
    client = server.client()
    chance = random.Random(stored + 1)
    samples = []
    for _ in range(tries):
        n = chance.randrange(stored)
        address, proxy = seed.address(n // 1000), seed.proxy(n % 1000)
        samples.append(timed(lambda a=address, p=proxy: send_text(client, a, p, "hello")))
    return statistics.median(samples)


def routing(
    directory: Path, sizes: tuple[int, int] = (100_000, 1_000_000)
) -> tuple[list[Growth], int]:
    """The routing lookup with N (address, proxy) pairs stored, each in an open conversation."""
    db_path = directory / "routing.db"
    with seed.opened(db_path) as store:
        seed.phone_numbers(store, 1000)
    lookups, texts, peak, stored = [], [], 0, 0
    for size in sizes:
        with seed.opened(db_path) as store:
            seed.routing_pairs(store, stored, size - stored)
        stored = size
        lookups.append(_lookup_seconds(db_path, stored))
        server = start_sandbox(db_path)
        try:
            with PeakWatch(server.pid) as watch:
                texts.append(_texts_seconds(server, stored))
            peak = max(peak, watch.peak)
        finally:
            server.stop()
    note = "pairs written to SQLite directly"
    return [
        Growth("routing lookup `find_by_pair` (engine, mean)", *sizes, *lookups, note),
        Growth("inbound text routed via the phone endpoint (SDK, p50)", *sizes, *texts, note),
    ], peak


def run(directory: Path, *, quick: bool = False) -> ScaleReport:
    figures, peaks = [], []
    fanned, peak = fan_out(directory, chat_sizes=(60, 150) if quick else (100, 1000))
    figures.extend(fanned)
    peaks.append(peak)
    growth, peak = messages_frame(directory, (1_000, 10_000) if quick else (10_000, 100_000))
    figures.append(growth)
    peaks.append(peak)
    found, peak = routing(directory, (10_000, 100_000) if quick else (100_000, 1_000_000))
    figures.extend(found)
    peaks.append(peak)
    return ScaleReport(figures, max(peaks))
