"""The 2010 API the kit needs: buying Twilio numbers and reading the SMS log."""

from __future__ import annotations

from typing import Any

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from tests.support.group import PHONE_1, PHONE_2


def test_buy_list_fetch_release_numbers(client: Client) -> None:
    bought = client.incoming_phone_numbers.create(phone_number="+15005550006")
    assert bought.sid.startswith("PN") and len(bought.sid) == 34
    assert bought.phone_number == "+15005550006"
    assert bought.friendly_name == "(500) 555-0006"
    assert bought.capabilities["sms"] is True
    by_area = client.incoming_phone_numbers.create(area_code="650")
    assert by_area.phone_number.startswith("+1650")
    assert [n.sid for n in client.incoming_phone_numbers.list()] == [bought.sid, by_area.sid]
    assert [n.sid for n in client.incoming_phone_numbers.list(phone_number="+15005550006")] == [
        bought.sid
    ]
    assert client.incoming_phone_numbers(bought.sid).fetch().phone_number == "+15005550006"
    assert client.incoming_phone_numbers(bought.sid).delete() is True
    assert [n.sid for n in client.incoming_phone_numbers.list()] == [by_area.sid]


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [({"phone_number": "5005550006"}, 21421), ({"area_code": "6a0"}, 20001)],
)
def test_bad_numbers_are_refused(client: Client, kwargs: dict, code: int) -> None:
    with pytest.raises(TwilioRestException) as error:
        client.incoming_phone_numbers.create(**kwargs)
    assert (error.value.status, error.value.code) == (400, code)
    assert client.incoming_phone_numbers.list() == []


def test_a_number_cannot_be_bought_twice(client: Client) -> None:
    client.incoming_phone_numbers.create(phone_number="+15005550006")
    with pytest.raises(TwilioRestException) as error:
        client.incoming_phone_numbers.create(phone_number="+15005550006")
    assert (error.value.status, error.value.code) == (400, 21422)
    assert [n.phone_number for n in client.incoming_phone_numbers.list()] == ["+15005550006"]


def test_sms_log_filters_by_to_and_from_and_pages(
    client: Client, numbers: list[str], text: Any
) -> None:
    for i in range(5):
        text(PHONE_1, numbers[0], f"a{i}")
    text(PHONE_2, numbers[0], "b")
    assert len(client.messages.list()) == 6
    from_first = client.messages.list(from_=PHONE_1, page_size=2)
    assert [m.body for m in from_first] == ["a4", "a3", "a2", "a1", "a0"]
    assert [m.body for m in client.messages.list(to=numbers[0], from_=PHONE_2)] == ["b"]
    fetched = client.messages(from_first[0].sid).fetch()
    assert (fetched.from_, fetched.to, fetched.direction) == (PHONE_1, numbers[0], "inbound")
    assert fetched.date_sent.tzinfo is not None
    assert fetched.uri == f"/2010-04-01/Accounts/{client.account_sid}/Messages/{fetched.sid}.json"


def test_unknown_sms_is_404(client: Client) -> None:
    with pytest.raises(TwilioRestException) as error:
        client.messages("SM" + "0" * 32).fetch()
    assert (error.value.status, error.value.code) == (404, 20404)
