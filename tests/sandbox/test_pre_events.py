"""Pre-event webhooks and onDeliveryUpdated through the real SDK, with a real receiver on loopback.

The account's PreWebhookUrl is asked before an action is written: 200 lets it through (its JSON
may change it), 4xx/5xx rejects it, no answer within the timeout lets it through unmodified, as
https://www.twilio.com/docs/conversations/conversations-webhooks describes."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from helpers import sandbox_api
from helpers.webhook_receiver import Receiver
from lab_contract.defaults import DEFAULT_SANDBOX_AUTH_TOKEN
from tests.support.group import PHONE_1, PHONE_2, make_group
from tests.support.sandbox_server import free_port, start_sandbox

TOKEN = DEFAULT_SANDBOX_AUTH_TOKEN
LOUD = {"x_twilio_webhook_enabled": "true"}


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as hooks:
        yield hooks


def pre_webhook(client: Client, url: str, *filters: str) -> None:
    client.conversations.v1.configuration.webhooks().update(
        pre_webhook_url=url, method="POST", filters=list(filters)
    )


def group(client: Client, number: str) -> Any:
    """A conversation with two phones in it, both through `number`."""
    both = {PHONE_1: number, PHONE_2: number}
    return make_group(
        client, pairs=both, buy_numbers=False, chat_identity=None, friendly_name="pre"
    ).conversation


def texts_to(client: Client, phone: str) -> list[str]:
    return [m.body for m in client.messages.list(to=phone)]


def test_an_ok_answer_lets_the_message_through_signed_like_twilio(
    client: Client, numbers: list[str], receiver: Receiver, text: Any
) -> None:
    pre_webhook(client, receiver.url, "onMessageAdd")
    conversation = group(client, numbers[0])
    message = conversation.messages.create(author="coach", body="practice at 6", **LOUD)
    text(PHONE_1, numbers[0], "see you there")
    got = receiver.wait_for(2)
    assert [r.params["EventType"] for r in got] == ["onMessageAdd", "onMessageAdd"]
    api, sms = got[0].params, got[1].params
    assert (api["Body"], api["Author"], api["Source"]) == ("practice at 6", "coach", "API")
    assert api["ConversationSid"] == conversation.sid and api["AccountSid"] == client.account_sid
    assert (sms["Body"], sms["Author"], sms["Source"]) == ("see you there", PHONE_1, "SMS")
    assert sms["ParticipantSid"].startswith("MB")
    assert all(r.signature_valid(TOKEN) for r in got)
    assert not got[0].signature_valid("not-the-token")
    bodies = [m.body for m in conversation.messages.list()]
    assert bodies == ["practice at 6", "see you there"] and message.index == 0


def test_a_json_answer_changes_the_message(
    client: Client, numbers: list[str], receiver: Receiver, text: Any
) -> None:
    pre_webhook(client, receiver.url, "onMessageAdd")
    receiver.answer = json.dumps({"body": "[filtered]", "attributes": {"checked": True}}).encode()
    conversation = group(client, numbers[0])
    message = conversation.messages.create(author="coach", body="a bad word", **LOUD)
    assert message.body == "[filtered]"
    assert json.loads(message.attributes) == {"checked": True}
    text(PHONE_1, numbers[0], "another bad word")
    stored = [m.body for m in conversation.messages.list()]
    assert stored == ["[filtered]", "[filtered]"]
    assert texts_to(client, PHONE_2)[0] == "[filtered]"  # the fan-out carries the change
    assert [m.body for m in client.messages.list(from_=PHONE_1)] == ["another bad word"]


def test_a_rejection_blocks_a_rest_call_and_stores_nothing(
    client: Client, numbers: list[str], receiver: Receiver
) -> None:
    conversation = group(client, numbers[0])
    pre_webhook(client, receiver.url, "onMessageAdd", "onParticipantAdd")
    receiver.status = 403
    with pytest.raises(TwilioRestException) as caught:
        conversation.messages.create(author="coach", body="blocked", **LOUD)
    assert (caught.value.status, caught.value.code) == (403, 20403)
    with pytest.raises(TwilioRestException) as caught:
        conversation.participants.create(identity="intruder", **LOUD)
    assert (caught.value.status, caught.value.code) == (403, 20403)
    assert conversation.messages.list() == []
    assert len(conversation.participants.list()) == 2
    assert texts_to(client, PHONE_1) == texts_to(client, PHONE_2) == []


def test_a_rejection_drops_a_phones_text_but_logs_it(
    client: Client, numbers: list[str], receiver: Receiver, text: Any
) -> None:
    conversation = group(client, numbers[0])
    pre_webhook(client, receiver.url, "onMessageAdd")
    receiver.status = 403
    sent = text(PHONE_1, numbers[0], "spam spam spam")
    assert sent.conversation_message_sid is None and sent.conversation_sid is None
    assert receiver.wait_for(1)[0].params["Source"] == "SMS"
    assert conversation.messages.list() == []
    assert texts_to(client, PHONE_2) == []  # no fan-out
    assert [m.body for m in client.messages.list(from_=PHONE_1)] == ["spam spam spam"]


def test_a_rejection_stops_an_auto_created_conversation(
    client: Client, numbers: list[str], receiver: Receiver, text: Any
) -> None:
    client.conversations.v1.address_configurations.create(
        type="sms", address=numbers[0], auto_creation_enabled=True
    )
    pre_webhook(client, receiver.url, "onConversationAdd")
    receiver.status = 403
    assert text(PHONE_1, numbers[0], "hello?").conversation_sid is None
    (asked,) = receiver.wait_for(1)
    assert asked.params["EventType"] == "onConversationAdd"
    assert asked.params["MessagingBinding.Address"] == PHONE_1
    assert asked.params["MessageBody"] == "hello?"
    assert client.conversations.v1.conversations.list() == []


def test_rest_calls_without_the_header_never_ask(
    client: Client, numbers: list[str], receiver: Receiver
) -> None:
    pre_webhook(client, receiver.url, "onMessageAdd", "onConversationAdd", "onParticipantAdd")
    receiver.status = 403  # were it asked, every call below would fail
    conversation = group(client, numbers[0])
    conversation.messages.create(author="coach", body="quiet")
    conversation.update(friendly_name="renamed")
    with pytest.raises(TwilioRestException) as caught:
        conversation.messages.create(author="coach", body="loud", **LOUD)
    assert (caught.value.status, caught.value.code) == (403, 20403)
    assert [r.params["Body"] for r in receiver.wait_for(1)] == ["loud"]
    assert [m.body for m in conversation.messages.list()] == ["quiet"]


def test_other_pre_events_are_asked_and_can_change_a_name(
    client: Client, numbers: list[str], receiver: Receiver
) -> None:
    pre_webhook(client, receiver.url, "onConversationAdd", "onMessageUpdate")
    receiver.answer = b'{"friendly_name": "Renamed by the hook"}'
    conversation = client.conversations.v1.conversations.create(friendly_name="mine", **LOUD)
    assert conversation.friendly_name == "Renamed by the hook"
    message = conversation.messages.create(author="coach", body="keep me")
    receiver.status = 500
    with pytest.raises(TwilioRestException) as caught:
        conversation.messages(message.sid).update(body="edited", **LOUD)
    assert (caught.value.status, caught.value.code) == (403, 20403)
    assert [m.body for m in conversation.messages.list()] == ["keep me"]
    asked = receiver.wait_for(2)
    assert [r.params["EventType"] for r in asked] == ["onConversationAdd", "onMessageUpdate"]
    assert asked[1].params["MessageSid"] == message.sid
    assert asked[1].params["Body"] == "keep me"  # the message as it is, before the change


def test_every_pre_event_is_asked_by_its_action_and_a_rejection_keeps_everything(
    client: Client, numbers: list[str], receiver: Receiver
) -> None:
    """Twilio's ten pre-events, each from the REST action that causes it: a 403 refuses each
    one with 20403 and leaves the conversation, participant, message and user as they were."""
    every = [
        "onConversationAdd", "onConversationUpdate", "onConversationRemove",
        "onParticipantAdd", "onParticipantUpdate", "onParticipantRemove",
        "onMessageAdd", "onMessageUpdate", "onMessageRemove", "onUserUpdate",
    ]  # fmt: skip
    v1 = client.conversations.v1
    conversation = v1.conversations.create(friendly_name="kept")
    participant = conversation.participants.create(identity="coach")
    message = conversation.messages.create(author="coach", body="kept")
    user = v1.users.create(identity="coach", friendly_name="Coach")
    kept = (conversation, participant, message, user)
    before = [json.loads(client.request("GET", r.url).content) for r in kept]
    pre_webhook(client, receiver.url, *every)
    receiver.status = 403
    header = {"X-Twilio-Webhook-Enabled": "true"}
    actions = [
        lambda: v1.conversations.create(friendly_name="new", **LOUD),
        lambda: conversation.update(friendly_name="changed", **LOUD),
        lambda: client.request("DELETE", conversation.url, headers=header),
        lambda: conversation.participants.create(identity="intruder", **LOUD),
        lambda: participant.update(attributes='{"changed": true}', **LOUD),
        lambda: client.request("DELETE", participant.url, headers=header),
        lambda: conversation.messages.create(author="coach", body="new", **LOUD),
        lambda: message.update(body="changed", **LOUD),
        lambda: client.request("DELETE", message.url, headers=header),
        lambda: user.update(friendly_name="Changed", **LOUD),
    ]
    refused = []
    for action in actions:
        try:
            answer = action()
        except TwilioRestException as error:
            refused.append((error.status, error.code))
        else:
            refused.append((answer.status_code, json.loads(answer.content)["code"]))
    assert refused == [(403, 20403)] * len(every)
    assert [r.params["EventType"] for r in receiver.wait_for(len(every))] == every
    assert [json.loads(client.request("GET", r.url).content) for r in kept] == before
    assert len(v1.conversations.list()) == 1


@pytest.fixture(scope="module")
def impatient(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    """A sandbox that waits 0.5 s for a webhook's answer instead of Twilio's 5."""
    server = start_sandbox(
        tmp_path_factory.mktemp("impatient"), SANDBOX_WEBHOOK_TIMEOUT_SECONDS="0.5"
    )
    yield server.client()
    server.stop()


def test_a_silent_or_missing_receiver_lets_the_action_through_after_the_timeout(
    impatient: Client, receiver: Receiver
) -> None:
    conversations = impatient.conversations.v1.conversations
    receiver.hold = threading.Event()  # takes the request and does not answer
    receiver.answer = b'{"body": "too late"}'
    for url in (receiver.url, f"http://127.0.0.1:{free_port()}/down"):
        pre_webhook(impatient, url, "onMessageAdd")
        conversation = conversations.create(friendly_name="waits")
        started = time.monotonic()
        message = conversation.messages.create(author="coach", body="unchanged", **LOUD)
        assert time.monotonic() - started < 4
        assert message.body == "unchanged"
    assert len(receiver.wait_for(1)) == 1 and receiver.answered == 0
    receiver.hold.set()


def test_delivery_updates_reach_webhooks_that_ask_for_them(
    client: Client, numbers: list[str], receiver: Receiver
) -> None:
    conversation = group(client, numbers[0])
    conversation.webhooks.create(
        target="webhook", configuration_url=receiver.url, configuration_filters=["onMessageAdded"]
    )
    with Receiver() as deliveries:
        conversation.webhooks.create(
            target="webhook",
            configuration_url=deliveries.url,
            configuration_filters=["onDeliveryUpdated"],
        )
        message = conversation.messages.create(author="coach", body="game on")  # no header
        got = deliveries.wait_for(4)  # sent, then the carrier's report: they fire without it
        # The REST call itself fires no webhook without the header: the other hook's first
        # request is the marker sent with it.
        conversation.messages.create(author="coach", body="marker", x_twilio_webhook_enabled="true")
        assert [r.params["Body"] for r in receiver.wait_for(1)] == ["marker"]
    assert {r.params["EventType"] for r in got} == {"onDeliveryUpdated"}
    receipts = {r.sid: r for r in conversation.messages(message.sid).delivery_receipts.list()}
    assert {r.params["DeliveryReceiptSid"] for r in got} == set(receipts)
    for sid in receipts:
        steps = [r.params["Status"] for r in got if r.params["DeliveryReceiptSid"] == sid]
        assert steps == ["sent", "delivered"]
    for update in got:
        fields, receipt = update.params, receipts[update.params["DeliveryReceiptSid"]]
        assert fields["MessageSid"] == message.sid and fields["ConversationSid"] == conversation.sid
        assert fields["ChannelMessageSid"] == receipt.channel_message_sid
        assert fields["ParticipantSid"] == receipt.participant_sid
        assert fields["ErrorCode"] == ""
        assert fields["ChatServiceSid"].startswith("IS") and fields["DateUpdated"]
        assert update.signature_valid(TOKEN)
    assert [r.params["EventType"] for r in receiver.received] == ["onMessageAdded"]


def test_account_delivery_updates_fire_without_the_header(
    client: Client, numbers: list[str], receiver: Receiver
) -> None:
    client.conversations.v1.configuration.webhooks().update(
        post_webhook_url=receiver.url, filters=["onDeliveryUpdated"]
    )
    conversation = group(client, numbers[0])
    conversation.messages.create(author="coach", body="no header")  # the carrier reports it
    got = receiver.wait_for(2)
    assert [r.params["EventType"] for r in got] == ["onDeliveryUpdated"] * 2
    assert {r.params["ParticipantSid"] for r in got} == {
        p.sid for p in conversation.participants.list()
    }


def test_a_phones_group_text_asks_on_message_add_and_a_rejection_keeps_it_out(
    client: Client, numbers: list[str], receiver: Receiver
) -> None:
    conversation = client.conversations.v1.conversations.create(friendly_name="Group MMS")
    conversation.participants.create(messaging_binding_address=PHONE_1)
    conversation.participants.create(messaging_binding_address=PHONE_2)
    conversation.participants.create(
        identity="coach", messaging_binding_projected_address=numbers[0]
    )
    pre_webhook(client, receiver.url, "onMessageAdd")
    receiver.status = 403
    refused = sandbox_api.phone_texts_group(client, PHONE_1, [numbers[0], PHONE_2], "skip it")
    (asked,) = receiver.wait_for(1)
    assert (asked.params["Author"], asked.params["Source"]) == (PHONE_1, "SMS")
    assert asked.params["ConversationSid"] == conversation.sid
    assert refused["conversation_sid"] is None and conversation.messages.list() == []
    receiver.status = 200
    sandbox_api.phone_texts_group(client, PHONE_1, [numbers[0], PHONE_2], "let it in")
    assert [m.body for m in conversation.messages.list()] == ["let it in"]
