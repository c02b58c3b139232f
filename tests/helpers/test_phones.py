"""Phones: a simulated text in the sandbox; in live mode, asking a person and waiting for it."""

from __future__ import annotations

import threading

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from helpers.phones import TextNotSeen, send_text, wait_for_text
from tests.support.group import PHONE_1, PHONE_2, make_group


def group(client: Client, numbers: list[str]) -> str:
    return make_group(client, buy_numbers=False, chat_identity=None).conversation_sid


def test_send_text_lands_in_the_pairs_conversation(client: Client, numbers: list[str]) -> None:
    sid = group(client, numbers)
    text = send_text(client, PHONE_1, numbers[0], "hello")
    assert text.sid.startswith("SM") and text.conversation_sid == sid
    message = (
        client.conversations.v1.conversations(sid).messages(text.conversation_message_sid).fetch()
    )
    assert (message.author, message.body) == (PHONE_1, "hello")


def test_send_text_to_a_pair_in_no_conversation(client: Client, numbers: list[str]) -> None:
    text = send_text(client, PHONE_1, numbers[0], "anyone?")
    assert text.conversation_sid is None and text.conversation_message_sid is None


def test_send_text_to_a_number_the_account_does_not_have(client: Client) -> None:
    with pytest.raises(TwilioRestException) as refused:
        send_text(client, PHONE_1, "+15005550099", "hello")
    assert (refused.value.status, refused.value.code) == (400, 21211)
    assert client.messages.list() == []


def test_a_text_of_1600_characters_arrives_and_a_longer_one_is_refused(
    client: Client, numbers: list[str]
) -> None:
    """An SMS carries 1,600 characters at most (the limit of Twilio's Messages)."""
    sid = group(client, numbers)
    longest = send_text(client, PHONE_1, numbers[0], "x" * 1600)
    assert longest.conversation_sid == sid and len(longest.body) == 1600
    with pytest.raises(TwilioRestException) as refused:
        send_text(client, PHONE_1, numbers[0], "y" * 1601)
    assert (refused.value.status, refused.value.code) == (400, 20001)
    assert "1601" in refused.value.msg
    assert [len(m.body) for m in client.messages.list(from_=PHONE_1)] == [1600]
    conversation = client.conversations.v1.conversations(sid)
    assert [len(m.body) for m in conversation.messages.list()] == [1600]
    assert [m.body for m in client.messages.list(to=PHONE_2)] == ["x" * 1600]


def test_live_wait_sees_the_persons_text(client: Client, numbers: list[str], capsys) -> None:
    """The live path, with the person played by the sandbox's phone a moment later."""
    sid = group(client, numbers)
    client.conversations.v1.conversations(sid).messages.create(author=PHONE_2, body="earlier")
    person = threading.Timer(0.3, send_text, (client, PHONE_1, numbers[0], "from my phone"))
    person.start()
    try:
        text = wait_for_text(client, PHONE_1, numbers[0], "from my phone", timeout=60, poll=0.1)
    finally:
        person.join()
    assert text.conversation_sid == sid and text.body == "from my phone"
    assert (
        f"From the phone {PHONE_1}, text 'from my phone' to {numbers[0]} now."
        in capsys.readouterr().out
    )


def test_live_wait_gives_up_after_its_timeout(client: Client, numbers: list[str]) -> None:
    sid = group(client, numbers)
    send_text(client, PHONE_1, numbers[0], "an old text does not count")
    with pytest.raises(TextNotSeen, match=sid):
        wait_for_text(client, PHONE_1, numbers[0], "hello", timeout=0.3, poll=0.1)


def test_live_wait_needs_the_pair_in_a_conversation(client: Client, numbers: list[str]) -> None:
    with pytest.raises(LookupError, match="Add the participant first"):
        wait_for_text(client, PHONE_1, numbers[0], "hello", timeout=1)
