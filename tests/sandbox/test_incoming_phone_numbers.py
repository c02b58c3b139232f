"""IncomingPhoneNumbers, as the kit needs them: buying Twilio numbers, listing, fetching and
releasing them, and Twilio's refusals."""

from __future__ import annotations

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client


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
