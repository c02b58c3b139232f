"""What the notebooks show: a message's journey, step summaries, explained errors, clean-up."""

from __future__ import annotations

import json

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from helpers.cleanup import clean_up, kit_conversations, reset_sandbox
from helpers.errors import explain
from helpers.journey import Hop, journey
from helpers.kit_marks import KIT_FRIENDLY_NAME, is_kit, kit_attributes
from helpers.receipts import await_receipts
from helpers.what_happened import received
from tests.support.group import PHONE_1, PHONE_2, WALKTHROUGH_CHAT_IDENTITY, make_group


def quickstart(client: Client, numbers: list[str], **extra: str) -> str:
    made = make_group(
        client,
        buy_numbers=False,
        chat_identity=WALKTHROUGH_CHAT_IDENTITY,
        attributes=kit_attributes(**extra),
    )
    return made.conversation_sid


def test_route_of_a_text_goes_to_every_other_participant(client, numbers, text) -> None:
    sid = quickstart(client, numbers)
    text(PHONE_1, numbers[0], "hi")
    picture = journey(client, sid)
    assert picture.sender == Hop(PHONE_1, "sms", numbers[0])
    assert picture.recipients == [
        Hop(PHONE_2, "sms", numbers[1]),
        Hop(WALKTHROUGH_CHAT_IDENTITY, "chat", None),
    ]
    svg = picture._repr_svg_()
    assert svg.startswith("<?xml") and PHONE_2 in svg and numbers[1] in svg and "chat client" in svg


def test_route_of_a_program_message_and_of_an_old_one(client, numbers, text) -> None:
    sid = quickstart(client, numbers)
    text(PHONE_2, numbers[1], "first")
    client.conversations.v1.conversations(sid).messages.create(body="from a program")
    assert journey(client, sid).sender == Hop("system", "system", None)
    assert len(journey(client, sid).recipients) == 3
    assert journey(client, sid, index=0).sender == Hop(PHONE_2, "sms", numbers[1])
    with pytest.raises(LookupError, match="no message #7"):
        journey(client, sid, index=7)


def test_route_of_an_empty_conversation_says_so(client: Client, numbers: list[str]) -> None:
    with pytest.raises(LookupError, match="no messages"):
        journey(client, quickstart(client, numbers))


def test_received_shows_each_phones_sms_for_the_latest_message(client, numbers) -> None:
    sid = quickstart(client, numbers)
    client.conversations.v1.conversations(sid).messages.create(
        author=WALKTHROUGH_CHAT_IDENTITY, body="hello phones"
    )
    got = received(client, sid, await_receipts(client, sid)).sort_values("phone")
    assert list(got.itertuples(index=False, name=None)) == [
        (PHONE_1, numbers[0], "hello phones", "delivered"),
        (PHONE_2, numbers[1], "hello phones", "delivered"),
    ]


def test_explain_gives_code_meaning_and_what_to_do(client: Client, numbers: list[str]) -> None:
    quickstart(client, numbers)
    other = client.conversations.v1.conversations.create()
    with pytest.raises(TwilioRestException) as refused:
        client.conversations.v1.conversations(other.sid).participants.create(
            messaging_binding_address=PHONE_1, messaging_binding_proxy_address=numbers[0]
        )
    assert (refused.value.status, refused.value.code) == (409, 50416)
    assert client.conversations.v1.conversations(other.sid).participants.list() == []
    shown = explain(refused.value)
    assert shown.startswith("Twilio error 50416 (HTTP 409)")
    assert "suggest_proxy" in shown and "docs/api/errors/50416" in shown
    # The API's words and the kit's are on lines of their own, each labelled as whose they are.
    twilios, kits = shown.split("\n")[1:3]
    assert twilios == f"  the API's message: {refused.value.msg}"
    assert kits.startswith("  the kit's advice:  ") and "suggest_proxy" in kits
    assert "suggest_proxy" not in twilios


def test_kit_mark_round_trip() -> None:
    assert is_kit(kit_attributes(scratch=True))
    assert json.loads(kit_attributes(topic="x")) == {"kit": "group-texting-lab", "topic": "x"}
    for other in (None, "{}", "not json", "[1]", '{"kit": "another"}'):
        assert not is_kit(other)


def test_clean_up_dry_runs_then_deletes_only_the_kits(client: Client, numbers: list[str]) -> None:
    ours = quickstart(client, numbers)
    theirs = client.conversations.v1.conversations.create(attributes='{"app": "mine"}').sid
    bought = client.incoming_phone_numbers.create(
        phone_number="+15005550009", friendly_name=KIT_FRIENDLY_NAME
    )
    planned = clean_up(client, dry_run=True, release_numbers=True)
    assert set(planned["sid"]) == {ours, bought.sid} and set(planned["action"]) == {"would delete"}
    assert list(kit_conversations(client)["sid"]) == [ours]
    done = clean_up(client, dry_run=False)
    assert list(done["sid"]) == [ours] and list(done["action"]) == ["deleted"]
    left = kit_conversations(client)
    assert left.empty and "unique_name" in left.columns
    assert client.conversations.v1.conversations(theirs).fetch().sid == theirs
    assert len(client.incoming_phone_numbers.list()) == 3  # numbers stay unless asked
    clean_up(client, dry_run=False, release_numbers=True)
    assert [n.phone_number for n in client.incoming_phone_numbers.list()] == numbers


def test_reset_sandbox_empties_it(client: Client, numbers: list[str]) -> None:
    quickstart(client, numbers)
    reset_sandbox(client)
    assert client.conversations.v1.conversations.list() == []
    assert client.incoming_phone_numbers.list() == []
