"""States and timers through the real SDK, on the sandbox's movable clock (no sleeping, but for
two tests that let a real second pass, so a timer falls due without the clock firing it):
active → inactive → closed by timers (Reason TIMER), inactive → active on new traffic, closed
cannot be reopened, and a closed conversation frees its (phone, Twilio number) pairs."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from helpers.sandbox_api import advance_clock, clock_now
from helpers.webhook_receiver import Receiver
from tests.support.group import PHONE_1
from tests.support.sandbox_server import start_sandbox


def with_phone(client: Client, number: str, **kwargs: Any) -> Any:
    conversation = client.conversations.v1.conversations.create(**kwargs)
    conversation.participants.create(
        messaging_binding_address=PHONE_1, messaging_binding_proxy_address=number
    )
    return conversation


def test_timers_move_a_conversation_to_inactive_then_closed(
    client: Client, numbers: list[str]
) -> None:
    conversation = with_phone(
        client, numbers[0], state="active", timers_inactive="PT10M", timers_closed="PT1H"
    )
    fetched = conversation.fetch()
    assert set(fetched.timers) == {"date_inactive", "date_closed"}
    before = clock_now(client)
    advance_clock(client, 9 * 60)
    assert conversation.fetch().state == "active"
    advance_clock(client, 60)
    assert conversation.fetch().state == "inactive"
    assert clock_now(client) > before
    advance_clock(client, 50 * 60)
    assert conversation.fetch().state == "closed"
    listed = client.conversations.v1.conversations.list(state="closed")
    assert [c.sid for c in listed] == [conversation.sid]


def test_new_traffic_wakes_an_inactive_conversation_and_restarts_its_timer(
    client: Client, numbers: list[str], text: Any
) -> None:
    conversation = with_phone(client, numbers[0], state="active", timers_inactive="PT10M")
    advance_clock(client, 10 * 60)
    assert conversation.fetch().state == "inactive"
    assert text(PHONE_1, numbers[0], "still here").conversation_sid == conversation.sid
    assert conversation.fetch().state == "active"
    advance_clock(client, 5 * 60)
    assert conversation.fetch().state == "active"  # the countdown started again at the text
    advance_clock(client, 5 * 60)
    assert conversation.fetch().state == "inactive"


def state_once_real_time_passes(conversation: Any, seconds: float = 30.0) -> str:
    """The state after the sandbox's clock ticks on by itself (no `advance_clock` firing it)."""
    deadline = time.monotonic() + seconds
    while (state := conversation.fetch().state) == "active" and time.monotonic() < deadline:
        time.sleep(0.2)
    return str(state)


def test_a_timer_set_by_an_update_falls_due_as_time_passes(
    client: Client, numbers: list[str]
) -> None:
    conversation = with_phone(client, numbers[0])
    conversation.update(timers_inactive="PT1M")
    advance_clock(client, 59)
    assert state_once_real_time_passes(conversation) == "inactive"


def test_a_timer_set_before_a_restart_falls_due_after_it(tmp_path: Path) -> None:
    server = start_sandbox(tmp_path)
    try:
        client = server.client()
        sid = client.conversations.v1.conversations.create(
            state="active", timers_inactive="PT1M"
        ).sid
    finally:
        server.stop()
    server.start()
    try:
        client = server.client()
        advance_clock(client, 59)
        conversation = client.conversations.v1.conversations(sid)
        assert state_once_real_time_passes(conversation) == "inactive"
    finally:
        server.stop()


def test_timer_transitions_fire_state_updated_webhooks(client: Client, numbers: list[str]) -> None:
    with Receiver() as hooks:
        conversation = with_phone(client, numbers[0], state="active", timers_closed="PT10M")
        conversation.webhooks.create(
            target="webhook",
            configuration_url=hooks.url,
            configuration_filters=["onConversationStateUpdated"],
        )
        advance_clock(client, 10 * 60)
        (event,) = hooks.wait_for(1)
    assert event.params["StateFrom"] == "active" and event.params["StateTo"] == "closed"
    assert event.params["Reason"] == "TIMER" and event.params["ConversationSid"] == conversation.sid
    assert event.signature_valid(client.password)


def test_a_state_changed_through_the_api_fires_state_updated_with_reason_api(
    client: Client, numbers: list[str]
) -> None:
    with Receiver() as hooks:
        conversation = with_phone(client, numbers[0])
        conversation.webhooks.create(
            target="webhook",
            configuration_url=hooks.url,
            configuration_filters=["onConversationStateUpdated"],
        )
        enabled = {"x_twilio_webhook_enabled": "true"}  # a REST call fires only when it asks
        conversation.update(friendly_name="no state change", **enabled)
        conversation.update(state="inactive", **enabled)
        conversation.update(state="closed", **enabled)
        events = hooks.wait_for(2)
    assert [(e.params["StateFrom"], e.params["StateTo"], e.params["Reason"]) for e in events] == [
        ("active", "inactive", "API"),
        ("inactive", "closed", "API"),
    ]


def test_closing_frees_the_pair_for_another_conversation(
    client: Client, numbers: list[str], text: Any
) -> None:
    first = with_phone(client, numbers[0])
    with pytest.raises(TwilioRestException) as caught:
        with_phone(client, numbers[0])
    assert (caught.value.status, caught.value.code) == (409, 50416)
    first.update(state="closed")
    second = with_phone(client, numbers[0])
    assert text(PHONE_1, numbers[0], "where am I?").conversation_sid == second.sid
    assert [m.body for m in second.messages.list()] == ["where am I?"]
    assert first.messages.list() == []


def test_an_inactive_conversation_keeps_its_pair(
    client: Client, numbers: list[str], text: Any
) -> None:
    """Only closing frees a pair; an inactive conversation wakes on the phone's next text."""
    sleeping = with_phone(client, numbers[0], state="active", timers_inactive="PT10M")
    advance_clock(client, 10 * 60)
    assert sleeping.fetch().state == "inactive"
    with pytest.raises(TwilioRestException) as caught:
        with_phone(client, numbers[0])
    assert (caught.value.status, caught.value.code) == (409, 50416)
    assert sleeping.sid in caught.value.msg
    assert text(PHONE_1, numbers[0], "still mine").conversation_sid == sleeping.sid
    assert sleeping.fetch().state == "active"


def test_a_timer_closing_frees_the_pair_too(client: Client, numbers: list[str], text: Any) -> None:
    first = with_phone(client, numbers[0], state="active", timers_closed="PT30M")
    advance_clock(client, 29 * 60)
    with pytest.raises(TwilioRestException) as caught:  # still open: the pair is still taken
        with_phone(client, numbers[0])
    assert (caught.value.status, caught.value.code) == (409, 50416)
    assert first.sid in caught.value.msg
    advance_clock(client, 60)
    assert first.fetch().state == "closed"
    second = with_phone(client, numbers[0])
    assert text(PHONE_1, numbers[0], "after the timer").conversation_sid == second.sid
    assert first.messages.list() == []


def test_a_closed_conversation_takes_no_new_messages_or_participants(
    client: Client, numbers: list[str]
) -> None:
    conversation = with_phone(client, numbers[0])
    conversation.messages.create(author="coach", body="last words")
    (phone,) = conversation.participants.list()
    conversation.update(state="closed")
    for refused in (
        lambda: conversation.messages.create(author="coach", body="too late"),
        lambda: conversation.participants.create(identity="latecomer"),
        lambda: conversation.participants(phone.sid).update(attributes='{"late": true}'),
    ):
        with pytest.raises(TwilioRestException) as caught:
            refused()
        assert (caught.value.status, caught.value.code) == (400, 50377)
    assert [m.body for m in conversation.messages.list()] == ["last words"]
    assert [(p.sid, p.attributes) for p in conversation.participants.list()] == [(phone.sid, "{}")]
    assert [m.body for m in client.messages.list(to=PHONE_1)] == ["last words"]


def test_closed_cannot_be_reopened_and_timers_need_a_state(
    client: Client, numbers: list[str]
) -> None:
    conversation = with_phone(client, numbers[0])
    conversation.update(state="closed")
    with pytest.raises(TwilioRestException) as caught:
        conversation.update(state="active")
    assert (caught.value.status, caught.value.code) == (400, 50377)
    assert conversation.fetch().state == "closed"
    with pytest.raises(TwilioRestException) as caught:
        client.conversations.v1.conversations.create(timers_inactive="PT5M")
    assert (caught.value.status, caught.value.code) == (400, 50382)
    for bad, code in (
        ({"state": "sleeping"}, 20001),
        ({"state": "active", "timers_closed": "ten minutes"}, 20001),
        ({"state": "active", "timers_inactive": "PT30S"}, 50375),
        ({"state": "active", "timers_closed": "PT9M"}, 50376),
    ):
        with pytest.raises(TwilioRestException) as caught:
            client.conversations.v1.conversations.create(**bad)
        assert (caught.value.status, caught.value.code) == (400, code)
    assert [c.sid for c in client.conversations.v1.conversations.list()] == [conversation.sid]
