"""Twilio's Conversations limits, each refused with Twilio's code, and nothing stored.

Limits from https://www.twilio.com/docs/conversations/conversations-limits (read 2026-11-26);
codes from each error's page, https://www.twilio.com/docs/api/errors/<code>.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from tests.support.group import PHONE_1


def refused(code: int, call: Callable[[], object], status: int = 400) -> TwilioRestException:
    with pytest.raises(TwilioRestException) as caught:
        call()
    assert (caught.value.status, caught.value.code) == (status, code), caught.value.msg
    assert not caught.value.msg.endswith(".."), caught.value.msg
    return caught.value


def attributes_of(size: int) -> str:
    """A JSON object `size` bytes long."""
    return json.dumps({"pad": "x" * (size - len('{"pad": ""}'))})


@pytest.fixture
def conversation(client: Client) -> Any:
    return client.conversations.v1.conversations(client.conversations.v1.conversations.create().sid)


def test_a_friendly_name_holds_256_characters(client: Client) -> None:
    conversations = client.conversations.v1.conversations
    assert len(conversations.create(friendly_name="n" * 256).friendly_name) == 256
    refused(50003, lambda: conversations.create(friendly_name="n" * 257))
    assert len(conversations.list()) == 1


def test_conversation_attributes_hold_16_kb(client: Client) -> None:
    conversations = client.conversations.v1.conversations
    made = conversations.create(attributes=attributes_of(16 * 1024))
    refused(50303, lambda: conversations.create(attributes=attributes_of(16 * 1024 + 1)))
    refused(50303, lambda: conversations(made.sid).update(attributes=attributes_of(16 * 1024 + 1)))
    assert len(conversations.list()) == 1
    assert conversations(made.sid).fetch().attributes == attributes_of(16 * 1024)


def test_participant_and_message_attributes_hold_4_kb(client: Client, conversation: Any) -> None:
    refused(
        50303,
        lambda: conversation.participants.create(identity="a", attributes=attributes_of(4097)),
    )
    alice = conversation.participants.create(identity="alice", attributes=attributes_of(4096))
    refused(
        50303, lambda: conversation.participants(alice.sid).update(attributes=attributes_of(4097))
    )
    refused(50303, lambda: conversation.messages.create(body="hi", attributes=attributes_of(4097)))
    message = conversation.messages.create(body="hi", attributes=attributes_of(4096))
    refused(
        50303, lambda: conversation.messages(message.sid).update(attributes=attributes_of(4097))
    )
    assert [p.identity for p in conversation.participants.list()] == ["alice"]
    assert [m.body for m in conversation.messages.list()] == ["hi"]


def test_an_identity_holds_256_characters(conversation: Any) -> None:
    refused(50207, lambda: conversation.participants.create(identity="i" * 257))
    assert conversation.participants.create(identity="i" * 256).identity == "i" * 256
    assert len(conversation.participants.list()) == 1


def test_a_conversation_takes_50_sms_participants(client: Client, conversation: Any) -> None:
    client.incoming_phone_numbers.create(phone_number="+15005550006")
    phones = [f"+1650555{n:04d}" for n in range(51)]
    for phone in phones[:50]:
        conversation.participants.create(
            messaging_binding_address=phone, messaging_binding_proxy_address="+15005550006"
        )
    refused(
        50418,
        lambda: conversation.participants.create(
            messaging_binding_address=phones[50], messaging_binding_proxy_address="+15005550006"
        ),
    )
    conversation.participants.create(identity="chat-still-fits")  # chat is not counted there
    assert len(conversation.participants.list()) == 51


def test_a_conversation_takes_1000_participants(client: Client, conversation: Any) -> None:
    for n in range(1000):
        conversation.participants.create(identity=f"user-{n}")
    refused(50417, lambda: conversation.participants.create(identity="one-too-many"))
    assert len(conversation.participants.list(page_size=100)) == 1000


def test_conversation_with_participants_takes_10_a_request(client: Client) -> None:
    people = [json.dumps({"identity": f"user-{n}"}) for n in range(11)]
    create = client.conversations.v1.conversation_with_participants.create
    refused(50426, lambda: create(participant=people))
    assert client.conversations.v1.conversations.list() == []
    made = create(participant=people[:10])
    assert len(client.conversations.v1.conversations(made.sid).participants.list()) == 10


def test_a_message_body_holds_32_kb(conversation: Any) -> None:
    refused(50504, lambda: conversation.messages.create(body="b" * (32 * 1024 + 1)))
    assert conversation.messages.list() == []
    assert len(conversation.messages.create(body="b" * (32 * 1024)).body) == 32 * 1024


@pytest.mark.parametrize(
    ("unit", "one_too_many"),
    [("b", 1601), ("\U0001f600", 801), ("€", 801)],
    ids=["gsm-7", "emoji-in-ucs-2", "gsm-7-extension"],
)
def test_a_body_too_long_for_sms_reaches_chat_but_fails_to_each_phone(
    client: Client, conversation: Any, unit: str, one_too_many: int
) -> None:
    # "Outbound: depends on channel — SMS: 1600 characters": the message is kept (chat gets
    # up to 32 KB) and each SMS fails as Twilio's Messaging refuses such a body, 21617
    # (https://www.twilio.com/docs/api/errors/21617): a failed receipt, nothing sent. The 1,600
    # count in the body's encoding: an emoji is two UCS-2 units, € two GSM-7 septets.
    client.incoming_phone_numbers.create(phone_number="+15005550006")
    phone = conversation.participants.create(
        messaging_binding_address=PHONE_1, messaging_binding_proxy_address="+15005550006"
    )
    conversation.participants.create(identity="alice")
    long = conversation.messages.create(author="alice", body=unit * one_too_many)
    [receipt] = conversation.messages(long.sid).delivery_receipts.list()
    assert (receipt.participant_sid, receipt.status, receipt.error_code) == (
        phone.sid,
        "failed",
        21617,
    )
    assert conversation.messages(long.sid).fetch().delivery["failed"] == "all"
    assert receipt.channel_message_sid is None  # Twilio's Messaging refused it: no SMS
    assert client.messages.list(to=PHONE_1) == []
    fits = conversation.messages.create(author="alice", body=unit * (one_too_many - 1))
    [ok] = conversation.messages(fits.sid).delivery_receipts.list()
    assert ok.status != "failed"
