"""The quickstart scenario end to end: texts routed by (address, proxy address), fanned out."""

from __future__ import annotations

from typing import Any

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from tests.support.group import PHONE_1, PHONE_2, PHONE_3


def inbox(client: Client, phone: str) -> list[tuple[str, str]]:
    """What a phone received: (from which Twilio number, body), oldest first."""
    received = client.messages.list(to=phone)
    return [(m.from_, m.body) for m in reversed(received)]


def history(conversation: Any) -> list[tuple[int, str, str]]:
    return [(m.index, m.author, m.body) for m in conversation.messages.list()]


def test_the_quickstart_scenario(client: Client, numbers: list[str], text: Any) -> None:
    number1, number2 = numbers
    conversations = client.conversations.v1.conversations
    group = conversations(conversations.create(friendly_name="Quickstart").sid)
    p1 = group.participants.create(
        messaging_binding_address=PHONE_1, messaging_binding_proxy_address=number1
    )
    p2 = group.participants.create(
        messaging_binding_address=PHONE_2, messaging_binding_proxy_address=number2
    )
    alice = group.participants.create(identity="alice")

    # 5. #1 texts the Twilio number: #2 gets an SMS from *their* proxy, #3 sees it as chat.
    sent = text(PHONE_1, number1, "Hi from #1")
    assert sent.sid.startswith("SM") and sent.conversation_sid == group._solution["sid"]
    assert inbox(client, PHONE_2) == [(number2, "Hi from #1")]
    assert inbox(client, PHONE_1) == []
    assert history(group) == [(0, PHONE_1, "Hi from #1")]
    assert group.messages.list()[0].participant_sid == p1.sid

    # ... and the same for #2 texting.
    text(PHONE_2, number2, "Hi from #2")
    assert inbox(client, PHONE_1) == [(number1, "Hi from #2")]
    assert group.messages.list()[1].participant_sid == p2.sid

    # 6. #3 sends a chat message: #1 and #2 each get an SMS.
    group.messages.create(author="alice", body="Hi from chat")
    assert inbox(client, PHONE_1)[-1] == (number1, "Hi from chat")
    assert inbox(client, PHONE_2)[-1] == (number2, "Hi from chat")

    # A program posts into the conversation too, and everyone receives it.
    posted = group.messages.create(body="Reminder: dinner at 7")
    assert posted.author == "system"
    assert inbox(client, PHONE_1)[-1] == (number1, "Reminder: dinner at 7")
    assert inbox(client, PHONE_2)[-1] == (number2, "Reminder: dinner at 7")

    assert history(group) == [
        (0, PHONE_1, "Hi from #1"),
        (1, PHONE_2, "Hi from #2"),
        (2, "alice", "Hi from chat"),
        (3, "system", "Reminder: dinner at 7"),
    ]
    assert group.messages.list()[2].participant_sid == alice.sid
    # The SMS log shows the phones' own texts as inbound.
    outgoing = client.messages.list(from_=PHONE_1)
    assert [(m.to, m.body, m.direction, m.status) for m in outgoing] == [
        (number1, "Hi from #1", "inbound", "received")
    ]
    assert {m.direction for m in client.messages.list(to=PHONE_2)} == {"outbound-api"}


def test_the_seeds_one_phone_in_several_conversations(
    client: Client, numbers: list[str], text: Any
) -> None:
    """+1111 via #1 → conv 1, via #2 → conv 2; +2222 via #1 → conv 1; +3333 via #1 → conv 2."""
    number1, number2 = numbers
    conversations = client.conversations.v1.conversations
    conversation1 = conversations(conversations.create(friendly_name="conversation #1").sid)
    conversation2 = conversations(conversations.create(friendly_name="conversation #2").sid)
    routes = [
        (PHONE_1, number1, conversation1),
        (PHONE_1, number2, conversation2),
        (PHONE_2, number1, conversation1),
        (PHONE_3, number1, conversation2),
    ]
    for address, proxy, conversation in routes:
        conversation.participants.create(
            messaging_binding_address=address, messaging_binding_proxy_address=proxy
        )
    for address, proxy, conversation in routes:
        sent = text(address, proxy, f"{address} via {proxy}")
        assert sent.conversation_sid == conversation._solution["sid"]
        assert conversation.messages.list(order="desc", limit=1)[0].body == f"{address} via {proxy}"
    assert [m.body for m in conversation1.messages.list()] == [
        f"{PHONE_1} via {number1}",
        f"{PHONE_2} via {number1}",
    ]
    assert [m.body for m in conversation2.messages.list()] == [
        f"{PHONE_1} via {number2}",
        f"{PHONE_3} via {number1}",
    ]
    # The wrong choice: +1111 joining conversation #2 through number #1 is taken by conversation #1.
    with pytest.raises(TwilioRestException) as error:
        conversation2.participants.create(
            messaging_binding_address=PHONE_1, messaging_binding_proxy_address=number1
        )
    assert (error.value.status, error.value.code) == (409, 50416)
    assert conversation1._solution["sid"] in error.value.msg
    assert [p.messaging_binding["address"] for p in conversation2.participants.list()] == [
        PHONE_1,
        PHONE_3,
    ]
    # ParticipantConversations answers "which conversations is this phone in?".
    joined = client.conversations.v1.participant_conversations.list(address=PHONE_1)
    assert {
        (pc.participant_messaging_binding["proxy_address"], pc.conversation_sid) for pc in joined
    } == {
        (number1, conversation1._solution["sid"]),
        (number2, conversation2._solution["sid"]),
    }


def test_a_text_matching_no_conversation_is_only_logged(
    client: Client, numbers: list[str], text: Any
) -> None:
    sent = text(PHONE_1, numbers[0], "anyone there?")
    assert sent.conversation_sid is None and sent.conversation_message_sid is None
    assert [m.body for m in client.messages.list(from_=PHONE_1)] == ["anyone there?"]
    assert client.conversations.v1.conversations.list() == []


def test_a_text_through_a_closed_conversation_goes_nowhere(
    client: Client, numbers: list[str], text: Any
) -> None:
    conversations = client.conversations.v1.conversations
    group = conversations(conversations.create().sid)
    group.participants.create(
        messaging_binding_address=PHONE_1, messaging_binding_proxy_address=numbers[0]
    )
    group.update(state="closed")
    assert text(PHONE_1, numbers[0], "late").conversation_sid is None
    assert group.messages.list() == []


def test_inactive_conversation_wakes_on_a_text(
    client: Client, numbers: list[str], text: Any
) -> None:
    conversations = client.conversations.v1.conversations
    group = conversations(conversations.create(state="inactive").sid)
    group.participants.create(
        messaging_binding_address=PHONE_1, messaging_binding_proxy_address=numbers[0]
    )
    text(PHONE_1, numbers[0], "wake up")
    assert group.fetch().state == "active"


@pytest.mark.parametrize(
    ("sender", "to", "body", "code"),
    [
        ("6505551111", "+15005550006", "hi", 21212),
        (PHONE_1, "+15005559999", "hi", 21211),
        (PHONE_1, "+15005550006", "", 50503),
    ],
    ids=["sender-not-e164", "not-an-account-number", "empty-body"],
)
def test_bad_texts_are_refused(
    client: Client, numbers: list[str], text: Any, sender: str, to: str, body: str, code: int
) -> None:
    with pytest.raises(TwilioRestException) as error:
        text(sender, to, body)
    assert (error.value.status, error.value.code) == (400, code)
    assert client.messages.list() == []
