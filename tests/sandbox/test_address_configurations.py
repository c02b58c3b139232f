"""Address Configuration through the real SDK: with auto-creation, a text from a phone in no
conversation through that number starts one (and its webhook); without it the text goes nowhere."""

from __future__ import annotations

from typing import Any

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from helpers.webhook_receiver import Receiver
from tests.support.group import PHONE_1


def test_auto_creation_starts_a_conversation_for_an_unknown_phone(
    client: Client, numbers: list[str], text: Any
) -> None:
    addresses = client.conversations.v1.address_configurations
    config = addresses.create(type="sms", address=numbers[0], auto_creation_enabled=True)
    assert config.sid.startswith("IG") and config.auto_creation["enabled"] is True
    assert [a.address for a in addresses.list()] == [numbers[0]]
    sent = text(PHONE_1, numbers[0], "hi, is this the club?")
    assert sent.conversation_sid is not None
    conversation = client.conversations.v1.conversations(sent.conversation_sid)
    (participant,) = conversation.participants.list()
    assert participant.messaging_binding["address"] == PHONE_1
    assert participant.messaging_binding["proxy_address"] == numbers[0]
    assert [(m.author, m.body) for m in conversation.messages.list()] == [
        (PHONE_1, "hi, is this the club?")
    ]
    again = text(PHONE_1, numbers[0], "hello?")  # the pair now routes to that conversation
    assert again.conversation_sid == sent.conversation_sid
    assert len(client.conversations.v1.conversations.list()) == 1


def test_without_auto_creation_the_text_goes_nowhere(
    client: Client, numbers: list[str], text: Any
) -> None:
    addresses = client.conversations.v1.address_configurations
    config = addresses.create(type="sms", address=numbers[0], auto_creation_enabled=False)
    assert text(PHONE_1, numbers[0], "anyone?").conversation_sid is None
    assert text(PHONE_1, numbers[1], "other number").conversation_sid is None
    assert client.conversations.v1.conversations.list() == []
    addresses(config.sid).update(auto_creation_enabled=True)
    assert text(PHONE_1, numbers[0], "now?").conversation_sid is not None
    addresses(config.sid).delete()
    assert addresses.list() == []


def test_auto_creation_attaches_its_webhook(client: Client, numbers: list[str], text: Any) -> None:
    with Receiver() as hooks:
        client.conversations.v1.address_configurations.create(
            type="sms",
            address=numbers[0],
            auto_creation_enabled=True,
            auto_creation_type="webhook",
            auto_creation_webhook_url=hooks.url,
            auto_creation_webhook_method="POST",
            auto_creation_webhook_filters=["onParticipantAdded", "onMessageAdded"],
        )
        sent = text(PHONE_1, numbers[0], "first words")
        got = hooks.wait_for(2)
    assert [r.params["EventType"] for r in got] == ["onParticipantAdded", "onMessageAdded"]
    assert {r.params["ConversationSid"] for r in got} == {sent.conversation_sid}
    assert got[1].params["Body"] == "first words"
    assert all(r.signature_valid(client.password) for r in got)


def test_one_configuration_per_address_and_bad_ones_refused(
    client: Client, numbers: list[str]
) -> None:
    addresses = client.conversations.v1.address_configurations
    first = addresses.create(type="sms", address=numbers[0])
    with pytest.raises(TwilioRestException) as caught:
        addresses.create(type="sms", address=numbers[0], auto_creation_enabled=True)
    assert (caught.value.status, caught.value.code) == (409, 20001)
    for kwargs in ({"type": "fax", "address": numbers[1]}, {"type": "sms", "address": "12"}):
        with pytest.raises(TwilioRestException) as caught:
            addresses.create(**kwargs)
        assert (caught.value.status, caught.value.code) == (400, 20001), kwargs
    with pytest.raises(TwilioRestException) as caught:
        addresses("IG" + "0" * 32).fetch()
    assert (caught.value.status, caught.value.code) == (404, 20404)
    (kept,) = addresses.list()
    assert (kept.sid, kept.address, kept.auto_creation["enabled"]) == (first.sid, numbers[0], False)
