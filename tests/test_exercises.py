"""The exercises: every solution in solutions/ passes its check, and each check refuses wrong
answers (and an untried one) with a sentence saying why. All through the SDK, on a sandbox set
up as the walkthrough leaves it by then (numbers #1 and #2, the group, a second conversation).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from helpers.cleanup import KIT_FRIENDLY_NAME, kit_attributes
from helpers.exercises import EXERCISES, Verdict, check
from helpers.tokens import chat_token
from helpers.walkthrough import CONVERSATION, SANDBOX_NUMBERS
from solutions import exercises, solution
from solutions.__main__ import main

P1, P2, P3, THIRD = "+16505551111", "+16505552222", "participant-3", "+16505553333"
N1, N2 = SANDBOX_NUMBERS
NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def walkthrough_state(client: Client) -> None:
    """What notebooks 00–07 leave: two numbers, the group, conversation #2, the Group MMS, and
    09's conversation."""
    for number in SANDBOX_NUMBERS:
        client.incoming_phone_numbers.create(phone_number=number, friendly_name=KIT_FRIENDLY_NAME)
    v1 = client.conversations.v1
    group = v1.conversations.create(unique_name=CONVERSATION, attributes=kit_attributes())
    people = v1.conversations(group.sid).participants
    people.create(messaging_binding_address=P1, messaging_binding_proxy_address=N1)
    people.create(messaging_binding_address=P2, messaging_binding_proxy_address=N1)
    people.create(identity=P3)
    second = v1.conversations.create(attributes=kit_attributes())
    v1.conversations(second.sid).participants.create(
        messaging_binding_address=THIRD, messaging_binding_proxy_address=N1
    )
    v1.conversations(group.sid).messages.create(author=P3, body="hello")  # P1 gets it from N1
    v1.conversation_with_participants.create(
        unique_name="group-texting-lab-mms",
        attributes=kit_attributes(),
        participant=[
            json.dumps({"messaging_binding": {"address": P1}}),
            json.dumps({"messaging_binding": {"address": P2}}),
            json.dumps({"identity": P3, "messaging_binding": {"projected_address": N1}}),
        ],
    )
    v1.conversations.create(unique_name="lab-webhooks", attributes=kit_attributes())
    v1.conversations.create(attributes='{"app": "the learner\'s own"}')  # not the kit's


@pytest.fixture
def kit(client: Client) -> Client:
    """A fresh sandbox account (conftest's `client`), as the walkthrough leaves it."""
    walkthrough_state(client)
    return client


def test_every_exercise_has_a_solution() -> None:
    assert exercises() == sorted(EXERCISES)


@pytest.mark.parametrize("exercise", sorted(EXERCISES))
def test_the_solution_passes_its_check(kit: Client, exercise: str) -> None:
    verdict = check(kit, exercise, solution(exercise)(kit))
    assert verdict.ok, verdict
    assert verdict.sentence.startswith(("It worked", "Right")) and not verdict.sentence.endswith(
        "."
    )


@pytest.mark.parametrize("exercise", sorted(EXERCISES))
def test_an_untried_exercise_says_so_and_does_not_raise(kit: Client, exercise: str) -> None:
    verdict = check(kit, exercise, ...)
    assert not verdict.ok and verdict.sentence.startswith("Not tried yet: ")


def _group(client: Client) -> object:
    return client.conversations.v1.conversations(CONVERSATION)


def _open_conversation(client: Client) -> str:
    return str(client.conversations.v1.conversations.create(attributes=kit_attributes()).sid)


def _unnamed_closed(client: Client) -> str:
    sid = _open_conversation(client)
    client.conversations.v1.conversations(sid).update(state="closed")
    return sid


def _named_active(client: Client) -> str:
    return str(
        client.conversations.v1.conversations.create(
            unique_name="my-first-conversation", attributes=kit_attributes()
        ).sid
    )


def _named_unmarked_closed(client: Client) -> str:
    created = client.conversations.v1.conversations.create(unique_name="my-first-conversation")
    client.conversations.v1.conversations(created.sid).update(state="closed")
    return str(created.sid)


def _sms_participant(client: Client) -> str:
    people = client.conversations.v1.conversations(CONVERSATION).participants
    return str(
        people.create(
            messaging_binding_address="+16505554444",
            messaging_binding_proxy_address=N2,
            attributes=kit_attributes(),
        ).sid
    )


def _chat_participant(identity: str, attributes: str | None) -> Callable[[Client], str]:
    def add(client: Client) -> str:
        people = client.conversations.v1.conversations(CONVERSATION).participants
        return str(people.create(identity=identity, attributes=attributes or "{}").sid)

    return add


def _refusal(
    conversation: Callable[[Client], str], address: str, proxy: str
) -> Callable[[Client], TwilioRestException]:
    """The error Twilio answers to adding (address, proxy) to `conversation`."""

    def add(client: Client) -> TwilioRestException:
        people = client.conversations.v1.conversations(conversation(client)).participants
        with pytest.raises(TwilioRestException) as refused:
            people.create(messaging_binding_address=address, messaging_binding_proxy_address=proxy)
        return refused.value

    return add


def _message(author: str | None, body: str) -> Callable[[Client], str]:
    def post(client: Client) -> str:
        messages = client.conversations.v1.conversations(CONVERSATION).messages
        return str(messages.create(body=body, **({"author": author} if author else {})).sid)

    return post


def _without_the_group_mms(client: Client) -> str:
    client.conversations.v1.conversations("group-texting-lab-mms").delete()
    return N1


def _webhook(filters: list[str]) -> Callable[[Client], str]:
    def add(client: Client) -> str:
        hooks = client.conversations.v1.conversations("lab-webhooks").webhooks
        return str(
            hooks.create(
                target="webhook",
                configuration_url="https://example.com/hooks",
                configuration_filters=filters,
            ).sid
        )

    return add


def _timed(minutes: int | None, mark: bool = True) -> Callable[[Client], str]:
    def create(client: Client) -> str:
        timer = {"state": "active", "timers_inactive": f"PT{minutes}M"} if minutes else {}
        attributes = kit_attributes() if mark else "{}"
        return str(client.conversations.v1.conversations.create(attributes=attributes, **timer).sid)

    return create


WRONG: list[tuple[str, Callable[[Client], object], str]] = [
    ("01", _named_active, "It is active: update it with state='closed'"),
    ("01", _unnamed_closed, "Its unique name is None, not 'my-first-conversation'"),
    ("01", _named_unmarked_closed, "It has no kit mark"),
    ("01", lambda c: "CH" + "0" * 32, "There is no conversation CH000"),
    ("02", _sms_participant, "it is an SMS participant"),
    ("02", _chat_participant("participant-5", kit_attributes()), "not 'participant-4'"),
    ("02", _chat_participant("participant-4", None), "They have no kit mark"),
    ("03", _refusal(_open_conversation, P2, N1), "Its code is 50416: you added the pair"),
    ("03", _refusal(lambda c: CONVERSATION, "650-555-4444", N1), "Its code is 50407, not 50437"),
    ("03", lambda c: 50437, "50437 is not a TwilioRestException"),
    ("04", _message(P3, "See you at noon"), "does not start with [participant-3]"),
    ("04", _message(None, "[system] hi"), "Its author is 'system'"),
    ("05", lambda c: N1, f"{THIRD} already texts {N1} in the open conversation CH"),
    ("05", lambda c: "+15005550009", "+15005550009 is not a Twilio number of this account"),
    ("06", lambda c: 2, "need 1 number, not 2: +1650555"),
    ("06", lambda c: "1", "not '1'"),  # a count is a number
    ("07", lambda c: N2, f"The phones see 'participant-3' as {N1}, not {N2}"),
    ("07", _without_the_group_mms, "There is no conversation 'group-texting-lab-mms'"),
    ("08", lambda c: N2, f"came from {N1}, not {N2}"),
    ("09", _webhook(["onMessageAdded"]), "Its filters are ['onMessageAdded']"),
    ("10", lambda c: chat_token(c, "participant-3", ttl=3600), "It lasts 3600 s, not 300"),
    ("10", lambda c: chat_token(c, "participant-1", ttl=300), "It is for 'participant-1'"),
    ("10", lambda c: "eyJ.not.a-token", "Pass what chat_token(...) returned"),
    ("11", _timed(None), "It has no inactivity timer"),
    ("11", _timed(45), "not after 0:30:00"),
    ("11", _timed(30, mark=False), "It has no kit mark"),
    ("99", lambda c: 5, "The account has 4 conversations with the kit's mark, not 5"),  # all
    ("99", lambda c: "4", "not 4"),  # a count is a number
]


@pytest.mark.parametrize(
    ("exercise", "wrong", "why"), WRONG, ids=[f"{e}-{i}" for i, (e, _, _) in enumerate(WRONG)]
)
def test_a_wrong_answer_is_refused_with_the_reason(
    kit: Client, exercise: str, wrong: Callable[[Client], object], why: str
) -> None:
    verdict: Verdict = check(kit, exercise, wrong(kit))
    assert not verdict.ok
    assert why in verdict.sentence, verdict.sentence
    assert not verdict.sentence.endswith(".")


@pytest.mark.parametrize("exercise", sorted(EXERCISES))
def test_each_notebook_offers_its_exercise_with_a_placeholder(exercise: str) -> None:
    book = nbformat.read(NOTEBOOKS / f"{EXERCISES[exercise].notebook}.ipynb", as_version=4)
    code = [cell.source for cell in book.cells if cell.cell_type == "code"]
    asks = [source for source in code if re.search(rf'check\(client, "{exercise}", ', source)]
    assert asks and "= ...  # your answer" in asks[0]


def test_the_solutions_runner_names_the_exercises_when_asked_wrong(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["nope"]) == 2
    assert "one of 01, 02, 03, 04, 05, 06, 07, 08, 09, 10, 11, 99" in capsys.readouterr().out
