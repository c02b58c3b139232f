"""Messaging Services and their sender pools through the real SDK (issue 25.9): the service's
create, fetch, update, list and delete on messaging.twilio.com; its pool (a number in one service
at most); Twilio's 21701 wherever an unknown MG… SID is named; texts sent from the pool (Sticky
Sender); an opt-out through one number of a pool covering the whole pool; and the host
convention that tells Messaging's /v1/Services from Conversations'."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from helpers.errors import explain
from helpers.webhook_receiver import Receiver
from tests.support.group import PHONE_1, PHONE_2
from tests.support.message_log import sms_settled
from tests.support.sandbox_server import SandboxServer

UNKNOWN = "MG" + "0" * 32


@pytest.fixture
def three_numbers(client: Client) -> list[Any]:
    return [
        client.incoming_phone_numbers.create(phone_number=n)
        for n in ("+15005550006", "+15005550007", "+15005550008")
    ]


def raised(call: Callable[[], object]) -> TwilioRestException:
    with pytest.raises(TwilioRestException) as caught:
        call()
    return caught.value


def test_a_service_is_created_fetched_updated_listed_and_deleted(client: Client) -> None:
    services = client.messaging.v1.services
    made = services.create(friendly_name="Group texts", sticky_sender=False)
    assert made.sid.startswith("MG") and made.friendly_name == "Group texts"
    assert (made.sticky_sender, made.validity_period, made.inbound_method) == (False, 36000, "POST")
    assert made.url == f"https://messaging.twilio.com/v1/Services/{made.sid}"
    assert made.links["phone_numbers"] == f"{made.url}/PhoneNumbers"
    updated = services(made.sid).update(
        friendly_name="Renamed", status_callback="https://example.com/status", usecase="discussion"
    )
    fetched = services(made.sid).fetch()
    for service in (updated, fetched):
        assert (service.friendly_name, service.status_callback, service.usecase) == (
            "Renamed",
            "https://example.com/status",
            "discussion",
        )
        assert service.sticky_sender is False  # what the update did not name stays
    assert [s.sid for s in services.list()] == [made.sid]
    services(made.sid).delete()
    missing = raised(services(made.sid).fetch)
    assert (missing.status, missing.code) == (404, 20404)


def test_messaging_and_conversations_services_are_apart(client: Client) -> None:
    made = client.messaging.v1.services.create(friendly_name="texts")
    chat_services = client.conversations.v1.services.list()
    assert chat_services and all(s.sid.startswith("IS") for s in chat_services)
    assert [s.sid for s in client.messaging.v1.services.list()] == [made.sid]
    wrong_host = raised(client.conversations.v1.services(made.sid).fetch)
    assert wrong_host.status == 404


def test_bad_settings_are_refused_and_nothing_is_stored(client: Client) -> None:
    services = client.messaging.v1.services
    for bad in (
        {"friendly_name": "x", "inbound_request_url": "not a url"},
        {"friendly_name": "x", "usecase": "spam"},
        {"friendly_name": "x", "validity_period": 0},
    ):
        error = raised(lambda bad=bad: services.create(**bad))
        assert error.status == 400 and error.code in (20001, 21402), error
    assert services.list() == []


def test_the_pool_holds_a_number_in_one_service_at_most(
    client: Client, three_numbers: list[Any]
) -> None:
    first = client.messaging.v1.services.create(friendly_name="first")
    second = client.messaging.v1.services.create(friendly_name="second")
    number = three_numbers[0]
    added = client.messaging.v1.services(first.sid).phone_numbers.create(
        phone_number_sid=number.sid
    )
    assert (added.sid, added.phone_number, added.service_sid) == (
        number.sid,
        number.phone_number,
        first.sid,
    )
    assert (added.country_code, added.capabilities) == ("US", ["Voice", "SMS", "MMS"])
    pool = client.messaging.v1.services(first.sid).phone_numbers
    assert [n.sid for n in pool.list()] == [number.sid]
    assert pool(number.sid).fetch().phone_number == number.phone_number
    again = pool.create(phone_number_sid=number.sid)  # already there: it stays as it is
    assert again.sid == number.sid and len(pool.list()) == 1
    elsewhere = raised(
        lambda: client.messaging.v1.services(second.sid).phone_numbers.create(
            phone_number_sid=number.sid
        )
    )
    assert (elsewhere.status, elsewhere.code) == (409, 21712)
    assert first.sid in elsewhere.msg
    unknown = raised(lambda: pool.create(phone_number_sid="PN" + "0" * 32))
    assert (unknown.status, unknown.code) == (400, 21421)
    pool(number.sid).delete()
    assert pool.list() == []
    moved = client.messaging.v1.services(second.sid).phone_numbers.create(
        phone_number_sid=number.sid
    )
    assert moved.service_sid == second.sid
    client.incoming_phone_numbers(number.sid).delete()  # a released number leaves its pool
    assert client.messaging.v1.services(second.sid).phone_numbers.list() == []


def test_an_unknown_service_is_21701_wherever_an_mg_sid_is_named(
    client: Client, three_numbers: list[Any]
) -> None:
    configuration = client.conversations.v1.configuration()
    for call in (
        lambda: configuration.update(default_messaging_service_sid=UNKNOWN),
        lambda: client.conversations.v1.conversations.create(messaging_service_sid=UNKNOWN),
        lambda: client.messages.create(messaging_service_sid=UNKNOWN, to=PHONE_1, body="hi"),
    ):
        error = raised(call)
        assert (error.status, error.code) == (400, 21701), error
        assert "client.messaging.v1.services.create" in explain(error)  # the kit's advice
    conversation = client.conversations.v1.conversations.create()
    error = raised(lambda: conversation.update(messaging_service_sid=UNKNOWN))
    assert error.code == 21701
    assert configuration.fetch().default_messaging_service_sid is None
    assert [c.sid for c in client.conversations.v1.conversations.list()] == [conversation.sid]
    assert client.messages.list() == []
    real = client.messaging.v1.services.create(friendly_name="real").sid
    assert configuration.update(default_messaging_service_sid=real).default_messaging_service_sid
    assert client.conversations.v1.conversations.create().messaging_service_sid == real
    assert conversation.update(messaging_service_sid=real).messaging_service_sid == real


def test_a_text_through_a_service_goes_from_its_pool_and_sticks_to_its_sender(
    client: Client, three_numbers: list[Any]
) -> None:
    oldest, first_in_pool, second_in_pool = three_numbers
    service = client.messaging.v1.services.create(friendly_name="pool")
    pool = client.messaging.v1.services(service.sid).phone_numbers
    pool.create(phone_number_sid=first_in_pool.sid)
    pool.create(phone_number_sid=second_in_pool.sid)

    def send(to: str, **extra: Any) -> str:
        sent = client.messages.create(messaging_service_sid=service.sid, to=to, body="hi", **extra)
        return str(sent.from_)

    assert send(PHONE_1) == first_in_pool.phone_number  # not the account's oldest number
    named = send(PHONE_2, from_=second_in_pool.phone_number)
    assert named == second_in_pool.phone_number
    assert send(PHONE_2) == second_in_pool.phone_number  # Sticky Sender: the same number
    client.messaging.v1.services(service.sid).update(sticky_sender=False)
    assert send(PHONE_2) == first_in_pool.phone_number
    client.messaging.v1.services(service.sid).update(sticky_sender=True)
    assert send(PHONE_2) == second_in_pool.phone_number  # the mapping is used again
    pool(second_in_pool.sid).delete()
    assert send(PHONE_2) == first_in_pool.phone_number  # its number left the pool
    assert oldest.phone_number not in {m.from_ for m in client.messages.list()}


def test_an_empty_pool_has_no_sender(client: Client, three_numbers: list[Any]) -> None:
    service = client.messaging.v1.services.create(friendly_name="empty")
    error = raised(
        lambda: client.messages.create(messaging_service_sid=service.sid, to=PHONE_1, body="hi")
    )
    assert error.code == 21603 and client.messages.list() == []


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as hooks:
        yield hooks


def test_a_services_status_callback_hears_its_texts(
    client: Client, three_numbers: list[Any], receiver: Receiver
) -> None:
    service = client.messaging.v1.services.create(
        friendly_name="reports", status_callback=receiver.url
    )
    client.messaging.v1.services(service.sid).phone_numbers.create(
        phone_number_sid=three_numbers[0].sid
    )
    sent = client.messages.create(messaging_service_sid=service.sid, to=PHONE_1, body="hi")
    assert sms_settled(client, sent.sid).status == "delivered"
    reports = receiver.wait_for(2)
    assert [r.params["MessageStatus"] for r in reports] == ["sent", "delivered"]
    assert {r.params["MessageSid"] for r in reports} == {sent.sid}


def test_a_text_to_a_pool_number_goes_to_the_services_inbound_request_url(
    client: Client, three_numbers: list[Any], text: Callable[[str, str, str], Any]
) -> None:
    """No conversation takes the text: the service's InboundRequestUrl hears it, signed, with
    its MessagingServiceSid; with UseInboundWebhookOnNumber, the number's own SmsUrl does."""
    in_pool = three_numbers[0]
    with Receiver() as services_hook, Receiver() as numbers_hook:
        client.incoming_phone_numbers(in_pool.sid).update(sms_url=numbers_hook.url)
        service = client.messaging.v1.services.create(
            friendly_name="inbound", inbound_request_url=services_hook.url, inbound_method="GET"
        )
        client.messaging.v1.services(service.sid).phone_numbers.create(phone_number_sid=in_pool.sid)
        text(PHONE_1, in_pool.phone_number, "to the service")
        (request,) = services_hook.wait_for(1)
        assert request.method == "GET" and request.signature_valid(client.password)
        fields = dict(parse_qsl(urlsplit(request.url).query))  # GET: the fields are the query
        assert fields["MessagingServiceSid"] == service.sid
        assert (fields["From"], fields["Body"]) == (PHONE_1, "to the service")
        client.messaging.v1.services(service.sid).update(use_inbound_webhook_on_number=True)
        text(PHONE_1, in_pool.phone_number, "to the number")
        (request,) = numbers_hook.wait_for(1)
        assert request.params["Body"] == "to the number"
        assert request.params["MessagingServiceSid"] == service.sid
        assert len(services_hook.wait_for(1)) == 1  # the service heard the first text alone


def test_stop_through_one_number_of_a_pool_opts_out_of_the_whole_pool(
    client: Client, three_numbers: list[Any], text: Callable[[str, str, str], Any]
) -> None:
    in_pool, also_in_pool, outside = (n.phone_number for n in three_numbers)
    service = client.messaging.v1.services.create(friendly_name="pool")
    pool = client.messaging.v1.services(service.sid).phone_numbers
    pool.create(phone_number_sid=three_numbers[0].sid)
    pool.create(phone_number_sid=three_numbers[1].sid)
    text(PHONE_1, in_pool, "STOP")
    for number in (in_pool, also_in_pool):
        error = raised(lambda number=number: client.messages.create(
            from_=number, to=PHONE_1, body="still there?"
        ))  # fmt: skip
        assert error.code == 21610, number
    assert client.messages.create(from_=outside, to=PHONE_1, body="another sender").sid
    text(PHONE_1, also_in_pool, "START")  # back in through any number of the pool
    for number in (in_pool, also_in_pool):
        assert client.messages.create(from_=number, to=PHONE_1, body="welcome back").sid


def test_the_host_a_request_names_chooses_messaging_or_conversations(
    client: Client, sandbox_server: SandboxServer
) -> None:
    made = client.messaging.v1.services.create(friendly_name="texts")
    auth = (sandbox_server.account_sid, sandbox_server.auth_token)
    url = f"{sandbox_server.url}/v1/Services"

    def keys(headers: dict[str, str]) -> list[str]:
        response = requests.get(url, auth=auth, headers=headers, timeout=10)
        assert response.status_code == 200, response.text
        return [service["sid"][:2] for service in response.json()["services"]]

    assert keys({"Host": "messaging.twilio.com"}) == ["MG"]  # carried unchanged (a proxy)
    assert keys({"X-Forwarded-Host": "messaging.twilio.com"}) == ["MG"]  # a rewriting client
    assert keys({"X-Forwarded-Host": "conversations.twilio.com"}) == ["IS"]
    assert keys({"Host": "messaging.ashburn.us1.twilio.com:443"}) == ["MG"]  # a region and edge
    assert keys({}) == ["IS"]  # no Twilio host named: Conversations'
    assert made.sid.startswith("MG")
