"""Consent before money: live, the kit buys no number and sends no SMS unless the learner allows it.

Allowed by KIT_ALLOW_CHARGES=yes (environment or `.env`), or for this kernel by the
`AllowCharges` button. In the sandbox nothing costs anything, so nothing is asked.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from twilio.rest import Client

from helpers.connect import is_sandbox
from helpers.prices import (
    MMS_OUTBOUND_USD,
    PRICES_READ,
    PRICES_SOURCE,
    SMS_SEGMENT_USD,
    US_LOCAL_NUMBER_PER_MONTH,
)
from helpers.settings import load_settings

ALLOW = "KIT_ALLOW_CHARGES"


@dataclass(frozen=True)
class Charge:
    """What one step would cost: SMS segments and MMS (sent or received), numbers bought."""

    sms: int = 0
    numbers: int = 0
    mms: int = 0  # outbound MMS: a Group MMS message is one to each phone

    @property
    def usd(self) -> float:
        texts = self.sms * SMS_SEGMENT_USD + self.mms * MMS_OUTBOUND_USD
        return round(texts + self.numbers * US_LOCAL_NUMBER_PER_MONTH, 4)

    def __str__(self) -> str:
        parts = []
        if self.sms:
            parts.append(f"{self.sms} SMS segment{'s' if self.sms != 1 else ''}")
        if self.mms:
            parts.append(f"{self.mms} MMS")
        if self.numbers:
            parts.append(f"{self.numbers} US local number{'s' if self.numbers != 1 else ''}")
        per_month = "/month" if self.numbers else ""
        return f"{' and '.join(parts) or 'nothing'} (about ${self.usd:.4g}{per_month})"


def charges_allowed() -> bool:
    """True when the learner allowed charges (read afresh, so the button takes effect at once)."""
    return load_settings().allow_charges


def allow_charges() -> None:
    """Allow charges for the rest of this kernel's life (what the AllowCharges button does)."""
    os.environ[ALLOW] = "yes"


def refusal(client: Client, charge: Charge, what: str) -> str | None:
    """Live without consent: the sentence saying what `what` would cost and how to allow it."""
    if is_sandbox(client) or charges_allowed():
        return None
    return (
        f"Live: {what} would cost {charge}, at Twilio's US prices ({PRICES_SOURCE}, read "
        f"{PRICES_READ}); skipped. To allow charges, set {ALLOW}=yes in .env and restart the "
        "kernel, or press the button of `helpers.forms.AllowCharges()`."
    )


def may_charge(client: Client, charge: Charge, what: str) -> bool:
    """True if `what` may go ahead; otherwise print why not (the refusal) and return False."""
    sentence = refusal(client, charge, what)
    if sentence is not None:
        print(sentence)
        return False
    return True


def message_charge(client: Client, conversation_sid: str, author: str | None) -> Charge:
    """A message by `author` in a conversation: one SMS to each other phone in it, and the
    author's own text if they are a phone (Twilio charges received SMS too)."""
    participants = client.conversations.v1.conversations(conversation_sid).participants
    phones = [
        str(p.messaging_binding["address"])
        for p in participants.stream(page_size=100)
        if p.messaging_binding and p.messaging_binding.get("address")
    ]
    return Charge(sms=len([p for p in phones if p != author]) + (author in phones))


def may_send(client: Client, conversation_sid: str, author: str | None, what: str) -> bool:
    """`may_charge` for one message in a conversation, priced only when the price is asked."""
    if is_sandbox(client) or charges_allowed():
        return True
    return may_charge(client, message_charge(client, conversation_sid, author), what)


def message_refusal(
    client: Client, conversation_sid: str | None, author: str | None, what: str
) -> str | None:
    """For forms: the refusal sentence of one message (None when it may be sent)."""
    if is_sandbox(client) or charges_allowed():
        return None
    charge = message_charge(client, conversation_sid, author) if conversation_sid else Charge(1)
    return refusal(client, charge, what)
