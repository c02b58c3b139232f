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

from helpers.webhook_receiver import Receiver
from lab_contract.defaults import DEFAULT_SANDBOX_AUTH_TOKEN
from sandbox.dispatch import signature
from tests.support.group import PHONE_1, PHONE_2, make_group
from tests.support.sandbox_server import free_port, start_sandbox

TOKEN = DEFAULT_SANDBOX_AUTH_TOKEN


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as hooks:
        yield hooks


def sms_conversation(client: Client, number: str, phone: str = PHONE_1) -> Any:
    return make_group(
        client, pairs={phone: number}, buy_numbers=False, chat_identity=None, friendly_name="hooks"
    ).conversation


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
    text(PHONE_1, numbers[0], "hello from the phone")
    conversation.messages.create(
        author="coach", body="hello from the coach", x_twilio_webhook_enabled="true"
    )
    got = receiver.wait_for(2)
    assert [r.params["Body"] for r in got] == ["hello from the phone", "hello from the coach"]
    assert {r.params["EventType"] for r in got} == {"onMessageAdded"}
    first = got[0].params
    assert first["ConversationSid"] == conversation.sid and first["Author"] == PHONE_1
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
    marker = sms_conversation(client, numbers[1], PHONE_2)
    marker.webhooks.create(
        target="webhook", configuration_url=receiver.url, configuration_filters=["onMessageAdded"]
    )
    marker.messages.create(author="coach", body="marker", x_twilio_webhook_enabled="true")
    bodies = [r.params["Body"] for r in receiver.wait_for(2)]
    assert bodies == ["one", "marker"]


def test_updating_a_scoped_webhook_changes_which_events_it_gets(
    client: Client, numbers: list[str], receiver: Receiver
) -> None:
    conversation = sms_conversation(client, numbers[0])
    hook = conversation.webhooks.create(
        target="webhook", configuration_url=receiver.url, configuration_filters=["onMessageAdded"]
    )
    updated = conversation.webhooks(hook.sid).update(
        configuration_filters=["onParticipantAdded"], configuration_method="GET"
    )
    assert updated.configuration["filters"] == ["onParticipantAdded"]
    fetched = conversation.webhooks(hook.sid).fetch().configuration
    assert (fetched["filters"], fetched["method"], fetched["url"]) == (
        ["onParticipantAdded"],
        "GET",
        receiver.url,
    )
    enabled = {"x_twilio_webhook_enabled": "true"}
    conversation.messages.create(author="coach", body="no longer watched", **enabled)
    conversation.participants.create(identity="coach", **enabled)
    (got,) = receiver.wait_for(1)
    assert got.method == "GET" and "EventType=onParticipantAdded" in got.url
    assert "Identity=coach" in got.url and got.signature_valid(TOKEN)


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
        assert (caught.value.status, caught.value.code) == (400, 20001), kwargs
    hook = conversation.webhooks.create(target="webhook", configuration_url="http://127.0.0.1:9/h")
    for kwargs in (
        {"configuration_url": "ftp://x"},
        {"configuration_method": "PUT"},
        {"configuration_filters": ["onNothing"]},
    ):
        with pytest.raises(TwilioRestException) as caught:
            conversation.webhooks(hook.sid).update(**kwargs)
        assert (caught.value.status, caught.value.code) == (400, 20001), kwargs
    (kept,) = conversation.webhooks.list()
    assert kept.sid == hook.sid
    assert (kept.configuration["url"], kept.configuration["method"]) == (
        "http://127.0.0.1:9/h",
        "POST",
    )
    assert kept.configuration["filters"] == []


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
    text(PHONE_1, numbers[0], "from the phone")
    got = receiver.wait_for(2)
    assert [(r.params["EventType"], r.params["Body"]) for r in got] == [
        ("onMessageAdded", "loud"),
        ("onMessageAdded", "from the phone"),
    ]
    assert all(r.signature_valid(TOKEN) and r.params["AccountSid"] == client.account_sid
               for r in got)  # fmt: skip


def test_every_change_fires_its_post_event(
    client: Client, numbers: list[str], receiver: Receiver
) -> None:
    """Updates and removals of messages, participants and conversations each reach a webhook:
    the conversation's own for what happens in it, the account's for its removal."""
    scoped = [
        "onMessageUpdated",
        "onMessageRemoved",
        "onParticipantUpdated",
        "onParticipantRemoved",
        "onConversationUpdated",
    ]
    conversation = sms_conversation(client, numbers[0])
    conversation.webhooks.create(
        target="webhook", configuration_url=receiver.url, configuration_filters=scoped
    )
    client.conversations.v1.configuration.webhooks().update(
        post_webhook_url=receiver.url, method="POST", filters=["onConversationRemoved"]
    )
    coach = conversation.participants.create(identity="coach")
    message = conversation.messages.create(author="coach", body="typo")
    # A REST call fires webhooks only with X-Twilio-Webhook-Enabled; twilio 9.13's delete()
    # drops that argument, so the deletes send the header themselves.
    enabled = {"x_twilio_webhook_enabled": "true"}
    header = {"X-Twilio-Webhook-Enabled": "true"}
    conversation.messages(message.sid).update(body="fixed", **enabled)
    assert client.request("DELETE", message.url, headers=header).status_code == 204
    conversation.participants(coach.sid).update(attributes='{"role": "lead"}', **enabled)
    assert client.request("DELETE", coach.url, headers=header).status_code == 204
    conversation.update(friendly_name="renamed", **enabled)
    removed = client.request("DELETE", conversation.url, headers=header)
    assert removed.status_code == 204
    got = receiver.wait_for(6)
    assert [r.params["EventType"] for r in got] == [*scoped, "onConversationRemoved"]
    assert [r.params.get("MessageSid") for r in got[:2]] == [message.sid, message.sid]
    assert got[0].params["Body"] == "fixed"
    assert [r.params.get("ParticipantSid") for r in got[2:4]] == [coach.sid, coach.sid]
    assert got[2].params["Attributes"] == '{"role": "lead"}'
    assert got[4].params["FriendlyName"] == "renamed"
    assert {r.params["ConversationSid"] for r in got} == {conversation.sid}
    assert all(r.signature_valid(TOKEN) for r in got)


def test_updating_the_account_webhook_changes_only_what_is_given(
    client: Client, receiver: Receiver
) -> None:
    webhooks = client.conversations.v1.configuration.webhooks()
    webhooks.update(post_webhook_url=receiver.url, method="POST", filters=["onConversationAdded"])
    webhooks.update(method="GET")
    webhooks.update(filters=["onConversationUpdated"])
    webhooks.update(post_webhook_url=receiver.url)  # neither method nor filters given: kept
    config = webhooks.fetch()
    assert (config.method, config.filters, config.post_webhook_url) == (
        "GET",
        ["onConversationUpdated"],
        receiver.url,
    )
    conversation = client.conversations.v1.conversations.create(
        friendly_name="old", x_twilio_webhook_enabled="true"
    )
    conversation.update(friendly_name="new", x_twilio_webhook_enabled="true")
    (got,) = receiver.wait_for(1)
    assert got.method == "GET" and "EventType=onConversationUpdated" in got.url
    assert "FriendlyName=new" in got.url and got.signature_valid(TOKEN)


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
    receiver.status = 500  # every webhook request to the live receiver fails: it is retried
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
