"""Users, Roles, ConversationWithParticipants (all or nothing, 50425) and ParticipantConversations
for identities, through the real SDK."""

from __future__ import annotations

import json

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from tests.support.group import PHONE_1, PHONE_2


def sms(phone: str, number: str) -> str:
    return json.dumps({"messaging_binding": {"address": phone, "proxy_address": number}})


def test_conversation_with_participants_in_one_call(client: Client, numbers: list[str]) -> None:
    made = client.conversations.v1.conversation_with_participants.create(
        friendly_name="picnic",
        unique_name="picnic",
        participant=[sms(PHONE_1, numbers[0]), sms(PHONE_2, numbers[1]),
                     json.dumps({"identity": "organiser"})],
    )  # fmt: skip
    assert made.sid.startswith("CH") and made.friendly_name == "picnic" and made.state == "active"
    people = client.conversations.v1.conversations(made.sid).participants.list()
    assert sorted((p.identity or p.messaging_binding["address"]) for p in people) == [
        PHONE_1,
        PHONE_2,
        "organiser",
    ]
    found = client.conversations.v1.participant_conversations.list(identity="organiser")
    assert [f.conversation_sid for f in found] == [made.sid]


def test_conversation_with_participants_is_all_or_nothing(
    client: Client, numbers: list[str]
) -> None:
    v1 = client.conversations.v1
    v1.conversation_with_participants.create(participant=[sms(PHONE_1, numbers[0])])
    with pytest.raises(TwilioRestException) as caught:
        v1.conversation_with_participants.create(
            unique_name="second",
            participant=[sms(PHONE_2, numbers[0]), sms(PHONE_1, numbers[0])],
        )
    assert (caught.value.status, caught.value.code) == (409, 50425)
    with pytest.raises(TwilioRestException) as twice:  # one pair twice in the same request
        v1.conversation_with_participants.create(participant=[sms(PHONE_2, numbers[1])] * 2)
    assert (twice.value.status, twice.value.code) == (409, 50425)
    assert len(v1.conversations.list()) == 1  # nothing of the second call was kept
    assert v1.participant_conversations.list(address=PHONE_2) == []
    both = {"identity": "x", "messaging_binding": {"address": PHONE_2, "proxy_address": numbers[1]}}
    for bad, code in (
        (["not json"], 20001),
        (["[]"], 20001),
        ([json.dumps(both)], 50211),
        ([sms(PHONE_2, numbers[1])] * 11, 50426),  # Twilio's: ten a request at most
    ):
        with pytest.raises(TwilioRestException) as caught:
            v1.conversation_with_participants.create(participant=bad)
        assert (caught.value.status, caught.value.code) == (400, code), bad
    assert len(v1.conversations.list()) == 1
    assert v1.participant_conversations.list(address=PHONE_2) == []


def test_users_by_sid_or_identity(client: Client) -> None:
    users = client.conversations.v1.users
    alice = users.create(identity="alice", friendly_name="Alice", attributes='{"team": "red"}')
    assert alice.sid.startswith("US") and alice.role_sid.startswith("RL")
    roles = {r.sid: r for r in client.conversations.v1.roles.list()}
    assert roles[alice.role_sid].friendly_name == "service user"
    assert users("alice").fetch().sid == alice.sid
    updated = users(alice.sid).update(friendly_name="Alice A.")
    assert updated.friendly_name == "Alice A." and updated.attributes == '{"team": "red"}'
    with pytest.raises(TwilioRestException) as caught:
        users.create(identity="alice")
    assert (caught.value.status, caught.value.code) == (409, 50201)
    assert users("alice").fetch().friendly_name == "Alice A."  # the refused create changed nothing
    with pytest.raises(TwilioRestException) as caught:
        users.create(identity="")
    assert (caught.value.status, caught.value.code) == (400, 20001)
    assert [u.identity for u in users.list()] == ["alice"]
    users("alice").delete()
    assert users.list() == []


def test_default_roles_and_custom_ones(client: Client) -> None:
    roles = client.conversations.v1.roles
    defaults = {r.friendly_name: r for r in roles.list()}
    assert {n: r.type for n, r in defaults.items()} == {
        "service admin": "service",
        "service user": "service",
        "channel admin": "conversation",
        "channel user": "conversation",
    }
    helper = roles.create(friendly_name="helper", type="conversation", permission=["sendMessage"])
    assert helper.permissions == ["sendMessage"]
    assert roles(helper.sid).update(permission=["sendMessage", "leaveChannel"]).permissions == [
        "sendMessage",
        "leaveChannel",
    ]
    with pytest.raises(TwilioRestException) as caught:
        client.conversations.v1.users.create(identity="bob", role_sid=helper.sid)
    # a conversation role is not a user's (service) role
    assert (caught.value.status, caught.value.code) == (400, 20001)
    assert client.conversations.v1.users.list() == []
    with pytest.raises(TwilioRestException) as caught:
        roles(defaults["channel user"].sid).delete()
    assert (caught.value.status, caught.value.code) == (400, 20001)
    assert roles(defaults["channel user"].sid).fetch().friendly_name == "channel user"
    roles(helper.sid).delete()
    assert {r.friendly_name for r in roles.list()} == set(defaults)


def test_bad_users_and_roles_are_refused_and_nothing_is_stored(client: Client) -> None:
    v1 = client.conversations.v1
    roles_before = {r.sid for r in v1.roles.list()}
    for bad in (
        {"friendly_name": "", "type": "conversation", "permission": ["sendMessage"]},
        {"friendly_name": "helper", "type": "fax", "permission": ["sendMessage"]},
        {"friendly_name": "helper", "type": "conversation", "permission": []},
    ):
        with pytest.raises(TwilioRestException) as caught:
            v1.roles.create(**bad)
        assert (caught.value.status, caught.value.code) == (400, 20001), bad
    assert {r.sid for r in v1.roles.list()} == roles_before
    helper = v1.roles.create(
        friendly_name="helper", type="conversation", permission=["sendMessage"]
    )
    with pytest.raises(TwilioRestException) as caught:
        v1.roles(helper.sid).update(permission=[])
    assert (caught.value.status, caught.value.code) == (400, 20001)
    assert v1.roles(helper.sid).fetch().permissions == ["sendMessage"]
    with pytest.raises(TwilioRestException) as caught:
        v1.users.create(identity="x" * 257)
    assert (caught.value.status, caught.value.code) == (400, 20001)
    assert v1.users.list() == []
    assert v1.users.create(identity="x" * 256).identity == "x" * 256


def test_participant_user_sid_is_the_user_with_the_participants_identity(
    client: Client, numbers: list[str]
) -> None:
    v1 = client.conversations.v1
    conversation = v1.conversations.create()
    v1.conversations(conversation.sid).participants.create(identity="ada")
    v1.conversations(conversation.sid).participants.create(identity="grace")
    v1.conversations(conversation.sid).participants.create(
        messaging_binding_address=PHONE_1, messaging_binding_proxy_address=numbers[0]
    )
    ada = v1.users.create(identity="ada")
    assert [f.participant_user_sid for f in v1.participant_conversations.list(identity="ada")] == [
        ada.sid
    ]
    assert [
        f.participant_user_sid for f in v1.participant_conversations.list(identity="grace")
    ] == [
        None  # no User has that identity
    ]
    by_phone = v1.participant_conversations.list(address=PHONE_1)
    assert [f.participant_user_sid for f in by_phone] == [None]
