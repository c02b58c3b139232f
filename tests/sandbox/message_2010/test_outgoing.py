"""The 2010 API's writes through the real SDK: an app's own text (CreateMessage) with Twilio's
refusals and signed status callbacks, redaction, cancel, delete, and the DateSent filters."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.rest import Client

from helpers.webhook_receiver import Receiver
from lab_contract.defaults import DEFAULT_SANDBOX_AUTH_TOKEN
from tests.support.group import PHONE_1
from tests.support.message_log import sms_settled


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as hooks:
        yield hooks


def sent_to(client: Client, phone: str = PHONE_1) -> list[str]:
    return [m.body for m in client.messages.list(to=phone)]


def test_an_app_texts_a_phone_from_its_number(client: Client, numbers: list[str]) -> None:
    sent = client.messages.create(from_=numbers[0], to=PHONE_1, body="Your invite: reply YES")
    assert sent.sid.startswith("SM") and sent.direction == "outbound-api"
    # Created `queued`, as Twilio creates it; sent by the next request, then reported on.
    assert (sent.from_, sent.to, sent.status, sent.num_media) == (
        numbers[0],
        PHONE_1,
        "queued",
        "0",
    )
    assert sent.date_sent is None
    assert client.messages(sent.sid).fetch().status in ("sent", "delivered")
    assert (
        sms_settled(client, sent.sid).status == "delivered"
    )  # the carrier's report, a moment later
    assert client.messages(sent.sid).fetch().body == "Your invite: reply YES"
    assert sent_to(client) == ["Your invite: reply YES"]


@pytest.mark.parametrize(
    ("fields", "code", "words"),
    [
        ({"from_": "+15005550006", "to": "", "body": "hi"}, 21604, "A 'To' phone number"),
        ({"from_": "+15005550006", "to": "555", "body": "hi"}, 21211, "is not a valid phone"),
        ({"to": PHONE_1, "body": "hi"}, 21603, "A 'From' phone number is required"),
        ({"from_": "+16505559999", "to": PHONE_1, "body": "hi"}, 21660, "Mismatch between the"),
        ({"from_": "+15005550006", "to": PHONE_1}, 21602, "Message body is required"),
        ({"from_": "+15005550006", "to": PHONE_1, "body": "x" * 1601}, 21617, "counts 1601 in GSM"),
        (
            {"from_": "+15005550006", "to": PHONE_1, "body": "\U0001f600" * 801},
            21617,
            "1602 in UCS",
        ),
        ({"from_": "+15005550006", "to": PHONE_1, "body": "x" * 1599 + "€"}, 21617, "1601 in GSM"),
    ],
)
def test_a_text_twilio_refuses_is_not_logged(
    client: Client, numbers: list[str], fields: dict[str, str], code: int, words: str
) -> None:
    with pytest.raises(TwilioRestException) as refused:
        client.messages.create(**fields)
    assert (refused.value.code, refused.value.status) == (code, 400)
    assert words in refused.value.msg and not refused.value.msg.endswith(".")
    assert client.messages.list() == []


@pytest.mark.parametrize(
    "body",
    ["x" * 1600, "\U0001f600" * 800, "€" * 800, "x" * 1598 + "{", "日" * 1600],
    ids=["gsm-7", "emoji", "gsm-7-extension", "gsm-7-with-extension", "ucs-2"],
)
def test_a_body_of_exactly_1600_in_its_encoding_is_sent(
    client: Client, numbers: list[str], body: str
) -> None:
    sent = client.messages.create(from_=numbers[0], to=PHONE_1, body=body)
    assert client.messages(sent.sid).fetch().body == body


def test_a_phone_that_opted_out_is_not_texted(
    client: Client, numbers: list[str], text: Any
) -> None:
    text(PHONE_1, numbers[0], "STOP")
    logged = len(client.messages.list())
    with pytest.raises(TwilioRestException) as refused:
        client.messages.create(from_=numbers[0], to=PHONE_1, body="one more thing")
    assert (refused.value.code, refused.value.status) == (21610, 400)
    assert len(client.messages.list()) == logged
    client.messages.create(from_=numbers[1], to=PHONE_1, body="the other number may")


def test_status_callback_hears_sent_then_delivered_signed(
    client: Client, numbers: list[str], receiver: Receiver
) -> None:
    sent = client.messages.create(
        from_=numbers[0], to=PHONE_1, body="tracked", status_callback=receiver.url
    )
    updates = receiver.wait_for(2)
    assert [u.params["MessageStatus"] for u in updates] == ["sent", "delivered"]
    assert all(u.params["MessageSid"] == sent.sid for u in updates)
    assert updates[0].params["To"] == PHONE_1 and "RetryCount" not in updates[0].params
    assert all(u.signature_valid(DEFAULT_SANDBOX_AUTH_TOKEN) for u in updates)


def test_an_empty_body_redacts_a_message(client: Client, numbers: list[str]) -> None:
    sent = client.messages.create(from_=numbers[0], to=PHONE_1, body="my PIN is 1234")
    redacted = client.messages(sent.sid).update(body="")
    assert redacted.body == "" and redacted.to == PHONE_1
    assert client.messages(sent.sid).fetch().body == ""
    with pytest.raises(TwilioRestException) as refused:
        client.messages(sent.sid).update(body="something else")
    assert refused.value.code == 20001


def test_a_sent_message_cannot_be_canceled(client: Client, numbers: list[str]) -> None:
    sent = client.messages.create(from_=numbers[0], to=PHONE_1, body="already gone")
    with pytest.raises(TwilioRestException) as refused:
        client.messages(sent.sid).update(status="canceled")
    assert (refused.value.code, refused.value.status) == (30409, 400)
    assert sms_settled(client, sent.sid).status == "delivered"


def test_a_deleted_message_leaves_the_log(client: Client, numbers: list[str]) -> None:
    sent = client.messages.create(from_=numbers[0], to=PHONE_1, body="forget me")
    assert client.messages(sent.sid).delete() is True
    assert client.messages.list() == []
    with pytest.raises(TwilioRestException) as missing:
        client.messages(sent.sid).fetch()
    assert missing.value.status == 404


def test_date_sent_filters_pick_the_day(client: Client, numbers: list[str]) -> None:
    client.messages.create(from_=numbers[0], to=PHONE_1, body="today")
    today = datetime.now(UTC)
    yesterday, tomorrow = today - timedelta(days=1), today + timedelta(days=1)
    assert [m.body for m in client.messages.list(date_sent=today.strftime("%Y-%m-%d"))] == ["today"]
    assert client.messages.list(date_sent=yesterday.strftime("%Y-%m-%d")) == []
    assert len(client.messages.list(date_sent_after=yesterday, date_sent_before=tomorrow)) == 1
    assert client.messages.list(date_sent_after=tomorrow) == []
    assert client.messages.list(date_sent_before=yesterday) == []
    with pytest.raises(TwilioException, match="20001"):  # a list's page: the SDK's own error
        client.messages.list(date_sent="last tuesday")
