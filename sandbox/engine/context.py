"""What every domain operation works with: the open transaction, the clock, the account."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sandbox.clock import Clock
from sandbox.config import DELIVERY_SECONDS

if TYPE_CHECKING:
    from sandbox.dispatch import WebhookRequest


# Twilio's event types: the post-events a webhook hears, the pre-events asked before an action,
# and the user events only the Configuration Webhook's filters take.
POST_EVENTS = (
    "onMessageAdded",
    "onMessageUpdated",
    "onMessageRemoved",
    "onConversationAdded",
    "onConversationUpdated",
    "onConversationRemoved",
    "onConversationStateUpdated",
    "onParticipantAdded",
    "onParticipantUpdated",
    "onParticipantRemoved",
    "onDeliveryUpdated",
)
PRE_EVENTS = (
    "onMessageAdd",
    "onMessageUpdate",
    "onMessageRemove",
    "onConversationAdd",
    "onConversationUpdate",
    "onConversationRemove",
    "onParticipantAdd",
    "onParticipantUpdate",
    "onParticipantRemove",
    "onUserUpdate",
)
USER_EVENTS = ("onUserAdded", "onUserUpdated")


@dataclass(frozen=True)
class Event:
    """Something that happened, for the webhooks: Twilio's event type and its parameters."""

    type: str
    conversation_sid: str | None
    fields: dict[str, str]
    api: bool = True  # caused by a REST call (not by a phone or a timer)


@dataclass
class Context:
    db: sqlite3.Connection
    clock: Clock
    account_sid: str
    service_sid: str
    events: list[Event] = field(default_factory=list)
    webhooks_forced: bool = False
    webhooks_configured: bool = False  # while false, events only webhooks use are not made
    api_origin: bool = True
    timers_changed: bool = False  # a write may have set, cleared or fired a conversation's timer
    carrier_reports_changed: bool = False  # an SMS was sent or a carrier reported on one
    delivery_seconds: int = DELIVERY_SECONDS  # how long carriers take to report on an SMS
    group_mms_enabled: bool = True  # False: the account answers 50452 (SANDBOX_GROUP_MMS=off)
    webhooks_changed: bool = False  # a write added or removed a webhook
    callbacks: list[WebhookRequest] = field(default_factory=list)  # Messaging's: status, SmsUrl

    def now(self) -> str:
        return self.clock.now_iso()

    def emit(
        self, type_: str, conversation_sid: str | None, api: bool | None = None, **fields: Any
    ) -> None:
        """Add an event; `api` False for what no REST call did (a carrier's receipt)."""
        values = {k: "" if v is None else str(v) for k, v in fields.items()}
        origin = self.api_origin if api is None else api
        self.events.append(Event(type_, conversation_sid, values, origin))
