"""Group MMS through the real SDK: who may join with which binding, Twilio's errors for the rest
(nothing stored), one MMS per phone naming the whole group, and a phone's reply to the group."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from helpers import sandbox_api
from sandbox.config import load_config
from tests.support.group import PHONE_1, PHONE_2, PHONE_3
from tests.support.sandbox_server import start_sandbox


def conversation(client: Client, name: str = "Group MMS") -> Any:
    conversations = client.conversations.v1.conversations
    return conversations(conversations.create(friendly_name=name).sid)


def group_of_three(client: Client, number: str) -> tuple[Any, dict[str, Any]]:
    """The kit's three people as a Group MMS: two phones and Alice on a projected number."""
    group = conversation(client)
    people = {
        PHONE_1: group.participants.create(messaging_binding_address=PHONE_1),
        PHONE_2: group.participants.create(messaging_binding_address=PHONE_2),
        "alice": group.participants.create(
            identity="alice", messaging_binding_projected_address=number
        ),
    }
    return group, people


def refused(call: Any) -> TwilioRestException:
    with pytest.raises(TwilioRestException) as caught:
        call()
    return caught.value


def test_a_phone_joins_with_its_address_alone_and_a_chat_user_with_a_projected_number(
    client: Client, numbers: list[str]
) -> None:
    group, people = group_of_three(client, numbers[0])
    assert people[PHONE_1].messaging_binding == {
        "type": "sms",
        "address": PHONE_1,
        "proxy_address": None,
    }
    assert people["alice"].messaging_binding == {"type": "sms", "projected_address": numbers[0]}
    fetched = group.participants(people["alice"].sid).fetch()
    assert fetched.messaging_binding["projected_address"] == numbers[0]


def test_a_chat_message_reaches_each_phone_as_one_mms_naming_the_whole_group(
    client: Client, numbers: list[str]
) -> None:
    group, people = group_of_three(client, numbers[0])
    message = group.messages.create(author="alice", body="Dinner at 8?")
    assert message.participant_sid == people["alice"].sid
    for phone in (PHONE_1, PHONE_2):
        (mms,) = client.messages.list(to=phone)
        assert mms.sid.startswith("MM") and mms.from_ == numbers[0]
        assert (mms.body, mms.num_media) == ("Dinner at 8?", "0")
    receipts = group.messages(message.sid).delivery_receipts.list()
    assert sorted(r.participant_sid for r in receipts) == sorted(
        [people[PHONE_1].sid, people[PHONE_2].sid]
    )
    (on_screen,) = sandbox_api.phone_inbox(client, PHONE_1)
    assert on_screen["direction"] == "received" and on_screen["from"] == numbers[0]
    assert sorted(on_screen["members"]) == sorted([PHONE_2, numbers[0]])


def test_a_phones_reply_to_the_group_is_routed_by_its_members_and_authored_by_the_phone(
    client: Client, numbers: list[str]
) -> None:
    group, people = group_of_three(client, numbers[0])
    sent = sandbox_api.phone_texts_group(client, PHONE_1, [numbers[0], PHONE_2], "Yes!")
    assert sent["sid"].startswith("MM") and sent["direction"] == "inbound"
    assert sent["conversation_sid"] == group._solution["sid"]
    (message,) = group.messages.list()
    assert (message.author, message.participant_sid) == (PHONE_1, people[PHONE_1].sid)
    # The carrier took the text to P2; Twilio sends nothing, so its log has no outbound copy.
    assert client.messages.list(to=PHONE_2) == []
    (on_p2,) = sandbox_api.phone_inbox(client, PHONE_2)
    assert (on_p2["from"], on_p2["body"], on_p2["direction"]) == (PHONE_1, "Yes!", "received")
    assert sorted(on_p2["members"]) == sorted([PHONE_1, numbers[0]])
    (on_p1,) = sandbox_api.phone_inbox(client, PHONE_1)
    assert on_p1["direction"] == "sent"


def test_a_group_text_whose_members_match_no_conversation_lands_in_none(
    client: Client, numbers: list[str]
) -> None:
    group_of_three(client, numbers[0])
    sent = sandbox_api.phone_texts_group(client, PHONE_1, [numbers[0], PHONE_3], "Wrong group")
    assert sent["conversation_sid"] is None
    wrong = refused(
        lambda: sandbox_api.phone_texts_group(client, PHONE_1, [PHONE_2, PHONE_3], "No Twilio")
    )
    assert wrong.status == 400 and wrong.code == 21211


def test_a_phone_with_a_proxy_address_is_a_member_and_its_texts_reach_the_group(
    client: Client, numbers: list[str]
) -> None:
    # Twilio's 50435 page: at least one participant "with a proxy address or a projected
    # address". P3 is in the group through its own Twilio number, numbers[1].
    group, _ = group_of_three(client, numbers[0])
    p3 = group.participants.create(
        messaging_binding_address=PHONE_3, messaging_binding_proxy_address=numbers[1]
    )
    group.messages.create(author="alice", body="Dinner at 8?")
    everyone = {PHONE_1, PHONE_2, PHONE_3, numbers[0], numbers[1]}
    for phone in (PHONE_1, PHONE_2, PHONE_3):
        (mms,) = client.messages.list(to=phone)
        assert (mms.from_, mms.body) == (numbers[0], "Dinner at 8?")
        (on_screen,) = sandbox_api.phone_inbox(client, phone)
        assert set(on_screen["members"]) == everyone - {phone}
    # P3 texts its Twilio number alone: the pair routes it, and Twilio sends it on to the
    # group's other phones from that number.
    sandbox_api.phone_texts(client, PHONE_3, numbers[1], "On my way")
    latest = group.messages.list(order="desc", limit=1)[0]
    assert (latest.author, latest.participant_sid, latest.body) == (PHONE_3, p3.sid, "On my way")
    for phone in (PHONE_1, PHONE_2):
        assert [m.from_ for m in client.messages.list(to=phone, limit=1)] == [numbers[1]]
    assert [m.body for m in client.messages.list(to=PHONE_3)] == ["Dinner at 8?"]  # no echo
    # P3 answers in the group thread instead: its carrier delivers it, the members route it.
    sent = sandbox_api.phone_texts_group(
        client, PHONE_3, [PHONE_1, PHONE_2, numbers[0], numbers[1]], "Yes"
    )
    assert sent["conversation_sid"] == group._solution["sid"]
    assert len(client.messages.list(to=PHONE_1)) == 2  # Twilio sent no copy of the group text


def test_a_phone_with_an_address_alone_turns_proxy_phones_into_a_group(
    client: Client, numbers: list[str]
) -> None:
    group = conversation(client, "Was one-to-one")
    group.participants.create(
        messaging_binding_address=PHONE_1, messaging_binding_proxy_address=numbers[1]
    )
    group.participants.create(messaging_binding_address=PHONE_2)
    early = refused(lambda: group.messages.create(author=PHONE_1, body="Hi"))
    assert (early.status, early.code) == (400, 50435)
    assert "at least one with a proxy address or a projected address" in early.msg
    group.participants.create(messaging_binding_address=PHONE_3)
    group.messages.create(author=PHONE_1, body="Hi")
    for phone in (PHONE_2, PHONE_3):
        (mms,) = client.messages.list(to=phone)
        assert mms.sid.startswith("MM") and mms.from_ == numbers[1]
    with_chat = conversation(client, "Chat user without a projected number")
    with_chat.participants.create(identity="alice")
    error = refused(lambda: with_chat.participants.create(messaging_binding_address=PHONE_1))
    assert (error.status, error.code) == (400, 50435)
    assert len(with_chat.participants.list()) == 1


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"identity": "bob"}, 50434),
        ({"messaging_binding_address": PHONE_1}, 50437),
        ({"identity": "carol", "messaging_binding_projected_address": "NUMBER0"}, 50437),
        (
            {
                "messaging_binding_address": PHONE_3,
                "messaging_binding_projected_address": "NUMBER1",
            },
            50443,
        ),
        ({"identity": "carol", "messaging_binding_projected_address": "+15005550199"}, 50439),
        ({"messaging_binding_address": "+447911123456"}, 50435),
        ({"messaging_binding_address": "555"}, 50407),
    ],
)
def test_twilio_refuses_what_a_group_mms_cannot_hold_and_stores_nothing(
    client: Client, numbers: list[str], fields: dict[str, str], code: int
) -> None:
    group, _ = group_of_three(client, numbers[0])
    named = {k: numbers[int(v[-1])] if v.startswith("NUMBER") else v for k, v in fields.items()}
    error = refused(lambda: group.participants.create(**named))
    assert (error.status, error.code) == (400 if code != 50437 else 409, code)
    assert not error.msg.endswith(".")
    assert len(group.participants.list()) == 3


def test_a_group_mms_holds_ten_participants_at_most(client: Client, numbers: list[str]) -> None:
    group, _ = group_of_three(client, numbers[0])
    for n in range(7):
        group.participants.create(messaging_binding_address=f"+1650555400{n}")
    error = refused(lambda: group.participants.create(messaging_binding_address="+16505554010"))
    assert (error.status, error.code) == (400, 50436)
    assert len(group.participants.list()) == 10


def test_a_message_needs_a_full_group_and_an_author_among_its_members(
    client: Client, numbers: list[str]
) -> None:
    group = conversation(client)
    group.participants.create(messaging_binding_address=PHONE_1)
    group.participants.create(messaging_binding_address=PHONE_2)
    early = refused(lambda: group.messages.create(author=PHONE_1, body="Anyone?"))
    assert (early.status, early.code) == (400, 50435)
    group.participants.create(identity="alice", messaging_binding_projected_address=numbers[0])
    stranger = refused(lambda: group.messages.create(author="mallory", body="Hi"))
    assert (stranger.status, stranger.code) == (400, 50513)
    assert group.messages.list() == [] and client.messages.list() == []


def test_a_projected_address_cannot_be_added_to_a_phone_with_a_binding(
    client: Client, numbers: list[str]
) -> None:
    group, people = group_of_three(client, numbers[0])
    error = refused(
        lambda: group.participants(people[PHONE_1].sid).update(
            messaging_binding_projected_address=numbers[1]
        )
    )
    assert (error.status, error.code) == (400, 50443)


def test_conversation_with_participants_builds_a_group_mms_in_one_call(
    client: Client, numbers: list[str]
) -> None:
    made = client.conversations.v1.conversation_with_participants.create(
        friendly_name="Group MMS",
        participant=[
            json.dumps({"messaging_binding": {"address": PHONE_1}}),
            json.dumps({"messaging_binding": {"address": PHONE_2}}),
            json.dumps(
                {"identity": "alice", "messaging_binding": {"projected_address": numbers[0]}}
            ),
        ],
    )
    group = client.conversations.v1.conversations(made.sid)
    group.messages.create(author="alice", body="Hello group")
    assert [m.from_ for m in client.messages.list(to=PHONE_2)] == [numbers[0]]
    with pytest.raises(TwilioRestException):
        client.conversations.v1.conversation_with_participants.create(
            participant=[
                json.dumps({"messaging_binding": {"address": PHONE_1}}),
                json.dumps({"identity": "bob"}),
            ],
        )
    assert len(client.conversations.v1.conversations.list()) == 1


def test_a_second_open_group_with_the_same_members_cannot_text(
    client: Client, numbers: list[str]
) -> None:
    first, _ = group_of_three(client, numbers[0])
    second, _ = group_of_three(client, numbers[0])
    error = refused(lambda: second.messages.create(author="alice", body="Which group?"))
    assert (error.status, error.code) == (409, 50438)
    assert first._solution["sid"] in error.msg and second.messages.list() == []
    first.update(state="closed")
    second.messages.create(author="alice", body="This one")
    assert [m.body for m in client.messages.list(to=PHONE_1)] == ["This one"]


def test_an_account_without_group_mms_answers_50452_and_still_texts_one_to_one(
    tmp_path: Path,
) -> None:
    # https://www.twilio.com/docs/api/errors/50452: "Triggered when an Account attempts to use
    # GMMS without the appropriate permissions". SANDBOX_GROUP_MMS=off is such an account.
    server = start_sandbox(tmp_path, SANDBOX_GROUP_MMS="off")
    try:
        client = server.client()
        number = client.incoming_phone_numbers.create(phone_number="+15005550006").phone_number
        group = conversation(client)
        for fields in (
            {"messaging_binding_address": PHONE_1},
            {"identity": "alice", "messaging_binding_projected_address": number},
        ):
            error = refused(lambda fields=fields: group.participants.create(**fields))
            assert (error.status, error.code) == (400, 50452)
            assert "Group MMS is not enabled for this Account" in error.msg
        whole = refused(
            lambda: client.conversations.v1.conversation_with_participants.create(
                participant=[json.dumps({"messaging_binding": {"address": PHONE_1}})]
            )
        )
        assert whole.code == 50452
        assert group.participants.list() == []
        assert len(client.conversations.v1.conversations.list()) == 1
        group.participants.create(
            messaging_binding_address=PHONE_1, messaging_binding_proxy_address=number
        )
        group.messages.create(author="system", body="One to one still works")
        assert [m.body for m in client.messages.list(to=PHONE_1)] == ["One to one still works"]
    finally:
        server.stop()


def test_the_group_mms_setting_is_on_or_off(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("SANDBOX_GROUP_MMS=OFF\n")
    assert load_config(env).group_mms is False
    env.write_text("SANDBOX_GROUP_MMS=maybe\n")
    with pytest.raises(ValueError, match="SANDBOX_GROUP_MMS must be on or off"):
        load_config(env)
