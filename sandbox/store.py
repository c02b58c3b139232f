"""SQLite storage: the schema, its indexes, and one transaction per request."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# 2: custom roles, receipts' SIDs not UNIQUE; 3: receipts with no SMS, opt-outs; 4: media, numbers'
# settings, the SMS log's media and status callback, messages' content and webhooks' triggers;
# 5: Group MMS (participants' projected addresses, an MMS's group of recipients);
# 6: carriers' reports (receipts' and the SMS log's settle_at), phones' states
# 7: push credentials; 8: unique names and identities unique per Conversations Service;
# 9: the SMS log's messaging service and media URLs; 10: push bindings, notification levels
# 11: a message's media on the 2010 API, Messaging Services and their sender pools
SCHEMA_VERSION = 11

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS services (
    id INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,
    friendly_name TEXT NOT NULL,
    is_default INTEGER NOT NULL DEFAULT 0,
    date_created TEXT NOT NULL,
    date_updated TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS roles (
    id INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,
    chat_service_sid TEXT NOT NULL,
    friendly_name TEXT NOT NULL,
    type TEXT NOT NULL,
    permissions TEXT NOT NULL,
    is_default INTEGER NOT NULL DEFAULT 1,
    date_created TEXT NOT NULL,
    date_updated TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS conversations (
    id INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,
    chat_service_sid TEXT NOT NULL,
    messaging_service_sid TEXT,
    friendly_name TEXT,
    unique_name TEXT,
    attributes TEXT NOT NULL DEFAULT '{}',
    state TEXT NOT NULL DEFAULT 'active',
    timers_inactive TEXT,
    timers_closed TEXT,
    date_inactive TEXT,
    date_closed TEXT,
    next_index INTEGER NOT NULL DEFAULT 0,
    date_created TEXT NOT NULL,
    date_updated TEXT NOT NULL,
    UNIQUE (chat_service_sid, unique_name)
);
CREATE INDEX IF NOT EXISTS conversations_by_service ON conversations(chat_service_sid, id);
CREATE TABLE IF NOT EXISTS participants (
    id INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,
    conversation_sid TEXT NOT NULL REFERENCES conversations(sid) ON DELETE CASCADE,
    identity TEXT,
    address TEXT,
    proxy_address TEXT,
    attributes TEXT NOT NULL DEFAULT '{}',
    role_sid TEXT,
    last_read_message_index INTEGER,
    last_read_timestamp TEXT,
    date_created TEXT NOT NULL,
    date_updated TEXT NOT NULL,
    projected_address TEXT,  -- Group MMS: the Twilio number that stands for a chat participant
    notification_level TEXT NOT NULL DEFAULT 'default'  -- its User Conversation's: default/muted
);
CREATE INDEX IF NOT EXISTS participants_by_conversation ON participants(conversation_sid);
CREATE INDEX IF NOT EXISTS participants_by_pair ON participants(address, proxy_address);
DROP INDEX IF EXISTS participants_by_identity;
CREATE INDEX IF NOT EXISTS participants_by_chat_identity ON participants(identity)
    WHERE identity IS NOT NULL;
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,
    conversation_sid TEXT NOT NULL REFERENCES conversations(sid) ON DELETE CASCADE,
    "index" INTEGER NOT NULL,
    author TEXT NOT NULL,
    body TEXT,
    attributes TEXT NOT NULL DEFAULT '{}',
    participant_sid TEXT,
    date_created TEXT NOT NULL,
    date_updated TEXT NOT NULL,
    media TEXT,  -- JSON, as the API shows it: [{sid, size, content_type, filename, category}]
    content_sid TEXT,
    content_variables TEXT,
    UNIQUE (conversation_sid, "index")
);
CREATE TABLE IF NOT EXISTS media (
    id INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,
    chat_service_sid TEXT NOT NULL,
    content_type TEXT NOT NULL,
    filename TEXT,
    size INTEGER NOT NULL,
    content BLOB NOT NULL,
    message_sid TEXT,
    date_created TEXT NOT NULL,
    date_updated TEXT NOT NULL
);
-- A file's bytes, in a table of their own where the blob is the row's last column: SQLite then
-- writes a zeroblob(size) without making it in memory, and the upload fills it a chunk at a time
-- (in `media`, columns after `content` made SQLite build the whole file in memory, twice). The
-- media of a database made before this table keep their bytes in `media.content`.
CREATE TABLE IF NOT EXISTS media_content (
    media_id INTEGER PRIMARY KEY REFERENCES media(id) ON DELETE CASCADE,
    content BLOB NOT NULL
);
-- A receipt's SID is not UNIQUE: it is looked up only with its message's SID (receipts_by_message),
-- and a unique index cost a random B-tree page written per receipt (two pages a message).
CREATE TABLE IF NOT EXISTS receipts (
    id INTEGER PRIMARY KEY,
    sid TEXT NOT NULL,
    conversation_sid TEXT NOT NULL REFERENCES conversations(sid) ON DELETE CASCADE,
    message_sid TEXT NOT NULL REFERENCES messages(sid) ON DELETE CASCADE,
    channel_message_sid TEXT,  -- NULL: Twilio refused the SMS (21610, 21617)
    participant_sid TEXT NOT NULL,
    status TEXT NOT NULL,
    error_code INTEGER,
    date_created TEXT NOT NULL,
    date_updated TEXT NOT NULL,
    settle_at TEXT  -- when its carrier reports (message_2010/carrier_reports.py); NULL once final
);
CREATE INDEX IF NOT EXISTS receipts_by_message ON receipts(message_sid);
CREATE INDEX IF NOT EXISTS receipts_to_settle ON receipts(settle_at) WHERE settle_at IS NOT NULL;
-- A simulated phone's state, when not reachable: unreachable, landline, filtering.
CREATE TABLE IF NOT EXISTS phone_states (
    phone TEXT PRIMARY KEY,
    state TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS phone_numbers (
    id INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,
    phone_number TEXT NOT NULL UNIQUE,
    friendly_name TEXT NOT NULL,
    date_created TEXT NOT NULL,
    date_updated TEXT NOT NULL,
    settings TEXT NOT NULL DEFAULT '{}'  -- SmsUrl, StatusCallback, … as given (JSON)
);
CREATE TABLE IF NOT EXISTS sms (
    id INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,
    "from" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL,
    direction TEXT NOT NULL,
    conversation_sid TEXT,
    date_created TEXT NOT NULL,
    date_updated TEXT NOT NULL,
    date_sent TEXT,
    media TEXT NOT NULL DEFAULT '[]',  -- the SIDs of its media (JSON)
    status_callback TEXT,
    error_code INTEGER,
    recipients TEXT,  -- a group MMS: the whole group's numbers as a JSON list; NULL for an SMS
    settle_at TEXT,  -- an outbound SMS: when its carrier reports; a scheduled one: when it is sent
    messaging_service_sid TEXT,  -- CreateMessage's MessagingServiceSid (no service behind it)
    media_urls TEXT NOT NULL DEFAULT '[]'  -- CreateMessage's MediaUrl, as given (JSON)
);
-- A message's media on the 2010 API: an MMS's own ME… resources
-- (engine/message_2010/message_media.py)
CREATE TABLE IF NOT EXISTS message_media (
    id INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,
    message_sid TEXT NOT NULL,
    content_type TEXT NOT NULL,
    date_created TEXT NOT NULL,
    date_updated TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS message_media_by_message ON message_media(message_sid);
CREATE INDEX IF NOT EXISTS sms_to_settle ON sms(settle_at) WHERE settle_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS sms_by_to ON sms("to");
CREATE INDEX IF NOT EXISTS sms_by_from ON sms("from");
CREATE INDEX IF NOT EXISTS conversations_by_timer
    ON conversations(state, date_inactive, date_closed);
DROP INDEX IF EXISTS conversations_by_close_timer;
CREATE INDEX IF NOT EXISTS conversations_by_close_date ON conversations(date_closed)
    WHERE date_closed IS NOT NULL;
CREATE TABLE IF NOT EXISTS conversation_webhooks (
    id INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,
    conversation_sid TEXT NOT NULL REFERENCES conversations(sid) ON DELETE CASCADE,
    target TEXT NOT NULL,
    url TEXT,
    method TEXT NOT NULL DEFAULT 'POST',
    filters TEXT NOT NULL DEFAULT '[]',
    date_created TEXT NOT NULL,
    date_updated TEXT NOT NULL,
    triggers TEXT NOT NULL DEFAULT '[]',
    flow_sid TEXT,
    replay_after INTEGER
);
CREATE INDEX IF NOT EXISTS webhooks_by_conversation ON conversation_webhooks(conversation_sid);
CREATE TABLE IF NOT EXISTS address_configurations (
    id INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    address TEXT NOT NULL,
    friendly_name TEXT,
    auto_creation TEXT NOT NULL DEFAULT '{}',
    address_country TEXT,
    date_created TEXT NOT NULL,
    date_updated TEXT NOT NULL,
    UNIQUE (type, address)
);
CREATE TABLE IF NOT EXISTS opt_outs (
    address TEXT NOT NULL,
    proxy_address TEXT NOT NULL,
    date_created TEXT NOT NULL,
    PRIMARY KEY (address, proxy_address)
);
-- Messaging Services (messaging.twilio.com) and their sender pools: a number in one at most.
CREATE TABLE IF NOT EXISTS messaging_services (
    id INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,
    friendly_name TEXT NOT NULL,
    settings TEXT NOT NULL DEFAULT '{}',  -- StickySender, StatusCallback, … as given (JSON)
    date_created TEXT NOT NULL,
    date_updated TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS messaging_service_numbers (
    id INTEGER PRIMARY KEY,
    service_sid TEXT NOT NULL REFERENCES messaging_services(sid) ON DELETE CASCADE,
    phone_number_sid TEXT NOT NULL UNIQUE REFERENCES phone_numbers(sid) ON DELETE CASCADE,
    date_created TEXT NOT NULL,
    date_updated TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS messaging_service_numbers_by_service
    ON messaging_service_numbers(service_sid, id);
-- Sticky Sender: the pool number a phone first got a text from through the service; it goes
-- when that number leaves the pool.
CREATE TABLE IF NOT EXISTS sticky_senders (
    service_sid TEXT NOT NULL,
    recipient TEXT NOT NULL,
    phone_number_sid TEXT NOT NULL
        REFERENCES messaging_service_numbers(phone_number_sid) ON DELETE CASCADE,
    PRIMARY KEY (service_sid, recipient)
);
CREATE TABLE IF NOT EXISTS credentials (
    id INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,
    friendly_name TEXT,
    type TEXT NOT NULL,
    sandbox INTEGER,
    date_created TEXT NOT NULL,
    date_updated TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,
    chat_service_sid TEXT NOT NULL,
    role_sid TEXT,
    identity TEXT NOT NULL,
    friendly_name TEXT,
    attributes TEXT NOT NULL DEFAULT '{}',
    date_created TEXT NOT NULL,
    date_updated TEXT NOT NULL,
    UNIQUE (chat_service_sid, identity)
);
CREATE TABLE IF NOT EXISTS bindings (
    id INTEGER PRIMARY KEY,
    sid TEXT NOT NULL UNIQUE,
    chat_service_sid TEXT NOT NULL,
    credential_sid TEXT,
    endpoint TEXT NOT NULL,
    identity TEXT NOT NULL,
    binding_type TEXT NOT NULL,
    message_types TEXT NOT NULL,
    date_created TEXT NOT NULL,
    date_updated TEXT NOT NULL,
    UNIQUE (chat_service_sid, endpoint)
);
"""


LOCK_WAIT_S = 5.0  # how long opening waits for a database another process holds


class SchemaOutdated(RuntimeError):
    """The database was made by a sandbox of another schema version."""


class DatabaseInUse(RuntimeError):
    """Another process holds the database: a sandbox that is still running on it."""


class Store:
    """One SQLite connection in WAL mode; `transaction()` wraps one request's work.

    The sandbox's process alone uses the file while it runs, so the connection holds its locks
    (`locking_mode=EXCLUSIVE`): no lock and unlock system calls around every transaction. Other
    programs can open the file once the sandbox has stopped.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(
            str(path), isolation_level=None, check_same_thread=False, timeout=LOCK_WAIT_S
        )
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA locking_mode=EXCLUSIVE")  # before WAL: its index on the heap
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError as error:
            self.db.close()
            raise DatabaseInUse(
                f"Another program holds {path}: most likely a sandbox still running on it. "
                "Stop it with `python -m sandbox stop` (or `make sandbox-stop`), or "
                "give this one another --db."
            ) from error
        # OFF: SQLite hands each commit to the operating system and never waits for the disk.
        # Every committed request survives a kill (tests/sandbox/test_store_after_sigkill.py);
        # only the machine crashing could lose the last ones, and the sandbox holds nothing a
        # learner cannot make again. NORMAL waited for the disk at each WAL checkpoint: 5-20 ms
        # on one request in a few hundred (measured by bench/).
        self.db.execute("PRAGMA synchronous=OFF")
        self.db.execute("PRAGMA foreign_keys=ON")
        self._lock = threading.RLock()
        self._check_schema_version()
        self.db.executescript(SCHEMA)
        with self.transaction():
            self.db.execute(
                "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)",
                (str(SCHEMA_VERSION),),
            )

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception: all of a request or none."""
        with self._lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """The connection for reads alone, outside any write transaction (no write lock held)."""
        with self._lock:
            yield self.db

    def _check_schema_version(self) -> None:
        """A database of another schema is not upgraded in place: the user resets it."""
        made = self.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone()
        version = self.get_meta("schema_version") if made else None
        if version is not None and version != str(SCHEMA_VERSION):
            self.db.close()
            raise SchemaOutdated(
                f"{self.path} was made by another version of the sandbox (schema {version}, "
                f"this one reads {SCHEMA_VERSION}). Reset it: stop the sandbox, delete the file "
                "and start again (its resources are lost), or give this one another --db."
            )

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row["value"] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO meta(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def clear(self) -> None:
        """Delete every resource (the account's numbers too); keep the schema. Call it inside
        a transaction: a reset is all or nothing."""
        for table in (
            "conversation_webhooks",
            "address_configurations",
            "credentials",
            "bindings",
            "users",
            "media_content",
            "media",
            "receipts",
            "messages",
            "participants",
            "conversations",
            "message_media",
            "sms",
            "opt_outs",
            "phone_states",
            "sticky_senders",
            "messaging_service_numbers",
            "messaging_services",
            "phone_numbers",
        ):
            self.db.execute(f"DELETE FROM {table}")
        # The default service and its default roles stay; services made since go with theirs.
        self.db.execute(
            "DELETE FROM roles WHERE is_default = 0"
            " OR chat_service_sid NOT IN (SELECT sid FROM services WHERE is_default = 1)"
        )
        self.db.execute("DELETE FROM services WHERE is_default = 0")
        self.db.execute("DELETE FROM meta WHERE key != 'schema_version'")

    def close(self) -> None:
        self.db.close()
