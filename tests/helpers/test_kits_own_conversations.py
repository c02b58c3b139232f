"""Which conversations a phone is offered to text: live, only the kit's (its mark), never the
learner's own; in the sandbox, every one. Either way the playground's phone pane offers first the
number of the conversation on screen.

The account: participant #1's phone already texts the learner's support line in a conversation of
their own (no kit mark), made first, then the kit's two conversations (05's: the same phone on
number #1 and on number #2)."""

from __future__ import annotations

from typing import Any

import pytest
from twilio.rest import Client

from helpers.forms import AddParticipantForm, Playground
from helpers.kit_marks import kit_attributes
from helpers.numbers import (
    NoFreeNumber,
    numbers_to_offer,
    numbers_to_text,
    proxies_in_use,
    suggest_proxy,
)
from helpers.phones import wait_for_text
from tests.support.group import make_group

PHONE_1, PHONE_2 = "+14155550101", "+14155550102"
NUMBER_1, NUMBER_2, SUPPORT_LINE = "+15005550006", "+15005550007", "+15005550008"


def conversation(client: Client, mark: str, pairs: list[tuple[str, str]]) -> str:
    made = make_group(
        client, pairs=dict(pairs), buy_numbers=False, chat_identity=None, attributes=mark
    )
    return made.conversation_sid


@pytest.fixture
def account(client: Client) -> dict[str, str]:
    """The learner's support ticket, then the kit's group and its second conversation."""
    for number in (NUMBER_1, NUMBER_2, SUPPORT_LINE):
        client.incoming_phone_numbers.create(phone_number=number)
    return {
        "support": conversation(client, '{"desk": "support"}', [(PHONE_1, SUPPORT_LINE)]),
        "group": conversation(client, kit_attributes(), [(PHONE_1, NUMBER_1), (PHONE_2, NUMBER_1)]),
        "second": conversation(client, kit_attributes(), [(PHONE_1, NUMBER_2)]),
    }


def pane_of(client: Client, conversation_sid: str) -> Any:
    playground = Playground(client, conversation_sid, auto_refresh=False)
    playground.close()
    return playground.phone(PHONE_1)


def test_live_a_phone_is_offered_only_the_kits_conversations(
    live: Client,
    account: dict[str, str],
) -> None:
    kits = {NUMBER_1: account["group"], NUMBER_2: account["second"]}
    assert numbers_to_text(live, PHONE_1) == kits
    # Twilio's pair rule still counts the learner's own: the kit never suggests a held pair.
    assert proxies_in_use(live, PHONE_1) == {**kits, SUPPORT_LINE: account["support"]}
    for shown, number in (("group", NUMBER_1), ("second", NUMBER_2)):
        pane = pane_of(live, account[shown])
        assert pane.to.value == number
        assert sorted(pane.to.options) == [NUMBER_1, NUMBER_2]
        assert SUPPORT_LINE not in pane.heading.value
    with pytest.raises(LookupError, match="No open conversation of the kit's"):
        wait_for_text(live, PHONE_1, SUPPORT_LINE, "Hi", timeout=0)


def test_in_the_sandbox_every_conversation_is_offered_the_one_on_screen_first(
    client: Client, account: dict[str, str]
) -> None:
    for shown, number in (("group", NUMBER_1), ("second", NUMBER_2)):
        pane = pane_of(client, account[shown])
        assert pane.to.value == number == pane.to.options[0]
        assert sorted(pane.to.options) == [NUMBER_1, NUMBER_2, SUPPORT_LINE]
    texted = pane_of(client, account["second"]).text("from the second")
    assert texted.ok, texted.message
    second = client.conversations.v1.conversations(account["second"]).messages.list()
    assert [m.body for m in second] == ["from the second"]


def test_live_the_kit_suggests_only_the_learners_configured_numbers(
    live: Client,
    account: dict[str, str],
) -> None:
    # Participant #2 now holds numbers #1 and #2: only the learner's support line is free for them,
    # and it is not the kit's to put anyone on (GROUP_TWILIO_NUMBERS names #1 and #2).
    conversation(live, kit_attributes(), [(PHONE_2, NUMBER_2)])
    assert numbers_to_offer(live) == [NUMBER_1, NUMBER_2]
    with pytest.raises(NoFreeNumber) as refused:
        suggest_proxy(live, PHONE_2)
    assert refused.value.needed == 1
    form = AddParticipantForm(live, account["group"])
    assert SUPPORT_LINE not in form.numbers


def test_in_the_sandbox_every_number_of_the_account_may_be_suggested(
    client: Client, account: dict[str, str]
) -> None:
    conversation(client, kit_attributes(), [(PHONE_2, NUMBER_2)])
    assert numbers_to_offer(client) == [NUMBER_1, NUMBER_2, SUPPORT_LINE]
    assert suggest_proxy(client, PHONE_2) == SUPPORT_LINE
