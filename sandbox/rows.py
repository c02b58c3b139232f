"""The database's rows as typed resources: one frozen dataclass per table, built from a row by
column name (`Row.from_row`); the API turns them into Twilio's JSON (`api/representations`)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from functools import lru_cache
from operator import itemgetter
from typing import Any, ClassVar, Self


@lru_cache
def _reader(
    cls: type, columns: tuple[str, ...]
) -> tuple[tuple[str, ...], bool, Callable[[Any], tuple[Any, ...]]]:
    """The row class's fields that columns of these names hold, whether they lead the class's
    fields (so they can be passed by position, the fast way), and a getter of their values."""
    names = tuple(f.name for f in fields(cls))
    held = tuple(name for name in names if name in columns)
    positions = [columns.index(name) for name in held]
    pick = itemgetter(*positions) if len(positions) > 1 else lambda row: (row[positions[0]],)
    return held, held == names[: len(held)], pick


class Row:
    """A row of the database as a dataclass: each field is read from the column of its name."""

    JSON_COLUMNS: ClassVar[tuple[str, ...]] = ()  # columns holding JSON, decoded into their fields

    @classmethod
    def from_row(cls, row: sqlite3.Row, **extra: Any) -> Self:
        if cls.JSON_COLUMNS:
            extra = {name: json.loads(row[name]) for name in cls.JSON_COLUMNS} | extra
            named = row.keys()  # a sqlite3.Row iterates over its values, not its names
            columns = tuple(name for name in named if name not in extra)
            return cls.from_values(columns, tuple(row[name] for name in columns), **extra)
        return cls.from_values(tuple(row.keys()), tuple(row), **extra)

    @classmethod
    def from_values(cls, columns: tuple[str, ...], values: tuple[Any, ...], **extra: Any) -> Self:
        """The row class of a row's values, given the row's column names."""
        names, leading, pick = _reader(cls, columns)
        if leading:
            return cls(*pick(values), **extra)
        return cls(**dict(zip(names, pick(values), strict=True)), **extra)


@dataclass(frozen=True)
class Service(Row):
    sid: str
    friendly_name: str
    date_created: str
    date_updated: str


@dataclass(frozen=True)
class Credential(Row):
    sid: str
    friendly_name: str | None
    type: str
    sandbox: int | None
    date_created: str
    date_updated: str


@dataclass(frozen=True)
class Role(Row):
    sid: str
    chat_service_sid: str
    friendly_name: str
    type: str
    permissions: str
    date_created: str
    date_updated: str


@dataclass(frozen=True)
class Conversation(Row):
    sid: str
    chat_service_sid: str
    messaging_service_sid: str | None
    friendly_name: str | None
    unique_name: str | None
    attributes: str
    state: str
    timers_inactive: str | None
    timers_closed: str | None
    date_inactive: str | None
    date_closed: str | None
    date_created: str
    date_updated: str


@dataclass(frozen=True)
class Participant(Row):
    sid: str
    conversation_sid: str
    identity: str | None
    address: str | None
    proxy_address: str | None
    attributes: str
    role_sid: str | None
    last_read_message_index: int | None
    last_read_timestamp: str | None
    date_created: str
    date_updated: str
    projected_address: str | None = None

    @property
    def is_sms(self) -> bool:
        return self.address is not None

    @property
    def in_group_mms(self) -> bool:
        """A native Group MMS phone (an address and no proxy) or a projected Twilio number."""
        return self.projected_address is not None or (
            self.address is not None and self.proxy_address is None
        )


@dataclass(frozen=True)
class SmsRecipient:
    """A phone a message goes to: its address and the Twilio number the text comes from."""

    sid: str
    address: str
    proxy_address: str


@dataclass(frozen=True)
class DeliverySummary:
    """Counts of a message's receipts by status; shown as Twilio's all/some/none."""

    total: int
    by_status: tuple[tuple[str, int], ...]  # (status, count) pairs: a message stays hashable

    def count(self, status: str) -> int:
        return dict(self.by_status).get(status, 0)


@dataclass(frozen=True)
class Message(Row):
    sid: str
    conversation_sid: str
    index: int
    author: str
    body: str | None
    attributes: str
    participant_sid: str | None
    date_created: str
    date_updated: str
    media: str | None = None  # JSON, as the API shows it
    content_sid: str | None = None
    content_variables: str | None = None
    delivery: DeliverySummary | None = None


@dataclass(frozen=True)
class Receipt(Row):
    sid: str
    conversation_sid: str
    message_sid: str
    channel_message_sid: str | None  # None when Twilio refused the SMS (21610, 21617)
    participant_sid: str
    status: str
    error_code: int | None
    date_created: str
    date_updated: str


@dataclass(frozen=True)
class ParticipantConversation:
    participant: Participant
    conversation: Conversation


@dataclass(frozen=True)
class User(Row):
    sid: str
    chat_service_sid: str
    role_sid: str | None
    identity: str
    friendly_name: str | None
    attributes: str
    date_created: str
    date_updated: str


@dataclass(frozen=True)
class PhoneNumber(Row):
    sid: str
    phone_number: str
    friendly_name: str
    date_created: str
    date_updated: str
    settings: str = "{}"  # JSON: the IncomingPhoneNumbers parameters given, by field name

    @property
    def sms_url(self) -> str | None:
        return json.loads(self.settings).get("sms_url") or None

    @property
    def sms_method(self) -> str:
        return str(json.loads(self.settings).get("sms_method") or "POST")


@dataclass(frozen=True)
class Sms(Row):
    """A 2010 API Message: one SMS in or out of a Twilio number."""

    sid: str
    sender: str
    recipient: str
    body: str
    status: str
    direction: str
    conversation_sid: str | None
    date_created: str
    date_updated: str
    date_sent: str | None
    media: tuple[str, ...] = ()  # the SIDs of its media
    status_callback: str | None = None
    error_code: int | None = None
    recipients: tuple[str, ...] = ()  # a group MMS: everyone in the group; () for an SMS
    messaging_service_sid: str | None = None
    media_urls: tuple[str, ...] = ()  # CreateMessage's MediaUrl: media the sandbox cannot fetch

    @property
    def is_group(self) -> bool:
        return bool(self.recipients)

    @classmethod
    def from_row(cls, row: sqlite3.Row | Mapping[str, Any], **extra: Any) -> Self:
        """From its row, or the values its row was written with, by column name."""
        return cls(
            sid=row["sid"],
            sender=row["from"],
            recipient=row["to"],
            body=row["body"],
            status=row["status"],
            direction=row["direction"],
            conversation_sid=row["conversation_sid"],
            date_created=row["date_created"],
            date_updated=row["date_updated"],
            date_sent=row["date_sent"],
            media=tuple(json.loads(row["media"])),
            status_callback=row["status_callback"],
            error_code=row["error_code"],
            recipients=tuple(json.loads(row["recipients"])) if row["recipients"] else (),
            messaging_service_sid=row["messaging_service_sid"],
            media_urls=tuple(json.loads(row["media_urls"])),
        )


@dataclass(frozen=True)
class PushBinding(Row):
    """A device registered for push notifications in a Conversations Service."""

    sid: str
    chat_service_sid: str
    credential_sid: str | None
    endpoint: str
    identity: str
    binding_type: str
    message_types: str  # a JSON list
    date_created: str
    date_updated: str


@dataclass(frozen=True)
class Media(Row):
    """An upload to a Conversations Service's Media Content Service (`ME…`); its bytes apart."""

    sid: str
    chat_service_sid: str
    content_type: str
    filename: str | None
    size: int
    message_sid: str | None
    date_created: str
    date_updated: str

    def described(self) -> dict[str, object]:
        """The media as a message's `media` lists it."""
        return {
            "sid": self.sid,
            "size": self.size,
            "content_type": self.content_type,
            "filename": self.filename,
            "category": "media",
        }


@dataclass(frozen=True)
class MessageMedia(Row):
    """A file an MMS carried, on the 2010 API (a Message's `Media`, `ME…`)."""

    sid: str
    message_sid: str
    content_type: str
    date_created: str
    date_updated: str


@dataclass(frozen=True)
class MessagingService(Row):
    """A Messaging Service (`MG…`); its settings' defaults are the engine's (messaging_services)."""

    sid: str
    friendly_name: str
    date_created: str
    date_updated: str
    settings: str = "{}"  # JSON: the settings given, by field name


@dataclass(frozen=True)
class PoolNumber(Row):
    """A number of a service's sender pool: the IncomingPhoneNumber's SID is the resource's."""

    sid: str
    service_sid: str
    phone_number: str
    date_created: str
    date_updated: str


@dataclass(frozen=True)
class ScopedWebhook(Row):
    """A conversation-scoped webhook (`WH…`)."""

    JSON_COLUMNS = ("filters", "triggers")

    sid: str
    conversation_sid: str
    target: str
    url: str | None
    method: str
    filters: list[str]
    date_created: str
    date_updated: str
    triggers: list[str]  # a `trigger` target's keywords; offline no target but `webhook` runs
    flow_sid: str | None  # a `studio` target's flow
    replay_after: int | None  # a `studio` target: replay messages after this index


@dataclass(frozen=True)
class AddressConfiguration(Row):
    """An Address Configuration (`IG…`): what a text to a Twilio number nobody expects creates."""

    JSON_COLUMNS = ("auto_creation",)

    sid: str
    type: str
    address: str
    friendly_name: str | None
    auto_creation: dict[str, Any]
    address_country: str | None
    date_created: str
    date_updated: str
