"""Bulk rows written straight into a sandbox's SQLite file, before its server starts.

Only the benchmarks do this (to hold 100,000 messages or 1,000,000 routing pairs in
seconds rather than hours of API calls); everything they then time goes through the API.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from lab_contract.defaults import DEFAULT_SANDBOX_ACCOUNT_SID
from sandbox.engine.engine import Engine
from sandbox.sids import new_sid
from sandbox.store import Store

WHEN = "2026-01-01T00:00:00Z"
BATCH = 20_000


@contextmanager
def opened(db_path: Path) -> Iterator[Store]:
    """The store with its schema and default service, as the server would make them."""
    store = Store(db_path)
    try:
        Engine(store, DEFAULT_SANDBOX_ACCOUNT_SID)
        yield store
    finally:
        store.close()


def address(n: int) -> str:
    return f"+1650200{n:04d}"


def proxy(n: int) -> str:
    return f"+1415200{n:04d}"


def phone_numbers(store: Store, count: int) -> list[str]:
    numbers = [proxy(n) for n in range(count)]
    with store.transaction() as db:
        db.executemany(
            "INSERT OR IGNORE INTO phone_numbers"
            " (sid, phone_number, friendly_name, date_created, date_updated) VALUES (?,?,?,?,?)",
            [(new_sid("PN"), number, number, WHEN, WHEN) for number in numbers],
        )
    return numbers


def conversation(store: Store, friendly_name: str) -> str:
    sid = new_sid("CH")
    service = store.db.execute("SELECT sid FROM services WHERE is_default = 1").fetchone()[0]
    with store.transaction() as db:
        db.execute(
            "INSERT INTO conversations (sid, chat_service_sid, friendly_name, date_created,"
            " date_updated) VALUES (?,?,?,?,?)",
            (sid, service, friendly_name, WHEN, WHEN),
        )
    return sid


def messages(store: Store, conversation_sid: str, count: int) -> None:
    """`count` messages by a chat participant, each with two delivery receipts."""
    author = new_sid("MB")
    with store.transaction() as db:
        db.execute(
            "INSERT INTO participants (sid, conversation_sid, identity, date_created,"
            " date_updated) VALUES (?,?,?,?,?)",
            (author, conversation_sid, "alice", WHEN, WHEN),
        )
        for start in range(0, count, BATCH):
            rows, receipts = [], []
            for index in range(start, min(start + BATCH, count)):
                sid = new_sid("IM")
                rows.append((sid, conversation_sid, index, "alice", f"message {index}", author))
                for recipient in ("MB" + "1" * 32, "MB" + "2" * 32):
                    receipts.append(
                        (new_sid("DY"), conversation_sid, sid, new_sid("SM"), recipient)
                    )
            db.executemany(
                'INSERT INTO messages (sid, conversation_sid, "index", author, body,'
                " participant_sid, date_created, date_updated)"
                f" VALUES (?,?,?,?,?,?,'{WHEN}','{WHEN}')",
                rows,
            )
            db.executemany(
                "INSERT INTO receipts (sid, conversation_sid, message_sid, channel_message_sid,"
                f" participant_sid, status, date_created, date_updated)"
                f" VALUES (?,?,?,?,?,'delivered','{WHEN}','{WHEN}')",
                receipts,
            )
        db.execute(
            "UPDATE conversations SET next_index = ? WHERE sid = ?", (count, conversation_sid)
        )


def routing_pairs(store: Store, first: int, count: int, proxies: int = 1000) -> None:
    """Pairs number `first` … `first + count - 1`: each its own conversation of one SMS
    participant, pair n = (address(n // proxies), proxy(n % proxies))."""
    service = store.db.execute("SELECT sid FROM services WHERE is_default = 1").fetchone()[0]
    with store.transaction() as db:
        for start in range(first, first + count, BATCH):
            conversations, participants = [], []
            for n in range(start, min(start + BATCH, first + count)):
                conversation_sid = new_sid("CH")
                conversations.append((conversation_sid, service))
                participants.append(
                    (new_sid("MB"), conversation_sid, address(n // proxies), proxy(n % proxies))
                )
            db.executemany(
                "INSERT INTO conversations (sid, chat_service_sid, date_created, date_updated)"
                f" VALUES (?,?,'{WHEN}','{WHEN}')",
                conversations,
            )
            db.executemany(
                "INSERT INTO participants (sid, conversation_sid, address, proxy_address,"
                f" date_created, date_updated) VALUES (?,?,?,?,'{WHEN}','{WHEN}')",
                participants,
            )
