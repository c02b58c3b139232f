"""The delivery lifecycle through the real SDK: a receipt is `sent`, then its phone's carrier
reports `delivered`, or `undelivered` with Twilio's carrier code (30003, 30006, 30007), each step
an onDeliveryUpdated and a status callback; a report still due survives a restart.

The sandbox here reports 30 s after a send (SANDBOX_DELIVERY_SECONDS), so that each step is seen
for certain, and the test moves the sandbox's clock to the report."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from helpers.receipts import undelivered
from helpers.sandbox_api import advance_clock, phone_inbox, set_phone_state
from helpers.views import delivery_receipts
from helpers.webhook_receiver import Receiver
from tests.support.group import PHONE_1, PHONE_2, make_group
from tests.support.sandbox_server import SandboxServer, start_sandbox

NUMBER = "+15005550006"
LATER = 30  # seconds; a report falls due on the whole second after, so the tests move LATER + 1


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxServer]:
    server = start_sandbox(tmp_path_factory.mktemp("carriers"), SANDBOX_DELIVERY_SECONDS=str(LATER))
    yield server
    server.stop()


@pytest.fixture
def slow(server: SandboxServer) -> Client:
    server.reset()
    client = server.client()
    client.incoming_phone_numbers.create(phone_number=NUMBER)
    return client


def group(client: Client) -> Any:
    both = {PHONE_1: NUMBER, PHONE_2: NUMBER}
    return make_group(
        client, pairs=both, buy_numbers=False, chat_identity=None, friendly_name="carriers"
    ).conversation


def statuses(conversation: Any, message: Any) -> dict[str, tuple[str, int | None]]:
    """Each receipt's (status, error code), by the phone its SMS went to (the 2010 log's); Twilio
    writes error code 0 for none."""
    receipts = conversation.messages(message.sid).delivery_receipts.list()
    client = conversation._version.domain.twilio
    return {
        client.messages(r.channel_message_sid).fetch().to: (r.status, r.error_code or None)
        for r in receipts
    }


def test_a_receipt_is_sent_then_delivered_when_the_carrier_reports(slow: Client) -> None:
    conversation = group(slow)
    message = conversation.messages.create(author="coach", body="practice at 6")
    assert message.delivery["sent"] == "all" and message.delivery["delivered"] == "none"
    assert statuses(conversation, message) == {PHONE_1: ("sent", None), PHONE_2: ("sent", None)}
    assert {m.status for m in slow.messages.list(from_=NUMBER)} == {"sent"}
    advance_clock(slow, LATER + 1)
    assert statuses(conversation, message) == {
        PHONE_1: ("delivered", None),
        PHONE_2: ("delivered", None),
    }
    assert conversation.messages(message.sid).fetch().delivery["delivered"] == "all"
    assert {m.status for m in slow.messages.list(from_=NUMBER)} == {"delivered"}


@pytest.mark.parametrize(
    ("state", "code"), [("unreachable", 30003), ("landline", 30006), ("filtering", 30007)]
)
def test_a_phone_that_cannot_take_it_ends_undelivered_with_twilios_code(
    slow: Client, state: str, code: int
) -> None:
    assert set_phone_state(slow, PHONE_2, state) == state
    conversation = group(slow)
    message = conversation.messages.create(author="coach", body="practice at 6")
    advance_clock(slow, LATER + 1)
    assert statuses(conversation, message) == {
        PHONE_1: ("delivered", None),
        PHONE_2: ("undelivered", code),
    }
    summary = conversation.messages(message.sid).fetch().delivery
    assert (summary["delivered"], summary["undelivered"]) == ("some", "some")
    (line,) = undelivered(delivery_receipts(slow, conversation.sid, limit=1))
    assert line.startswith(f"Not delivered to {PHONE_2}: Twilio error {code}.")
    screens = {phone: [t["body"] for t in phone_inbox(slow, phone)] for phone in (PHONE_1, PHONE_2)}
    assert screens == {PHONE_1: ["practice at 6"], PHONE_2: []}  # never reached the phone
    set_phone_state(slow, PHONE_2, "reachable")  # back in signal: the next text gets there
    again = conversation.messages.create(author="coach", body="are you there?")
    advance_clock(slow, LATER + 1)
    assert statuses(conversation, again)[PHONE_2] == ("delivered", None)


def test_a_state_twilio_has_no_code_for_is_refused(slow: Client) -> None:
    with pytest.raises(TwilioRestException) as refused:
        set_phone_state(slow, PHONE_1, "asleep")
    assert (refused.value.status, refused.value.code) == (400, 20001)
    with pytest.raises(TwilioRestException):
        set_phone_state(slow, "not a phone", "unreachable")


def test_each_step_is_an_on_delivery_updated_and_a_status_callback(slow: Client) -> None:
    set_phone_state(slow, PHONE_2, "unreachable")
    conversation = group(slow)
    with Receiver() as hooks, Receiver() as callbacks:
        conversation.webhooks.create(
            target="webhook",
            configuration_url=hooks.url,
            configuration_filters=["onDeliveryUpdated"],
        )
        message = conversation.messages.create(author="coach", body="game on")
        sent = slow.messages.create(
            from_=NUMBER, to=PHONE_2, body="one-off", status_callback=callbacks.url
        )
        first = hooks.wait_for(2)
        assert [c.params["MessageStatus"] for c in callbacks.wait_for(1)] == ["sent"]
        advance_clock(slow, LATER + 1)
        steps = hooks.wait_for(4)
        tracked = callbacks.wait_for(2)
    assert {r.params["Status"] for r in first} == {"sent"}
    assert sorted((r.params["Status"], r.params["ErrorCode"]) for r in steps[2:]) == [
        ("delivered", ""),
        ("undelivered", "30003"),
    ]
    assert all(r.params["MessageSid"] == message.sid for r in steps)
    assert [(c.params["MessageStatus"], c.params.get("ErrorCode")) for c in tracked] == [
        ("sent", None),
        ("undelivered", "30003"),
    ]
    assert all(c.params["MessageSid"] == sent.sid for c in tracked)


def test_a_report_still_due_survives_a_restart(server: SandboxServer, slow: Client) -> None:
    conversation = group(slow)
    message = conversation.messages.create(author="coach", body="before the restart")
    server.stop()
    server.start()
    client = server.client()
    again = client.conversations.v1.conversations(conversation.sid)
    assert {r.status for r in again.messages(message.sid).delivery_receipts.list()} == {"sent"}
    advance_clock(client, LATER + 1)
    assert {r.status for r in again.messages(message.sid).delivery_receipts.list()} == {"delivered"}


def test_the_default_sandbox_reports_by_itself_a_moment_later(client: Client) -> None:
    """With no request to run it, the sandbox's own tick applies a report that fell due."""
    client.incoming_phone_numbers.create(phone_number=NUMBER)
    conversation = group(client)
    with Receiver() as hooks:
        # The webhook first: made after the message, it could miss a report that fell due in
        # between (a second later, or sooner on a busy machine).
        conversation.webhooks.create(
            target="webhook",
            configuration_url=hooks.url,
            configuration_filters=["onDeliveryUpdated"],
        )
        message = conversation.messages.create(author="coach", body="no clock moved")
        steps = hooks.wait_for(4)  # after the message's request, only the tick could post these
    assert [r.params["Status"] for r in steps] == ["sent", "sent", "delivered", "delivered"]
    assert {r.params["MessageSid"] for r in steps} == {message.sid}


def test_the_delivery_delay_setting_is_checked(tmp_path: Path) -> None:
    from sandbox.config import load_config

    env = tmp_path / ".env"
    env.write_text("SANDBOX_DELIVERY_SECONDS=soon\n")
    with pytest.raises(ValueError, match="SANDBOX_DELIVERY_SECONDS"):
        load_config(env)
