"""CreateMessage's Messaging Service, MediaUrl, Message Scheduling and ContentSid through the real
SDK: what each does offline, and Twilio's refusals, with nothing logged when refused."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from helpers.sandbox_api import advance_clock, phone_inbox
from helpers.webhook_receiver import Receiver
from tests.support.group import PHONE_1
from tests.support.message_log import sms_settled

PICTURE = "https://example.com/table.png"


@pytest.fixture
def service(client: Client, numbers: list[str]) -> str:
    """A Messaging Service whose sender pool is number #1."""
    made = client.messaging.v1.services.create(friendly_name="texts")
    first = client.incoming_phone_numbers.list(phone_number=numbers[0])[0]
    client.messaging.v1.services(made.sid).phone_numbers.create(phone_number_sid=first.sid)
    return str(made.sid)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as hooks:
        yield hooks


def ahead(**delta: float) -> datetime:
    return datetime.now(UTC) + timedelta(**delta)


def refused(client: Client, **fields: Any) -> TwilioRestException:
    with pytest.raises(TwilioRestException) as caught:
        client.messages.create(**fields)
    assert client.messages.list() == []  # nothing logged
    assert not caught.value.msg.endswith(".")
    return caught.value


def test_a_messaging_service_sends_from_its_sender_pool(
    client: Client, numbers: list[str], service: str
) -> None:
    sent = client.messages.create(messaging_service_sid=service, to=PHONE_1, body="via a service")
    # Created `accepted` through a Messaging Service, then sent at once (no callback for it).
    assert (sent.from_, sent.messaging_service_sid, sent.status) == (
        numbers[0],
        service,
        "accepted",
    )
    assert client.messages(sent.sid).fetch().status in ("sent", "delivered")
    named = client.messages.create(
        messaging_service_sid=service, from_=numbers[1], to=PHONE_1, body="from the second"
    )
    assert named.from_ == numbers[1]
    assert client.messages(sent.sid).fetch().messaging_service_sid == service
    assert [m["body"] for m in phone_inbox(client, PHONE_1)] == ["from the second", "via a service"]


def test_a_malformed_messaging_service_is_refused(client: Client, numbers: list[str]) -> None:
    error = refused(client, messaging_service_sid="MG123", to=PHONE_1, body="hi")
    assert (error.code, error.status) == (21705, 400)


def test_a_messaging_service_without_numbers_has_no_sender(client: Client) -> None:
    empty = client.messaging.v1.services.create(friendly_name="no numbers").sid
    error = refused(client, messaging_service_sid=empty, to=PHONE_1, body="hi")
    assert error.code == 21603


def test_media_urls_make_an_mms_the_phone_sees_named(client: Client, numbers: list[str]) -> None:
    urls = [PICTURE, "http://example.com/menu.pdf"]
    sent = client.messages.create(from_=numbers[0], to=PHONE_1, media_url=urls)
    assert sent.sid.startswith("MM") and sent.num_media == "2" and sent.body == ""
    assert sms_settled(client, sent.sid).status == "delivered"
    (text,) = phone_inbox(client, PHONE_1)
    assert text["media_urls"] == urls


@pytest.mark.parametrize(
    ("urls", "code"),
    [(["ftp://example.com/a.png"], 21620), (["table.png"], 21620), ([PICTURE] * 11, 21623)],
)
def test_bad_media_urls_are_refused(
    client: Client, numbers: list[str], urls: list[str], code: int
) -> None:
    assert refused(client, from_=numbers[0], to=PHONE_1, media_url=urls).code == code


def test_a_scheduled_message_is_sent_at_its_time_on_the_sandboxs_clock(
    client: Client, service: str, receiver: Receiver
) -> None:
    send_at = ahead(hours=1)
    scheduled = client.messages.create(
        messaging_service_sid=service,
        to=PHONE_1,
        body="see you at 6",
        schedule_type="fixed",
        send_at=send_at,
        status_callback=receiver.url,
    )
    assert (scheduled.status, scheduled.date_sent) == ("scheduled", None)
    assert phone_inbox(client, PHONE_1) == []  # not yet
    advance_clock(client, 3600)
    sent = client.messages(scheduled.sid).fetch()
    assert sent.status in ("sent", "delivered") and sent.date_sent is not None
    assert sent.date_sent == send_at.replace(microsecond=0)
    assert [m["body"] for m in phone_inbox(client, PHONE_1)] == ["see you at 6"]
    assert sms_settled(client, scheduled.sid).status == "delivered"
    statuses = [u.params["MessageStatus"] for u in receiver.wait_for(2)]
    assert statuses == ["sent", "delivered"]


def test_a_canceled_scheduled_message_is_never_sent(client: Client, service: str) -> None:
    scheduled = client.messages.create(
        messaging_service_sid=service,
        to=PHONE_1,
        body="never mind",
        schedule_type="fixed",
        send_at=ahead(hours=2),
    )
    canceled = client.messages(scheduled.sid).update(status="canceled")
    assert canceled.status == "canceled"
    advance_clock(client, 3 * 3600)
    assert client.messages(scheduled.sid).fetch().status == "canceled"
    assert phone_inbox(client, PHONE_1) == []
    with pytest.raises(TwilioRestException) as again:
        client.messages(scheduled.sid).update(status="canceled")
    assert again.value.code == 30409


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"schedule_type": "fixed"}, 35111),
        ({"send_at": "tomorrow-ish", "schedule_type": "fixed"}, 35114),
        ({"send_at": "in-an-hour"}, 20001),  # SendAt without ScheduleType=fixed
        ({"schedule_type": "fixed", "send_at": "soon", "without_service": True}, 35118),
        ({"schedule_type": "later", "send_at": "in-an-hour"}, 35126),
        ({"schedule_type": "fixed", "send_at": "in-a-minute"}, 35114),
        ({"schedule_type": "fixed", "send_at": "in-36-days"}, 35114),
    ],
)
def test_scheduling_outside_twilios_rules_is_refused(
    client: Client, numbers: list[str], service: str, fields: dict[str, Any], code: int
) -> None:
    moments = {
        "in-an-hour": ahead(hours=1),
        "in-a-minute": ahead(minutes=1),
        "in-36-days": ahead(days=36),
        "soon": ahead(hours=1),
    }
    request: dict[str, Any] = {"to": PHONE_1, "body": "later", "from_": numbers[0]}
    if not fields.pop("without_service", False):
        request["messaging_service_sid"] = service
    for name, value in fields.items():
        request[name] = moments.get(value, value) if isinstance(value, str) else value
    error = refused(client, **request)
    assert (error.code, error.status) == (code, 400)


def test_a_content_template_is_taken_without_a_body(client: Client, numbers: list[str]) -> None:
    sent = client.messages.create(
        from_=numbers[0], to=PHONE_1, content_sid="HX" + "b" * 32, content_variables='{"1": "Ana"}'
    )
    assert sent.status == "queued" and sent.body == ""  # no template is rendered offline


@pytest.mark.parametrize(
    "fields",
    [{"content_sid": "HX12"}, {"content_sid": "HX" + "b" * 32, "content_variables": "[1]"}],
)
def test_a_malformed_content_template_is_refused(
    client: Client, numbers: list[str], fields: dict[str, str]
) -> None:
    error = refused(client, from_=numbers[0], to=PHONE_1, **fields)
    assert (error.code, error.status) == (20001, 400)


@pytest.mark.parametrize(
    "setting",
    [
        {"ApplicationSid": "AP12"},
        {"MaxPrice": "cheap"},
        {"ProvideFeedback": "maybe"},
        {"Attempt": "twice"},
        {"ValidityPeriod": "an hour"},
        {"ContentRetention": "forever"},
        {"RiskCheck": "sometimes"},
    ],
)
def test_settings_that_change_nothing_offline_are_still_checked(
    client: Client, numbers: list[str], setting: dict[str, str]
) -> None:
    """Delivery tuning and prices act on nothing offline, but a value Twilio's spec rules out is
    refused, and nothing is logged."""
    url = f"https://api.twilio.com/2010-04-01/Accounts/{client.account_sid}/Messages.json"
    form = {"From": numbers[0], "To": PHONE_1, "Body": "hi", **setting}
    response = client.request("POST", url, data=form)
    assert response.status_code == 400, response.text
    assert client.messages.list() == []
    fine = {"ApplicationSid": "AP" + "c" * 32, "MaxPrice": "0.05", "ProvideFeedback": "true"}
    good = client.request(
        "POST", url, data={"From": numbers[0], "To": PHONE_1, "Body": "hi", **fine}
    )
    assert good.status_code == 201, good.text
