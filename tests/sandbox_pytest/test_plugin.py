"""The pytest plugin, used as a developer would in their own suite: `twilio_sandbox` gives a
test an empty sandbox account, a `twilio.rest.Client` for it, and simulated phones and clock.

The first tests read like a user's tests of their own app (here, the functions of
examples/group_text.py); the last checks what a user sees when the sandbox cannot start.
"""

from __future__ import annotations

import pytest

from examples.group_text import history, send_message, start_group_text
from sandbox_pytest.private_sandbox import TwilioSandbox

pytest_plugins = ["pytester"]

ALICE, BOB = "+14155550101", "+14155550102"


def test_a_group_text_reaches_every_phone(twilio_sandbox: TwilioSandbox) -> None:
    number = twilio_sandbox.buy_number()
    team = start_group_text(twilio_sandbox.client, "team", [ALICE, BOB], number, "coach")

    send_message(twilio_sandbox.client, team.sid, "practice at 6", author="coach")
    twilio_sandbox.text(ALICE, number, "on my way")

    assert twilio_sandbox.received(ALICE) == ["practice at 6"]
    assert twilio_sandbox.received(BOB) == ["practice at 6", "on my way"]
    assert history(twilio_sandbox.client, team.sid) == [
        "#0 coach: practice at 6",
        f"#1 {ALICE}: on my way",
    ]


def test_each_test_starts_from_an_empty_account(twilio_sandbox: TwilioSandbox) -> None:
    assert twilio_sandbox.client.conversations.v1.conversations.list() == []
    assert twilio_sandbox.client.incoming_phone_numbers.list() == []


def test_an_idle_group_closes_on_the_sandboxs_clock(twilio_sandbox: TwilioSandbox) -> None:
    number = twilio_sandbox.buy_number()
    team = start_group_text(twilio_sandbox.client, "team", [ALICE], number, "coach")
    team.update(timers_closed="PT10M")

    twilio_sandbox.advance_clock(11 * 60)

    assert team.fetch().state == "closed"


def test_a_phone_out_of_signal_gets_nothing_and_twilio_says_why(
    twilio_sandbox: TwilioSandbox,
) -> None:
    number = twilio_sandbox.buy_number()
    team = start_group_text(twilio_sandbox.client, "team", [ALICE, BOB], number, "coach")
    twilio_sandbox.set_phone_state(BOB, "unreachable")

    sid = send_message(twilio_sandbox.client, team.sid, "practice at 6", author="coach")
    twilio_sandbox.advance_clock(60)  # past the carriers' delivery reports

    assert twilio_sandbox.received(ALICE) == ["practice at 6"]
    assert twilio_sandbox.received(BOB) == []
    receipts = team.messages(sid).delivery_receipts.list()
    assert sorted((r.status, r.error_code) for r in receipts) == [
        ("delivered", 0),
        ("undelivered", 30003),
    ]


def test_a_sandbox_that_cannot_start_errors_the_test_with_its_own_log(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SANDBOX_WEBHOOK_TIMEOUT_SECONDS", "never")  # the sandbox refuses it
    pytester.makepyfile(
        """
        def test_uses_the_sandbox(twilio_sandbox):
            assert twilio_sandbox.client.conversations.v1.conversations.list() == []
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        [
            "*SandboxDidNotStart: The test session's sandbox stopped (exit 1) before it served.*",
            "*SANDBOX_WEBHOOK_TIMEOUT_SECONDS must be a number above 0, not 'never'.*",
        ]
    )
    assert "did not answer within" not in result.stdout.str()
