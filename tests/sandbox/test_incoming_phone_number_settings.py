"""IncomingPhoneNumbers through the real SDK: every create and update parameter kept and read
back, Twilio's refusals (nothing stored), the list's PhoneNumber and FriendlyName filters, and
the number's SmsUrl receiving the texts no conversation takes (and its TwiML reply)."""

from __future__ import annotations

import time
from typing import Any

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from helpers.webhook_receiver import Receiver
from lab_contract.defaults import DEFAULT_SANDBOX_AUTH_TOKEN
from tests.support.group import PHONE_1, PHONE_2

THANKS = b"<?xml version='1.0'?><Response><Message>Thanks, we got it</Message></Response>"


def test_every_setting_is_kept_and_read_back(client: Client) -> None:
    number = client.incoming_phone_numbers.create(
        phone_number="+15005550006",
        friendly_name="Front desk",
        sms_url="https://example.com/sms",
        sms_method="GET",
        sms_fallback_url="https://example.com/fallback",
        status_callback="https://example.com/status",
        voice_url="https://example.com/voice",
        voice_caller_id_lookup=True,
        voice_receive_mode="fax",
        emergency_status="Active",
        trunk_sid="TK00000000000000000000000000000000",
    )
    fetched = client.incoming_phone_numbers(number.sid).fetch()
    assert fetched.friendly_name == "Front desk"
    assert (fetched.sms_url, fetched.sms_method) == ("https://example.com/sms", "GET")
    assert fetched.sms_fallback_url == "https://example.com/fallback"
    assert fetched.status_callback == "https://example.com/status"
    assert fetched.voice_url == "https://example.com/voice" and fetched.voice_caller_id_lookup
    assert (fetched.voice_receive_mode, fetched.emergency_status) == ("fax", "Active")
    assert fetched.trunk_sid == "TK00000000000000000000000000000000"
    assert fetched.voice_method == "POST" and fetched.sms_application_sid is None  # defaults


def test_update_changes_what_it_names_and_keeps_the_rest(client: Client) -> None:
    number = client.incoming_phone_numbers.create(
        phone_number="+15005550006", sms_url="https://example.com/sms"
    )
    updated = client.incoming_phone_numbers(number.sid).update(
        friendly_name="Renamed", status_callback="https://example.com/status", sms_method="GET"
    )
    assert updated.friendly_name == "Renamed" and updated.sms_method == "GET"
    assert updated.sms_url == "https://example.com/sms"
    assert updated.status_callback == "https://example.com/status"
    cleared = client.incoming_phone_numbers(number.sid).update(sms_url="")
    assert cleared.sms_url is None and cleared.friendly_name == "Renamed"


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"sms_url": "not a url"}, 21402),
        ({"status_callback": "ftp://example.com/x"}, 21402),
        ({"sms_method": "PUT"}, 20001),
        ({"voice_receive_mode": "telex"}, 20001),
    ],
)
def test_a_wrong_setting_is_refused_and_nothing_changes(
    client: Client, fields: dict[str, str], code: int
) -> None:
    number = client.incoming_phone_numbers.create(phone_number="+15005550006")
    with pytest.raises(TwilioRestException) as refused:
        client.incoming_phone_numbers(number.sid).update(friendly_name="Changed", **fields)
    assert (refused.value.code, refused.value.status) == (code, 400)
    assert client.incoming_phone_numbers(number.sid).fetch().friendly_name == "(500) 555-0006"
    with pytest.raises(TwilioRestException):
        client.incoming_phone_numbers.create(phone_number="+15005550007", **fields)
    assert len(client.incoming_phone_numbers.list()) == 1


def test_updating_a_number_not_in_the_account_is_404(client: Client) -> None:
    with pytest.raises(TwilioRestException) as missing:
        client.incoming_phone_numbers("PN00000000000000000000000000000000").update(
            friendly_name="x"
        )
    assert (missing.value.code, missing.value.status) == (20404, 404)


def test_the_list_filters_by_friendly_name_and_part_of_the_number(client: Client) -> None:
    client.incoming_phone_numbers.create(phone_number="+15005550006", friendly_name="Front desk")
    client.incoming_phone_numbers.create(phone_number="+16505550100", friendly_name="Kitchen")
    by_name = client.incoming_phone_numbers.list(friendly_name="Kitchen")
    assert [n.phone_number for n in by_name] == ["+16505550100"]
    assert client.incoming_phone_numbers.list(friendly_name="Kitch") == []
    by_part = client.incoming_phone_numbers.list(phone_number="650555")
    assert [n.phone_number for n in by_part] == ["+16505550100"]
    wildcard = client.incoming_phone_numbers.list(phone_number="555000*")
    assert [n.phone_number for n in wildcard] == ["+15005550006"]


def test_a_text_no_conversation_takes_goes_to_the_numbers_sms_url_signed(
    client: Client, text: Any
) -> None:
    with Receiver(answer=THANKS) as app:
        number = client.incoming_phone_numbers.create(phone_number="+15005550006", sms_url=app.url)
        text(PHONE_1, number.phone_number, "Is the shop open?")
        (request,) = app.wait_for(1)
        assert request.signature_valid(DEFAULT_SANDBOX_AUTH_TOKEN)
        fields = request.params
        assert (fields["From"], fields["To"], fields["Body"]) == (
            PHONE_1, "+15005550006", "Is the shop open?"
        )  # fmt: skip
        assert fields["AccountSid"] == client.account_sid and fields["NumMedia"] == "0"
        assert fields["MessageSid"].startswith("SM") and "RetryCount" not in fields
        assert wait_for_reply(client) == ["Thanks, we got it"]


def test_an_sms_url_answering_nothing_texts_nothing_back(client: Client, text: Any) -> None:
    with Receiver() as silent, Receiver(answer=THANKS) as replying:
        number = client.incoming_phone_numbers.create(
            phone_number="+15005550006", sms_url=silent.url
        )
        other = client.incoming_phone_numbers.create(
            phone_number="+15005550007", sms_url=replying.url
        )
        text(PHONE_1, number.phone_number, "hello?")
        silent.wait_for(1)
        # Then a text to a number whose SmsUrl replies. The sandbox calls SmsUrls one at a time,
        # in order, each reply texted before the next call: any reply to "hello?" comes first.
        text(PHONE_1, other.phone_number, "and you?")
        assert wait_for_reply(client) == ["Thanks, we got it"]


def test_a_text_a_conversation_takes_does_not_reach_the_sms_url(client: Client, text: Any) -> None:
    with Receiver() as app:
        number = client.incoming_phone_numbers.create(phone_number="+15005550006", sms_url=app.url)
        conversation = client.conversations.v1.conversations.create()
        conversation.participants.create(
            messaging_binding_address=PHONE_1, messaging_binding_proxy_address=number.phone_number
        )
        assert text(PHONE_1, number.phone_number, "to the group").conversation_sid
        # Then a text no conversation takes. The sandbox calls SmsUrls in order: had the group's
        # text reached the SmsUrl, it would be the first request there.
        text(PHONE_2, number.phone_number, "not in a group")
        first, *_ = app.wait_for(1)
        assert (first.params["From"], first.params["Body"]) == (PHONE_2, "not in a group")


def wait_for_reply(client: Client) -> list[str]:
    """The bodies the Twilio number texted back to the phone (the reply comes after the answer),
    once there is one (30 s at most)."""
    deadline = time.monotonic() + 30
    while True:
        replies = [m.body for m in client.messages.list(to=PHONE_1)]
        if replies or time.monotonic() > deadline:
            return replies
        time.sleep(0.05)


def test_the_numbers_list_checks_its_beta_flag(client: Client, numbers: list[str]) -> None:
    """Every sandbox number is a Twilio one and none is new, so `Beta` filters nothing; a value
    that is not a boolean is refused."""
    assert [n.phone_number for n in client.incoming_phone_numbers.list(beta=False)] == numbers
    url = (
        f"https://api.twilio.com/2010-04-01/Accounts/{client.account_sid}/IncomingPhoneNumbers.json"
    )
    response = client.request("GET", url, params={"Beta": "sometimes"})
    assert response.status_code == 400 and '"code":20001' in response.text
