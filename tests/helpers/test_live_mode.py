"""Live mode on a client the kit cannot tell from Twilio: the cast from configuration (each
mistake one sentence that changes nothing), consent to charges, receipts awaited."""

from __future__ import annotations

import itertools
import threading
import time

import pytest
from twilio.rest import Client

from helpers import receipts, views
from helpers._local.cast_config import SANDBOX_CAST, CastError, cast_from
from helpers.charges import Charge, may_charge, refusal
from helpers.forms import AllowCharges, Playground
from helpers.forms.poller import Poller
from helpers.kit_marks import kit_attributes
from helpers.receipts import await_receipts
from helpers.walkthrough import cast, twilio_numbers
from tests.support.group import PHONE_1, PHONE_2, PHONE_3
from tests.support.live import GOOD


def test_the_sandbox_keeps_the_seeds_cast(client: Client) -> None:
    assert cast(client) == SANDBOX_CAST
    assert SANDBOX_CAST.participants == (
        PHONE_1,
        PHONE_2,
        "participant-3",
        PHONE_3,
    )


def test_a_good_configuration_is_the_live_cast() -> None:
    found = cast_from({**GOOD, "GROUP_PHONE_3": "+14155550103", "GROUP_CHAT_IDENTITY": "sam"})
    assert found.participants == ("+14155550101", "+14155550102", "sam", "+14155550103")
    assert found.twilio_numbers == ("+15005550006", "+15005550007")
    assert cast_from(GOOD).chat_identity == "participant-3" and cast_from(GOOD).phone_3 is None
    with pytest.raises(CastError, match="GROUP_PHONE_3"):
        cast_from(GOOD).third_phone()


@pytest.mark.parametrize(
    ("change", "sentence"),
    [
        ({"GROUP_PHONE_1": ""}, "set GROUP_PHONE_1"),
        ({"GROUP_PHONE_2": "650-555-1111"}, r"GROUP_PHONE_2='650-555-1111' is not .* E\.164"),
        ({"GROUP_PHONE_1": "+1 415 555 0101"}, "no spaces"),
        ({"GROUP_PHONE_1": "+1415555010"}, "is not a phone number in E.164"),
        ({"GROUP_PHONE_2": "+14155550101"}, "given twice as a phone of the cast"),
        ({"GROUP_TWILIO_NUMBERS": "+15005550006,+15005550006"}, "twice as a Twilio number"),
        ({"GROUP_PHONE_2": "+15005550007"}, "both a phone of the cast and one of the Twilio"),
    ],
)
def test_each_mistake_is_one_sentence(change: dict[str, str], sentence: str) -> None:
    with pytest.raises(CastError, match=sentence) as raised:
        cast_from({**GOOD, **change})
    assert "\n" not in str(raised.value)


def numbers_as_they_are(client: Client) -> list[tuple[str, str, object]]:
    return [(n.sid, n.friendly_name, n.date_updated) for n in client.incoming_phone_numbers.list()]


def test_live_numbers_come_from_configuration_and_are_checked_on_the_account(
    live: Client, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    for number, name in (("+15005550006", "Support"), ("+15005550007", "Orders")):
        client.incoming_phone_numbers.create(phone_number=number, friendly_name=name)
    before = [
        (n.sid, n.friendly_name, n.date_updated) for n in client.incoming_phone_numbers.list()
    ]
    assert twilio_numbers(live) == ["+15005550006", "+15005550007"]
    monkeypatch.setenv("GROUP_TWILIO_NUMBERS", "+15005550006,+15005550009")
    with pytest.raises(CastError, match=r"\+15005550009 .* not an SMS-capable number") as raised:
        twilio_numbers(live)
    assert "+15005550006, +15005550007" in str(raised.value)  # the account's numbers, listed
    monkeypatch.delenv("GROUP_TWILIO_NUMBERS")
    with pytest.raises(CastError, match="GROUP_TWILIO_NUMBERS is unset: set it to 2"):
        twilio_numbers(live)  # never a guess among the account's numbers
    assert numbers_as_they_are(client) == before


def test_live_charges_need_consent_and_say_what_they_cost(
    live: Client, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert not may_charge(live, Charge(sms=3), "three texts")
    said = capsys.readouterr().out
    assert "three texts would cost 3 SMS segments (about $0.0249)" in said
    assert "twilio.com/en-us/sms/pricing/us" in said and "KIT_ALLOW_CHARGES=yes" in said
    assert "1 US local number (about $1.15/month)" in str(refusal(live, Charge(numbers=1), "x"))
    monkeypatch.setenv("KIT_ALLOW_CHARGES", "no")
    button = AllowCharges()
    assert not button.button.disabled
    button.allow()  # what a click does: allowed for this process from now on
    assert may_charge(live, Charge(sms=3), "three texts")
    assert button.button.disabled and "are allowed" in button.status.value


def test_the_sandbox_never_asks(client: Client) -> None:
    assert refusal(client, Charge(sms=100, numbers=5), "anything") is None


def test_live_receipts_are_awaited_and_a_late_carrier_is_a_sentence(
    live: Client,
    client: Client,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    conversation = client.conversations.v1.conversations.create(attributes=kit_attributes())
    client.incoming_phone_numbers.create(phone_number="+15005550006")
    conversation.participants.create(
        messaging_binding_address="+14155550101", messaging_binding_proxy_address="+15005550006"
    )
    conversation.messages.create(body="Reminder")
    assert len(await_receipts(live, conversation.sid)) == 1  # delivered already: no wait
    pending = views.delivery_receipts(client, conversation.sid, limit=1).assign(status="sent")
    monkeypatch.setattr(receipts.views, "delivery_receipts", lambda *_, **__: pending)
    assert await_receipts(live, conversation.sid, timeout=0.3, poll=0.1)["status"].tolist() == [
        "sent"
    ]
    assert "Twilio reported 0 of 1 deliveries within 0 s" in capsys.readouterr().out
    blocked = pending.assign(status="undelivered", error_code=30034)
    monkeypatch.setattr(receipts.views, "delivery_receipts", lambda *_, **__: blocked)
    await_receipts(live, conversation.sid)
    said = capsys.readouterr().out
    assert "Not delivered to +14155550101: Twilio error 30034. US carriers blocked" in said
    assert "A2P 10DLC" in said


def gaps_between_ticks(ticks: int, **backoff: float) -> list[float]:
    """The seconds between the first `ticks` ticks of a poller whose every tick finds nothing new
    (awaited with a 30 s deadline: on a busy machine a gap can only grow)."""
    times: list[float] = []
    all_in = threading.Event()

    def tick() -> bool:
        times.append(time.monotonic())
        if len(times) == ticks:
            all_in.set()
        return False

    poller = Poller(tick, interval=0.02, idle_after=60, on_stop=lambda _: None, **backoff)
    poller.start()
    try:
        assert all_in.wait(timeout=30), f"{len(times)} of {ticks} ticks in 30 s"
    finally:
        poller.stop()
    return [later - earlier for earlier, later in itertools.pairwise(times[:ticks])]


def test_the_live_playground_reads_less_and_less_while_nothing_changes(live: Client) -> None:
    conversation = live.conversations.v1.conversations.create(attributes=kit_attributes())
    playground = Playground(live, conversation.sid, auto_refresh=False)
    assert (playground.poller.interval, playground.poller.backoff) == (5.0, 2.0)
    assert playground.poller.max_interval == 60.0
    playground.close()
    # Each wait twice the one before, up to the longest: 0.04 s after the first tick, then 0.08,
    # 0.16, 0.32, 0.32. A busy machine only makes a gap longer; 0.9: a clock's rounding.
    gaps = gaps_between_ticks(6, backoff=2.0, max_interval=0.32)
    waits = (0.04, 0.08, 0.16, 0.32, 0.32)
    assert all(gap >= 0.9 * wait for gap, wait in zip(gaps, waits, strict=True)), gaps
    steady = Poller(lambda: False, interval=0.02, idle_after=60, on_stop=print)
    assert steady.next_wait(0.02, changed=False) == 0.02  # no backoff: the same wait throughout
    quiet = Poller(
        lambda: False, interval=0.02, idle_after=60, on_stop=print, backoff=2.0, max_interval=0.32
    )
    assert [quiet.next_wait(w, changed=False) for w in (0.02, 0.16, 0.32)] == [0.04, 0.32, 0.32]
    assert quiet.next_wait(0.32, changed=True) == 0.02  # news: back to reading often
