"""The tests' cast and their group, made through the SDK: the walkthrough's sandbox cast (the
kit's own constants), and the quickstart's group of two SMS participants, each on its own Twilio
number, and one chat participant."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from twilio.rest import Client

from helpers.walkthrough import SANDBOX_CAST, SANDBOX_NUMBERS

PHONE_1, PHONE_2 = SANDBOX_CAST.phone_1, SANDBOX_CAST.phone_2
PHONE_3 = SANDBOX_CAST.third_phone()  # notebooks 05 and 06's third person
NUMBER_1, NUMBER_2 = SANDBOX_NUMBERS  # the sandbox's Twilio numbers #1 and #2
SMS_PEOPLE = {PHONE_1: NUMBER_1, PHONE_2: NUMBER_2}  # each phone and the number it texts
CHAT_IDENTITY = "alice"  # the chat participant of the sandbox's tests
WALKTHROUGH_CHAT_IDENTITY = SANDBOX_CAST.chat_identity  # the walkthrough's participant #3


@dataclass(frozen=True)
class Group:
    conversation_sid: str
    conversation: Any  # the SDK's conversation: .sid, .participants, .messages, .fetch(), …
    chat_participant_sid: str | None


def make_group(
    client: Client,
    unique_name: str | None = None,
    *,
    pairs: Mapping[str, str] = SMS_PEOPLE,
    buy_numbers: bool = True,
    chat_identity: str | None = CHAT_IDENTITY,
    **conversation: Any,
) -> Group:
    """Buy the Twilio numbers (unless the test has), create the conversation (with `unique_name`
    and any other of its fields), add each phone of `pairs` on its number and, unless None, the
    chat user: by default the quickstart's group."""
    if buy_numbers:
        for number in dict.fromkeys(pairs.values()):
            client.incoming_phone_numbers.create(phone_number=number)
    if unique_name is not None:
        conversation["unique_name"] = unique_name
    made = client.conversations.v1.conversations.create(**conversation)
    for address, number in pairs.items():
        made.participants.create(
            messaging_binding_address=address, messaging_binding_proxy_address=number
        )
    chat = made.participants.create(identity=chat_identity) if chat_identity else None
    return Group(str(made.sid), made, str(chat.sid) if chat else None)
