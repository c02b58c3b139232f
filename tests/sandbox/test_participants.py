"""Participants: SMS (address + proxy) and chat (identity), and every error a learner meets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from helpers.phones import send_text
from tests.support.group import PHONE_1, PHONE_2, PHONE_3


@pytest.fixture
def conversation(client: Client) -> Any:
    sid = client.conversations.v1.conversations.create(friendly_name="Group").sid
    return client.conversations.v1.conversations(sid)


def expect_error(status: int, code: int, call: Callable[[], object]) -> TwilioRestException:
    with pytest.raises(TwilioRestException) as error:
        call()
    assert (error.value.status, error.value.code) == (status, code), error.value.msg
    return error.value


def test_sms_participant_has_a_messaging_binding(
    client: Client, conversation: Any, numbers: list[str]
) -> None:
    participant = conversation.participants.create(
        messaging_binding_address=PHONE_1, messaging_binding_proxy_address=numbers[0]
    )
    assert participant.sid.startswith("MB") and len(participant.sid) == 34
    assert participant.identity is None
    assert participant.messaging_binding == {
        "type": "sms",
        "address": PHONE_1,
        "proxy_address": numbers[0],
    }
    role = client.conversations.v1.roles(participant.role_sid).fetch()
    assert (role.friendly_name, role.type) == ("channel user", "conversation")
    assert participant.url.endswith(
        f"/Conversations/{conversation._solution['sid']}/Participants/{participant.sid}"
    )


def test_chat_participant_has_an_identity(conversation: Any) -> None:
    participant = conversation.participants.create(identity="alice")
    assert participant.identity == "alice"
    assert participant.messaging_binding is None


def test_attributes_given_at_creation_are_kept(conversation: Any, numbers: list[str]) -> None:
    sms = conversation.participants.create(
        messaging_binding_address=PHONE_1,
        messaging_binding_proxy_address=numbers[0],
        attributes='{"nickname": "Sam"}',
    )
    chat = conversation.participants.create(identity="alice", attributes='{"role": "host"}')
    plain = conversation.participants.create(identity="bob")
    assert [(p.sid, p.attributes) for p in conversation.participants.list()] == [
        (sms.sid, '{"nickname": "Sam"}'),
        (chat.sid, '{"role": "host"}'),
        (plain.sid, "{}"),
    ]


def test_fetch_update_list_delete(conversation: Any, numbers: list[str]) -> None:
    sms = conversation.participants.create(
        messaging_binding_address=PHONE_1, messaging_binding_proxy_address=numbers[0]
    )
    chat = conversation.participants.create(identity="alice")
    assert conversation.participants(sms.sid).fetch().messaging_binding["address"] == PHONE_1
    assert conversation.participants("alice").fetch().sid == chat.sid
    updated = conversation.participants(chat.sid).update(attributes='{"role": "host"}')
    assert updated.attributes == '{"role": "host"}'
    moved = conversation.participants(sms.sid).update(messaging_binding_proxy_address=numbers[1])
    assert moved.messaging_binding["proxy_address"] == numbers[1]
    assert [p.sid for p in conversation.participants.list()] == [sms.sid, chat.sid]
    assert conversation.participants(sms.sid).delete() is True
    assert [p.sid for p in conversation.participants.list()] == [chat.sid]


def test_a_participant_records_how_far_they_have_read(conversation: Any) -> None:
    """A chat client marks messages read with LastReadMessageIndex (and its timestamp)."""
    alice = conversation.participants.create(identity="alice")
    assert alice.last_read_message_index is None
    for i in range(3):
        conversation.messages.create(author="bob", body=f"unread {i}")
    read = conversation.participants(alice.sid).update(
        last_read_message_index=1, last_read_timestamp="2026-01-02T03:04:05Z"
    )
    assert read.last_read_message_index == 1
    fetched = conversation.participants(alice.sid).fetch()
    assert (fetched.last_read_message_index, fetched.last_read_timestamp) == (
        1,
        "2026-01-02T03:04:05Z",
    )
    conversation.participants(alice.sid).update(last_read_message_index=2)
    (listed,) = conversation.participants.list()
    assert listed.last_read_message_index == 2


def test_second_sms_participant_may_use_a_different_twilio_number(
    client: Client, conversation: Any, numbers: list[str]
) -> None:
    """The pair is what must be unique, not the Twilio number: #2 may share #1's number or
    use another, and each phone then gets the group's texts from its own proxy address."""
    conversation.participants.create(
        messaging_binding_address=PHONE_1, messaging_binding_proxy_address=numbers[0]
    )
    sharing = conversation.participants.create(
        messaging_binding_address=PHONE_2, messaging_binding_proxy_address=numbers[0]
    )
    other = conversation.participants.create(
        messaging_binding_address=PHONE_3, messaging_binding_proxy_address=numbers[1]
    )
    assert sharing.messaging_binding["proxy_address"] == numbers[0]
    assert other.messaging_binding["proxy_address"] == numbers[1]
    conversation.messages.create(author=PHONE_1, body="hello both")
    received = {(m.to, m.from_) for m in client.messages.list() if m.body == "hello both"}
    assert received == {(PHONE_2, numbers[0]), (PHONE_3, numbers[1])}


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"messaging_binding_address": "6505551111"}, 400, 50407),
        ({"messaging_binding_address": "+1 650 555 1111"}, 400, 50407),
        ({"messaging_binding_address": "+1650555"}, 400, 50407),
        ({"messaging_binding_address": ""}, 400, 50411),
        (
            {"messaging_binding_address": PHONE_1, "messaging_binding_proxy_address": "555"},
            400,
            50408,
        ),
        (
            {"messaging_binding_address": PHONE_1, "messaging_binding_proxy_address": PHONE_2},
            400,
            50408,
        ),
        ({"messaging_binding_address": "+15005550006"}, 400, 50409),
        ({"identity": "alice", "messaging_binding_address": PHONE_1}, 400, 50211),
        ({}, 400, 50211),
    ],
    ids=[
        "not-e164",
        "spaces",
        "too-short",
        "empty",
        "proxy-not-e164",
        "proxy-not-an-account-number",
        "address-equals-proxy",
        "identity-and-binding",
        "neither",
    ],
)
def test_invalid_participants_are_refused_and_nothing_is_stored(
    conversation: Any, numbers: list[str], kwargs: dict, status: int, code: int
) -> None:
    arguments = {"messaging_binding_proxy_address": numbers[0], **kwargs} if kwargs else {}
    if "identity" in kwargs:
        arguments.pop("messaging_binding_proxy_address")
    expect_error(status, code, lambda: conversation.participants.create(**arguments))
    assert conversation.participants.list() == []


def test_same_pair_in_another_open_conversation_is_409_50416(
    client: Client, conversation: Any, numbers: list[str]
) -> None:
    conversation.participants.create(
        messaging_binding_address=PHONE_1, messaging_binding_proxy_address=numbers[0]
    )
    other = client.conversations.v1.conversations(
        client.conversations.v1.conversations.create().sid
    )
    error = expect_error(
        409,
        50416,
        lambda: other.participants.create(
            messaging_binding_address=PHONE_1, messaging_binding_proxy_address=numbers[0]
        ),
    )
    assert conversation._solution["sid"] in error.msg
    assert other.participants.list() == []
    # Through the other Twilio number the same person may join (the seed's rule).
    other.participants.create(
        messaging_binding_address=PHONE_1, messaging_binding_proxy_address=numbers[1]
    )


def test_pair_rule_applies_when_a_participant_moves_number(
    client: Client, conversation: Any, numbers: list[str]
) -> None:
    conversation.participants.create(
        messaging_binding_address=PHONE_1, messaging_binding_proxy_address=numbers[0]
    )
    other = client.conversations.v1.conversations(
        client.conversations.v1.conversations.create().sid
    )
    moving = other.participants.create(
        messaging_binding_address=PHONE_1, messaging_binding_proxy_address=numbers[1]
    )
    expect_error(
        409,
        50416,
        lambda: other.participants(moving.sid).update(messaging_binding_proxy_address=numbers[0]),
    )
    assert other.participants(moving.sid).fetch().messaging_binding["proxy_address"] == numbers[1]


@pytest.mark.parametrize(
    ("proxy", "code"),
    [("+15005550099", 50408), ("555", 50408), (PHONE_1, 50409)],
    ids=["not-an-account-number", "not-e164", "own-address"],
)
def test_a_participant_cannot_move_to_a_bad_proxy_address(
    conversation: Any, numbers: list[str], proxy: str, code: int
) -> None:
    moving = conversation.participants.create(
        messaging_binding_address=PHONE_1, messaging_binding_proxy_address=numbers[0]
    )
    expect_error(
        400,
        code,
        lambda: conversation.participants(moving.sid).update(messaging_binding_proxy_address=proxy),
    )
    (kept,) = conversation.participants.list()
    assert kept.messaging_binding == {
        "type": "sms",
        "address": PHONE_1,
        "proxy_address": numbers[0],
    }


def test_a_chat_participant_may_be_renamed_but_not_to_a_taken_identity(
    conversation: Any, numbers: list[str]
) -> None:
    alice = conversation.participants.create(identity="alice")
    conversation.participants.create(identity="bob")
    sms = conversation.participants.create(
        messaging_binding_address=PHONE_1, messaging_binding_proxy_address=numbers[0]
    )
    assert conversation.participants(alice.sid).update(identity="alicia").identity == "alicia"
    assert conversation.participants("alicia").fetch().sid == alice.sid
    expect_error(409, 50433, lambda: conversation.participants(alice.sid).update(identity="bob"))
    expect_error(400, 50211, lambda: conversation.participants(sms.sid).update(identity="carol"))
    assert [p.identity for p in conversation.participants.list()] == ["alicia", "bob", None]


def test_the_same_participant_twice_is_refused(conversation: Any, numbers: list[str]) -> None:
    # The same pair in the same conversation: 50416, as Twilio's help article on 50416 says (the
    # newer source; 50437's page lists the case too: sandbox/FIDELITY.md).
    binding = {"messaging_binding_address": PHONE_1, "messaging_binding_proxy_address": numbers[0]}
    first = conversation.participants.create(**binding)
    again = expect_error(409, 50416, lambda: conversation.participants.create(**binding))
    assert f"already exists in Conversation {first.conversation_sid}" in again.msg
    assert first.sid in again.msg
    conversation.participants.create(identity="alice")
    expect_error(409, 50433, lambda: conversation.participants.create(identity="alice"))
    assert len(conversation.participants.list()) == 2


def test_closed_conversation_frees_its_pairs(
    client: Client, conversation: Any, numbers: list[str]
) -> None:
    conversation.participants.create(
        messaging_binding_address=PHONE_1, messaging_binding_proxy_address=numbers[0]
    )
    conversation.update(state="closed")
    other = client.conversations.v1.conversations(
        client.conversations.v1.conversations.create().sid
    )
    joined = other.participants.create(
        messaging_binding_address=PHONE_1, messaging_binding_proxy_address=numbers[0]
    )
    assert joined.messaging_binding == {
        "type": "sms",
        "address": PHONE_1,
        "proxy_address": numbers[0],
    }
    assert [p.sid for p in other.participants.list()] == [joined.sid]
    # ... and the pair now routes the phone's texts to the new conversation.
    sent = send_text(client, PHONE_1, numbers[0], "new group?")
    assert sent.conversation_sid == other._solution["sid"]
    assert conversation.messages.list() == []


def test_unknown_sids_are_404(client: Client, conversation: Any) -> None:
    ghost = client.conversations.v1.conversations("CH" + "f" * 32)
    expect_error(404, 20404, lambda: ghost.participants.create(identity="alice"))
    expect_error(404, 50432, lambda: conversation.participants("MB" + "f" * 32).fetch())
    ghost_update = conversation.participants("MB" + "f" * 32).update
    expect_error(404, 50432, lambda: ghost_update(attributes='{"x": 1}'))
    assert [c.sid for c in client.conversations.v1.conversations.list()] == [
        conversation._solution["sid"]
    ]
    assert conversation.participants.list() == []
