"""The exercises: every solution in solutions/ passes its check, and each check refuses wrong
answers (and an untried one) with a sentence saying why. All through the SDK, on a sandbox set
up as the walkthrough leaves it by then (numbers #1 and #2, the group, a second conversation).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import nbformat
import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.jwt.access_token import AccessToken
from twilio.jwt.access_token.grants import ChatGrant
from twilio.rest import Client

from helpers.exercises import EXERCISES, LAB_PARTICIPANTS, Verdict, check
from helpers.kit_marks import KIT_FRIENDLY_NAME, kit_attributes
from helpers.phones import send_text
from helpers.tokens import api_key, chat_token
from helpers.walkthrough import (
    CONVERSATION,
    GROUP_MMS,
    SANDBOX_GROUP_MMS_NUMBER,
    SANDBOX_NUMBERS,
    SECOND_CONVERSATION,
)
from solutions import exercises, solution
from solutions.__main__ import main
from tests.support.group import PHONE_1, PHONE_2, PHONE_3, WALKTHROUGH_CHAT_IDENTITY
from tests.support.paths import ROOT

N1, N2 = SANDBOX_NUMBERS
N3 = SANDBOX_GROUP_MMS_NUMBER
NOTEBOOKS = ROOT / "notebooks"
SOLUTIONS = ROOT / "solutions"


def walkthrough_state(client: Client) -> None:
    """What the notebooks leave: numbers #1 and #2 (and 07's), 01's group as it built it, 05's
    conversation #2, 03's lab-participants, 07's Group MMS, 09's conversation, and one
    conversation of the learner's own."""
    for number in (*SANDBOX_NUMBERS, N3):
        client.incoming_phone_numbers.create(phone_number=number, friendly_name=KIT_FRIENDLY_NAME)
    v1 = client.conversations.v1
    group = v1.conversations.create(unique_name=CONVERSATION, attributes=kit_attributes())
    people = v1.conversations(group.sid).participants
    people.create(messaging_binding_address=PHONE_1, messaging_binding_proxy_address=N1)
    people.create(messaging_binding_address=PHONE_2, messaging_binding_proxy_address=N2)
    people.create(identity=WALKTHROUGH_CHAT_IDENTITY)
    second = v1.conversations.create(unique_name=SECOND_CONVERSATION, attributes=kit_attributes())
    v1.conversations(second.sid).participants.create(
        messaging_binding_address=PHONE_1, messaging_binding_proxy_address=N2
    )
    v1.conversations(second.sid).participants.create(
        messaging_binding_address=PHONE_3, messaging_binding_proxy_address=N1
    )
    v1.conversations(group.sid).messages.create(
        author=WALKTHROUGH_CHAT_IDENTITY, body="hello"
    )  # P1 gets it from N1
    v1.conversations.create(unique_name=LAB_PARTICIPANTS, attributes=kit_attributes())
    v1.conversation_with_participants.create(
        unique_name=GROUP_MMS,
        attributes=kit_attributes(),
        participant=[
            json.dumps({"messaging_binding": {"address": PHONE_1}}),
            json.dumps({"messaging_binding": {"address": PHONE_2}}),
            json.dumps(
                {
                    "identity": WALKTHROUGH_CHAT_IDENTITY,
                    "messaging_binding": {"projected_address": N3},
                }
            ),
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
    people = client.conversations.v1.conversations(LAB_PARTICIPANTS).participants
    return str(
        people.create(
            messaging_binding_address="+16505554444",
            messaging_binding_proxy_address=N2,
            attributes=kit_attributes(),
        ).sid
    )


def _chat_participant(
    identity: str, attributes: str | None, where: str = LAB_PARTICIPANTS
) -> Callable[[Client], str]:
    def add(client: Client) -> str:
        people = client.conversations.v1.conversations(where).participants
        return str(people.create(identity=identity, attributes=attributes or "{}").sid)

    return add


def _held_elsewhere(client: Client) -> TwilioRestException:
    """Participant #2's refusal for a pair held by a conversation other than the group."""
    holder = _open_conversation(client)
    client.conversations.v1.conversations(holder).participants.create(
        messaging_binding_address=PHONE_2, messaging_binding_proxy_address=N1
    )
    return _refusal(_open_conversation, PHONE_2, N1)(client)


def _with_participant_2(marked: bool = True, text: bool = False) -> Callable[[Client], str]:
    """A conversation with participant #2 on number #1, their text in it if `text`."""

    def create(client: Client) -> str:
        attributes = kit_attributes() if marked else "{}"
        sid = str(client.conversations.v1.conversations.create(attributes=attributes).sid)
        client.conversations.v1.conversations(sid).participants.create(
            messaging_binding_address=PHONE_2, messaging_binding_proxy_address=N1
        )
        if text:
            send_text(client, PHONE_2, N1, "Am I in the new group?")
        return sid

    return create


def _group_mms(phones: tuple[str, ...], marked: bool = True) -> Callable[[Client], str]:
    def create(client: Client) -> str:
        people = [json.dumps({"messaging_binding": {"address": phone}}) for phone in phones]
        people.append(
            json.dumps(
                {
                    "identity": WALKTHROUGH_CHAT_IDENTITY,
                    "messaging_binding": {"projected_address": N3},
                }
            )
        )
        group = client.conversations.v1.conversation_with_participants.create(
            attributes=kit_attributes() if marked else "{}", participant=people
        )
        return str(group.sid)

    return create


def _token(
    identity: str = "participant-3", ttl: int = 300, grant: bool = True, secret: str | None = None
) -> Callable[[Client], str]:
    def issue(client: Client) -> str:
        key_sid, key_secret = api_key(client)
        token = AccessToken(
            client.account_sid, key_sid, secret or key_secret, identity=identity, ttl=ttl
        )
        if grant:
            service = client.conversations.v1.configuration().fetch().default_chat_service_sid
            token.add_grant(ChatGrant(service_sid=service))
        return str(token.to_jwt())

    return issue


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
    (
        "01",
        _message(WALKTHROUGH_CHAT_IDENTITY, "See you at noon"),
        "does not start with [participant-3]",
    ),
    ("01", _message(None, "[system] hi"), "Its author is 'system'"),
    ("02", _named_active, "It is active: update it with state='closed'"),
    ("02", _unnamed_closed, "Its unique name is None, not 'my-first-conversation'"),
    ("02", _named_unmarked_closed, "It has no kit mark"),
    ("02", lambda c: "CH" + "0" * 32, "There is no conversation CH000"),
    ("03", _sms_participant, "it is an SMS participant"),
    ("03", _chat_participant("participant-5", kit_attributes()), "not participant #3's"),
    ("03", _chat_participant(WALKTHROUGH_CHAT_IDENTITY, None), "They have no kit mark"),
    ("03", _chat_participant("someone", None, CONVERSATION), "not a participant of 'lab-"),
    ("04", _refusal(_open_conversation, PHONE_1, N1), "That refusal is about participant #1"),
    ("04", _refusal(lambda c: CONVERSATION, "650-555-4444", N1), "Its code is 50407, not the"),
    ("04", _held_elsewhere, "held by a conversation other than 'group-texting-lab'"),
    ("04", lambda c: 50416, "50416 is not a TwilioRestException"),
    ("05", lambda c: CONVERSATION, "That is 'group-texting-lab', the walkthrough's"),
    ("05", lambda c: _open_conversation(c), f"Participant #2 ({PHONE_2}) is not in it"),
    ("05", _with_participant_2(), "No text from participant #2 has landed in it yet"),
    ("05", _with_participant_2(marked=False, text=True), "It has no kit mark"),
    ("06", lambda c: 4, "4 is one number per group"),
    ("06", lambda c: 5, "5 is one number per member"),
    ("06", lambda c: 2, "Not 2: the club needs as many numbers as the most groups"),
    ("06", lambda c: "3", "Not '3'"),  # a count is a number
    ("07", lambda c: GROUP_MMS, "That is the notebook's group"),
    ("07", _group_mms((PHONE_2, PHONE_3)), f"Its phones are ['{PHONE_2}', '{PHONE_3}']"),
    ("07", _group_mms((PHONE_1, PHONE_3), marked=False), "It has no kit mark"),
    ("07", lambda c: _open_conversation(c), "A Group MMS needs at least three participants"),
    ("08", lambda c: N2, f"came from {N1}, not {N2}"),
    ("09", _webhook(["onMessageAdded"]), "Its filters are ['onMessageAdded']"),
    ("10", _token(ttl=3600), "It lasts 3600 s, not 300"),
    ("10", _token(identity="participant-1"), "It is for 'participant-1'"),
    (
        "10",
        _token(secret="not-the-api-key-secret-but-as-long-as-one"),
        "Its signature does not verify",
    ),
    ("10", _token(grant=False), "It has no ChatGrant"),
    ("10", lambda c: chat_token(c, "participant-1", ttl=300), "It is for 'participant-1'"),
    ("10", lambda c: "eyJ.not.a-token", "It is not a token Twilio would accept"),
    ("10", lambda c: 42, "Pass the signed JWT"),
    ("11", _timed(None), "It has no inactivity timer"),
    ("11", _timed(45), "not after 0:30:00"),
    ("11", _timed(30, mark=False), "It has no kit mark"),
    ("99", lambda c: 9, "hold 8 participants, not 9"),
    ("99", lambda c: "8", "not 8"),  # a count is a number
]


def test_a_chat_token_from_the_kit_passes_too(kit: Client) -> None:
    verdict = check(kit, "10", chat_token(kit, "participant-3", ttl=300))
    assert verdict.ok, verdict


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
    (placeholder,) = [line for line in asks[0].split("\n") if "= ...  # your answer" in line]
    # no example that could be the answer: no number, no SID
    words = placeholder.split("#", 1)[1]
    assert not re.search(r"\+\d{6}|\b[A-Z]{2}[0-9a-f]{32}\b|\b\d+\b", words), placeholder


@pytest.mark.parametrize("exercise", sorted(EXERCISES))
def test_each_notebook_names_its_solution_file(exercise: str) -> None:
    book = nbformat.read(NOTEBOOKS / f"{EXERCISES[exercise].notebook}.ipynb", as_version=4)
    prose = "\n".join(c.source for c in book.cells if c.cell_type == "markdown")
    named = re.findall(r"solutions/(ex\d\d_\w+)\.py", prose)
    assert named, f"{EXERCISES[exercise].notebook} names no solution"
    for stem in named:
        assert (SOLUTIONS / f"{stem}.py").exists(), stem
        assert stem.startswith(f"ex{exercise}_"), stem


def test_the_solutions_runner_names_the_exercises_when_asked_wrong(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["nope"]) == 2
    assert "one of 01, 02, 03, 04, 05, 06, 07, 08, 09, 10, 11, 99" in capsys.readouterr().out
