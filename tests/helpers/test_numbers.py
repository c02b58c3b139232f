"""The routing rule's helpers: the account's numbers, who uses which, the allocator, the planner."""

from __future__ import annotations

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from helpers.cleanup import delete_kit_conversation
from helpers.kit_marks import KIT_FRIENDLY_NAME, NotTheKits, kit_attributes
from helpers.numbers import (
    NoFreeNumber,
    account_numbers,
    local_prefix,
    pair_in_use,
    proxies_in_use,
    suggest_proxy,
)
from helpers.planner import US_LOCAL_NUMBER_PER_MONTH, plan
from helpers.walkthrough import RunEarlierNotebook, find_conversation, twilio_numbers
from tests.support.group import PHONE_1, PHONE_2, PHONE_3, make_group


def join(client: Client, address: str, proxy: str) -> str:
    pair = {address: proxy}
    return make_group(client, pairs=pair, buy_numbers=False, chat_identity=None).conversation_sid


def test_account_numbers_in_purchase_order(client: Client) -> None:
    assert account_numbers(client) == []
    for number in ("+15005550009", "+15005550006", "+15005550007"):
        client.incoming_phone_numbers.create(phone_number=number)
    assert account_numbers(client) == ["+15005550009", "+15005550006", "+15005550007"]


def test_proxies_in_use_skips_closed_conversations(client: Client, numbers: list[str]) -> None:
    first = join(client, PHONE_1, numbers[0])
    second = join(client, PHONE_1, numbers[1])
    assert proxies_in_use(client, PHONE_1) == {numbers[0]: first, numbers[1]: second}
    client.conversations.v1.conversations(second).update(state="closed")
    assert proxies_in_use(client, PHONE_1) == {numbers[0]: first}
    assert proxies_in_use(client, PHONE_2) == {}


def test_suggest_proxy_picks_a_number_the_person_is_not_using(client, numbers) -> None:
    assert suggest_proxy(client, PHONE_1) == numbers[0]
    join(client, PHONE_1, numbers[0])
    free = suggest_proxy(client, PHONE_1)
    assert free == numbers[1]
    join(client, PHONE_1, free)  # the suggestion is accepted: no 50416
    assert suggest_proxy(client, PHONE_2) == numbers[0]  # others may share number #1


def test_suggest_proxy_prefers_a_number_with_the_persons_area_code(client: Client) -> None:
    for number in ("+12125550100", "+16505550100", "+16505550101", "+33142685300"):
        client.incoming_phone_numbers.create(phone_number=number)
    assert suggest_proxy(client, PHONE_1) == "+16505550100"  # 650 like P1, not the older 212
    join(client, PHONE_1, "+16505550100")
    assert suggest_proxy(client, PHONE_1) == "+16505550101"  # the next local one
    join(client, PHONE_1, "+16505550101")
    assert suggest_proxy(client, PHONE_1) == "+12125550100"  # no local one left: any free one
    assert suggest_proxy(client, "+442079460000") == "+12125550100"  # London: no local number


def test_a_50416_proposes_a_number_with_the_persons_area_code(client: Client) -> None:
    for number in ("+12125550100", "+12125550101", "+16505550100"):
        client.incoming_phone_numbers.create(phone_number=number)
    join(client, PHONE_1, "+12125550100")
    pair = pair_in_use(client, PHONE_1, "+12125550100")
    assert pair.free == "+16505550100"  # 650 like P1, not the older free 212
    assert "Choose +16505550100" in pair.sentence()


def test_local_prefix_is_country_and_area_code() -> None:
    assert local_prefix(PHONE_1) == (1, "650")
    assert local_prefix("+442079460000") == (44, "20")
    assert local_prefix("not a number") is None


def test_suggest_proxy_says_how_many_more_numbers(client: Client, numbers: list[str]) -> None:
    sids = [join(client, PHONE_1, n) for n in numbers]
    with pytest.raises(NoFreeNumber) as raised:
        suggest_proxy(client, PHONE_1)
    error = raised.value
    assert error.address == PHONE_1
    assert error.in_use == dict(zip(numbers, sids, strict=True))
    assert error.needed == 1
    assert "Buy 1 more number" in str(error) and sids[0] in str(error)
    with pytest.raises(TwilioRestException) as refused:  # what ignoring it would get
        join(client, PHONE_1, numbers[0])
    assert (refused.value.status, refused.value.code) == (409, 50416)
    assert proxies_in_use(client, PHONE_1) == error.in_use  # the refused join added no pair


def test_suggest_proxy_with_no_numbers_at_all(client: Client) -> None:
    with pytest.raises(NoFreeNumber) as raised:
        suggest_proxy(client, PHONE_1)
    assert raised.value.needed == 1 and raised.value.in_use == {}


def test_plan_for_nobody_needs_nothing() -> None:
    nothing = plan({})
    assert nothing.numbers_needed == 0 and nothing.cost_per_month == 0
    assert nothing.table().empty
    assert plan({PHONE_1: []}).numbers_needed == 0


def test_plan_one_person_in_five_conversations() -> None:
    five = plan({PHONE_1: [f"group {n}" for n in range(5)]}, price_per_number=1.15)
    assert five.numbers_needed == 5
    assert five.cost_per_month == 5.75
    assert sorted(five.assignment.values()) == [1, 2, 3, 4, 5]


def test_plan_the_seed_shares_numbers_between_people() -> None:
    seed = plan({PHONE_1: ["#1", "#2"], PHONE_2: ["#1"], PHONE_3: ["#2"]})
    assert seed.numbers_needed == 2
    assert seed.assignment == {
        (PHONE_1, "#1"): 1,
        (PHONE_1, "#2"): 2,
        (PHONE_2, "#1"): 1,
        (PHONE_3, "#2"): 1,
    }
    assert seed.cost_per_month == round(2 * US_LOCAL_NUMBER_PER_MONTH, 2)
    table = seed.table(numbers=["+15005550006", "+15005550007"])
    assert list(table["twilio_number"]) == ["+15005550006", "+15005550007"] + ["+15005550006"] * 2


def test_plan_never_gives_a_person_the_same_number_twice() -> None:
    busy = plan({PHONE_1: ["a", "b", "a", "c"], PHONE_2: ["c", "a"]})
    assert busy.numbers_needed == 3
    for person in (PHONE_1, PHONE_2):
        slots = [s for (who, _), s in busy.assignment.items() if who == person]
        assert len(slots) == len(set(slots))
    table = busy.table(numbers=["+15005550006"])  # exhausted pool: missing numbers show as None
    assert table["twilio_number"].isna().sum() == 3  # P1 in b and c, P2 in a


def test_plan_refuses_a_negative_price() -> None:
    with pytest.raises(ValueError, match="negative"):
        plan({PHONE_1: ["a"]}, price_per_number=-1)


def test_walkthrough_numbers_prefer_the_kits(client: Client) -> None:
    with pytest.raises(RunEarlierNotebook, match="00_setup"):
        twilio_numbers(client)
    client.incoming_phone_numbers.create(phone_number="+15005550009")
    client.incoming_phone_numbers.create(phone_number="+15005550007", friendly_name="mine")
    client.incoming_phone_numbers.create(
        phone_number="+15005550006", friendly_name=KIT_FRIENDLY_NAME
    )
    assert twilio_numbers(client) == ["+15005550006", "+15005550009"]
    assert twilio_numbers(client, 3)[2] == "+15005550007"


def test_walkthrough_conversation_missing_says_which_notebook(client: Client) -> None:
    with pytest.raises(RunEarlierNotebook, match="01_the_group_text"):
        find_conversation(client)
    created = client.conversations.v1.conversations.create(
        unique_name="group-texting-lab", attributes=kit_attributes()
    )
    assert find_conversation(client).sid == created.sid


def test_a_conversation_with_the_kits_name_but_not_its_mark_is_left_alone(client: Client) -> None:
    theirs = client.conversations.v1.conversations.create(
        unique_name="group-texting-lab", attributes='{"team": "support"}'
    )
    with pytest.raises(NotTheKits, match=theirs.sid):
        find_conversation(client)
    with pytest.raises(NotTheKits, match="leaves it alone"):
        delete_kit_conversation(client, "group-texting-lab")
    assert client.conversations.v1.conversations(theirs.sid).fetch().attributes == (
        '{"team": "support"}'
    )
