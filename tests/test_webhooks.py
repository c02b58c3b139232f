"""Webhooks through the real SDK: conversation-scoped and account-level, Twilio's signatures
(checked with the SDK's own RequestValidator), the header that makes REST calls fire them, and a
receiver that is down or failing never failing the API call."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from helpers.settings import DEFAULT_SANDBOX_AUTH_TOKEN
from helpers.webhook_receiver import Receiver
from sandbox.delivery import signature
from tests.conftest import free_port, start_sandbox

TOKEN = DEFAULT_SANDBOX_AUTH_TOKEN
PHONE = "+16505551111"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as hooks:
        yield hooks


def sms_conversation(client: Client, number: str, phone: str = PHONE) -> Any:
    conversation = client.conversations.v1.conversations.create(friendly_name="hooks")
    conversation.participants.create(
        messaging_binding_address=phone, messaging_binding_proxy_address=number
    )
    return conversation


def test_signature_is_twilios_algorithm() -> None:
    from twilio.request_validator import RequestValidator

    url, params = "https://example.com/hook?x=1", {"Body": "hi", "AccountSid": "AC1", "Index": "0"}
    assert RequestValidator(TOKEN).validate(url, params, signature(TOKEN, url, params))
    assert not RequestValidator("other").validate(url, params, signature(TOKEN, url, params))


def test_scoped_webhook_fires_on_message_with_valid_signature(
    client: Client, numbers: list[str], receiver: Receiver, text: Any
) -> None:
    conversation = sms_conversation(client, numbers[0])
    hook = conversation.webhooks.create(
        target="webhook",
        configuration_url=receiver.url,
        configuration_method="POST",
        configuration_filters=["onMessageAdded"],
    )
    assert hook.sid.startswith("WH") and hook.configuration["filters"] == ["onMessageAdded"]
    assert [h.sid for h in conversation.webhooks.list()] == [hook.sid]
    conversation.messages.create(author="coach", body="unheard: REST, no header")
    text(PHONE, numbers[0], "hello from the phone")
    conversation.messages.create(
        author="coach", body="hello from the coach", x_twilio_webhook_enabled="true"
    )
    got = receiver.wait_for(2)
    assert [r.params["Body"] for r in got] == ["hello from the phone", "hello from the coach"]
    assert {r.params["EventType"] for r in got} == {"onMessageAdded"}
    first = got[0].params
    assert first["ConversationSid"] == conversation.sid and first["Author"] == PHONE
    assert first["Source"] == "SMS" and first["WebhookSid"] == hook.sid
    assert all(r.signature_valid(TOKEN) for r in got)
    assert not got[0].signature_valid("not-the-token")


def test_webhooks_made_before_a_restart_still_fire_after_it(
    tmp_path: Path, receiver: Receiver
) -> None:
    server = start_sandbox(tmp_path)
    try:
        conversations = server.client().conversations.v1
        conversation = conversations.conversations.create(friendly_name="hooks")
        conversation.webhooks.create(
            target="webhook",
            configuration_url=receiver.url,
            configuration_filters=["onMessageAdded"],
        )
        conversations.configuration.webhooks().update(
            post_webhook_url=receiver.url, filters=["onConversationAdded"]
        )
    finally:
        server.stop()
    server.start()
    try:
        conversations = server.client().conversations.v1
        conversations.conversations(conversation.sid).messages.create(
            author="coach", body="hi", x_twilio_webhook_enabled="true"
        )
        conversations.conversations.create(x_twilio_webhook_enabled="true")
        got = receiver.wait_for(2)
        assert sorted(r.params["EventType"] for r in got) == [
            "onConversationAdded",
            "onMessageAdded",
        ]
    finally:
        server.stop()


def test_scoped_webhook_filters_and_removal(
    client: Client, numbers: list[str], receiver: Receiver
) -> None:
    conversation = sms_conversation(client, numbers[0])
    hook = conversation.webhooks.create(
        target="webhook", configuration_url=receiver.url, configuration_filters=["onMessageAdded"]
    )
    conversation.participants.create(identity="coach", x_twilio_webhook_enabled="true")  # filtered
    conversation.messages.create(author="coach", body="one", x_twilio_webhook_enabled="true")
    assert [r.params["EventType"] for r in receiver.wait_for(1)] == ["onMessageAdded"]
    conversation.webhooks(hook.sid).delete()
    conversation.messages.create(author="coach", body="two", x_twilio_webhook_enabled="true")
    marker = sms_conversation(client, numbers[1], "+16505552222")
    marker.webhooks.create(
        target="webhook", configuration_url=receiver.url, configuration_filters=["onMessageAdded"]
    )
    marker.messages.create(author="coach", body="marker", x_twilio_webhook_enabled="true")
    bodies = [r.params["Body"] for r in receiver.wait_for(2)]
    assert bodies == ["one", "marker"]


def test_bad_scoped_webhooks_are_refused(client: Client, numbers: list[str]) -> None:
    conversation = sms_conversation(client, numbers[0])
    for kwargs in (
        {"target": "webhook"},
        {"target": "webhook", "configuration_url": "ftp://x"},
        {"target": "nope", "configuration_url": "http://127.0.0.1:9/h"},
        {"target": "webhook", "configuration_url": "http://127.0.0.1:9/h",
         "configuration_filters": ["onNothing"]},
    ):  # fmt: skip
        with pytest.raises(TwilioRestException) as caught:
            conversation.webhooks.create(**kwargs)
        assert caught.value.status == 400


def test_account_webhook_fires_for_phones_and_for_rest_only_with_the_header(
    client: Client, numbers: list[str], receiver: Receiver, text: Any
) -> None:
    config = client.conversations.v1.configuration.webhooks().update(
        post_webhook_url=receiver.url,
        method="POST",
        filters=["onMessageAdded", "onConversationAdded", "onParticipantAdded"],
    )
    assert config.post_webhook_url == receiver.url
    assert client.conversations.v1.configuration.webhooks().fetch().filters == [
        "onMessageAdded",
        "onConversationAdded",
        "onParticipantAdded",
    ]
    conversation = sms_conversation(client, numbers[0])  # REST, no header: nothing fires
    conversation.messages.create(author="coach", body="quiet")
    conversation.messages.create(author="coach", body="loud", x_twilio_webhook_enabled="true")
    text(PHONE, numbers[0], "from the phone")
    got = receiver.wait_for(2)
    assert [(r.params["EventType"], r.params["Body"]) for r in got] == [
        ("onMessageAdded", "loud"),
        ("onMessageAdded", "from the phone"),
    ]
    assert all(r.signature_valid(TOKEN) and r.params["AccountSid"] == client.account_sid
               for r in got)  # fmt: skip


def test_get_webhooks_are_signed_over_the_full_url(
    client: Client, numbers: list[str], receiver: Receiver
) -> None:
    conversation = sms_conversation(client, numbers[0])
    conversation.webhooks.create(
        target="webhook",
        configuration_url=receiver.url,
        configuration_method="GET",
        configuration_filters=["onMessageAdded"],
    )
    conversation.messages.create(author="coach", body="by get", x_twilio_webhook_enabled="true")
    (got,) = receiver.wait_for(1)
    assert got.method == "GET" and "Body=by+get" in got.url
    assert got.signature_valid(TOKEN)


def test_a_receiver_that_is_down_or_failing_never_fails_the_api_call(
    client: Client, numbers: list[str], receiver: Receiver
) -> None:
    conversation = sms_conversation(client, numbers[0])
    for url in (f"http://127.0.0.1:{free_port()}/down", receiver.url.replace("/hooks", "/x")):
        conversation.webhooks.create(
            target="webhook", configuration_url=url, configuration_filters=["onMessageAdded"]
        )
    receiver.status = 500  # every delivery to the live receiver fails: it is retried
    message = conversation.messages.create(
        author="coach", body="still sent", x_twilio_webhook_enabled="true"
    )
    assert message.index == 0
    retries = receiver.wait_for(3)
    assert [r.params["RetryCount"] for r in retries] == ["0", "1", "2"]
    assert client.conversations.v1.conversations(conversation.sid).messages.list()[0].body == (
        "still sent"
    )


def test_a_slow_receiver_does_not_hold_up_the_api_call(
    client: Client, numbers: list[str], receiver: Receiver
) -> None:
    receiver.hold = threading.Event()  # the receiver takes each request and does not answer
    conversation = sms_conversation(client, numbers[0])
    conversation.webhooks.create(
        target="webhook", configuration_url=receiver.url, configuration_filters=["onMessageAdded"]
    )
    message = conversation.messages.create(
        author="coach", body="don't wait for me", x_twilio_webhook_enabled="true"
    )
    (got,) = receiver.wait_for(1)
    assert message.sid == got.params["MessageSid"]
    assert receiver.answered == 0  # the API call returned while the receiver still held it
    assert (
        conversation.messages.create(
            author="coach", body="nor me", x_twilio_webhook_enabled="true"
        ).index
        == 1
    )
    receiver.hold.set()
