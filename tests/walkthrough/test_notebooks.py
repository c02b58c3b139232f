"""The walkthrough, executed headless: every notebook in order, twice, on a fresh sandbox.

Each notebook runs in a real kernel (nbclient) against a sandbox on a free port with a
temporary database. The tests read what the notebooks *show* (their outputs), and check
the account they leave behind through the SDK.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from lab_contract.defaults import DEFAULT_SANDBOX_AUTH_TOKEN
from tests.support.group import PHONE_1, PHONE_2, PHONE_3
from tests.support.notebooks import (
    NOTEBOOKS,
    WIDGET,
    displayed,
    everything_shown,
    execute,
    point_kernels_at,
    shown,
    shown_by,
    walkthrough,
)
from tests.support.sandbox_server import start_sandbox
from tests.support.walkthrough_passes import PASSES, SAVED_AFTER, SHARED_BY, Walkthrough

pytestmark = [pytest.mark.notebooks, SHARED_BY]


@pytest.mark.parametrize("run_number", range(PASSES))
@pytest.mark.parametrize("path", walkthrough(), ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom(walked: Walkthrough, path: Path, run_number: int) -> None:
    run = walked.runs[run_number]
    assert path.name not in run.failures, run.failures.get(path.name)
    shown_text = everything_shown(run.executed[path.name])
    assert DEFAULT_SANDBOX_AUTH_TOKEN not in shown_text


def executed(walked: Walkthrough, name: str, run_number: int) -> nbformat.NotebookNode:
    run = walked.runs[run_number]
    if name in run.failures:
        pytest.fail(f"{name} failed on pass {run_number + 1}:\n{run.failures[name]}")
    return run.executed[name]


@pytest.mark.parametrize("run_number", range(PASSES))
def test_setup_shows_sandbox_mode_and_two_numbers(walked: Walkthrough, run_number: int) -> None:
    book = executed(walked, "00_setup.ipynb", run_number)
    assert "Mode: sandbox" in shown(book, "load_settings()")
    assert "Sandbox mode" in shown(book, "client = connect()")
    assert "number #1: +15005550006\nnumber #2: +15005550007" in shown(book, "twilio_numbers(")
    numbers = walked.client().incoming_phone_numbers.list()
    # 07 bought the third: the Group MMS's own number
    assert sorted(n.phone_number for n in numbers) == [
        "+15005550006",
        "+15005550007",
        "+15005550008",
    ]


@pytest.mark.parametrize("run_number", range(PASSES))
def test_conversation_notebook_shows_the_lifecycle(walked: Walkthrough, run_number: int) -> None:
    book = executed(walked, "02_manage_conversations.ipynb", run_number)
    assert shown(book, "by_sid = ").startswith("True")
    assert "inactive → active" in shown(book, 'state="inactive"')
    assert "closed" in shown(book, 'state="closed"')
    assert "404 20404" in shown(book, "client.conversations.v1.conversations(scratch.sid).fetch()")
    assert "Not tried yet: " in shown(book, 'check(client, "02", ')


@pytest.mark.parametrize("run_number", range(PASSES))
def test_participants_notebook_shows_who_joined(walked: Walkthrough, run_number: int) -> None:
    book = executed(walked, "01_the_group_text.ipynb", run_number)
    assert "twilio.rest Client AC" in shown(book, "client = connect()")
    table = shown(book, "participant_3 = ", ("text/plain",))
    assert re.search(r"sms\s+NaN\s+\+16505551111\s+\+15005550006", table), table
    assert re.search(r"sms\s+NaN\s+\+16505552222\s+\+15005550007", table), table
    assert re.search(r"chat\s+participant-3\s+NaN\s+NaN", table), table


@pytest.mark.parametrize("run_number", range(PASSES))
def test_mistakes_notebook_shows_each_refusal(walked: Walkthrough, run_number: int) -> None:
    book = executed(walked, "04_make_the_usual_mistakes.ipynb", run_number)
    for code in (50409, 50407, 50211, 50416):
        assert f"Twilio error {code}" in everything_shown(book)
    # The same pair twice in one conversation: Twilio's pages name 50437 or 50416; either is
    # a refusal, and the notebook does not depend on which.
    again = shown(
        book,
        "(conversation.sid).participants.create(\n"
        + 8 * " "
        + "messaging_binding_address=PARTICIPANT_1",
    )
    assert re.search(r"Twilio error (50437|50416) \(HTTP 409\)", again), again
    group = re.search(r"the group: (CH[0-9a-f]{32})", shown(book, "find_conversation(client)"))
    assert group, shown(book, "find_conversation(client)")
    assert f"already exists in Conversation {group[1]}" in shown(book, '"a second conversation"')
    last = [c for c in book.cells if c.source.startswith("views.participants(client")][-1]
    after = "\n".join(shown_by(last, ("text/plain",)))  # nothing refused was stored
    assert after.count(PHONE_1) == 1 and after.count("participant-3") == 1
    assert "+15005550006" in after and "+15005550007" in after
    assert "Not tried yet: " in shown(book, 'check(client, "04", ')


def shows_a_widget(book: nbformat.NotebookNode, marker: str) -> bool:
    cell = next(c for c in book.cells if c.cell_type == "code" and marker in c.source)
    return any(WIDGET in output.get("data", {}) for output in cell.get("outputs", []))


@pytest.mark.parametrize("run_number", range(PASSES))
def test_participants_notebook_offers_the_form(walked: Walkthrough, run_number: int) -> None:
    book = executed(walked, "03_manage_participants.ipynb", run_number)
    assert shows_a_widget(book, "AddParticipantForm(client, lab.sid)")
    assert "participants left: 0" in shown(book, "lab.participants(joined.sid).delete()")


@pytest.mark.parametrize("run_number", range(PASSES))
def test_playground_carries_texts_between_its_panes(walked: Walkthrough, run_number: int) -> None:
    book = executed(walked, "08_playground.ipynb", run_number)
    assert shows_a_widget(book, "playground = Playground(")
    texted = shown(book, "playground.phone(PARTICIPANT_1).text(", ("text/plain",))
    assert "ok=True" in texted and re.search(r"landed in CH[0-9a-f]{32}", texted), texted
    assert "ok=True" in shown(book, "playground.chat(PARTICIPANT_3).send(", ("text/plain",))
    people = shown(book, "views.participants(client, conversation.sid)", ("text/plain",))
    found = re.search(r"\+16505552222\s+(\+\d+)", people)
    assert found, people
    proxy = found.group(1)
    log = shown(book, "views.sms_log(client, PARTICIPANT_2)", ("text/html",))
    for body in ("Hi from the playground, it's #1", "#3 here, on chat"):
        expected = rf"<td>\{proxy}</td>\s*<td>\+16505552222</td>\s*<td>{re.escape(body)}"
        assert re.search(expected, log), (body, log)


@pytest.mark.parametrize("run_number", range(PASSES))
def test_playground_shows_an_opt_out_and_its_end(walked: Walkthrough, run_number: int) -> None:
    book = executed(walked, "08_playground.ipynb", run_number)
    stop = shown(book, '"STOP")')
    assert "(outbound-reply): You have successfully been unsubscribed" in stop, stop
    receipts = shown(book, "delivery_receipts.list()")
    assert "+16505551111 delivered" in receipts and "+16505552222 failed 21610" in receipts
    assert "re-subscribed" in shown(book, '"START")')
    assert "Not tried yet: " in shown(book, 'check(client, "08", ')


@pytest.mark.parametrize("run_number", range(PASSES))
def test_group_texting_reaches_every_participant(walked: Walkthrough, run_number: int) -> None:
    book = executed(walked, "01_the_group_text.ipynb", run_number)
    steps = [c for c in book.cells if c.cell_type == "code" and "what_happened(client" in c.source]
    history, inboxes, receipts, picture = displayed(steps[0], ("text/plain",))[1::2]
    # Participant #3's view (the history) holds #1's text, authored by the phone number.
    assert PHONE_1 in history and "Hi everyone, it's #1!" in history
    # Participant #2 got it by SMS from their own Twilio number #2, and its receipt says so.
    assert re.search(r"\+16505552222\s+\+15005550007\s+Hi everyone, it's #1!\s+delivered", inboxes)
    assert re.search(r"\+16505552222\s+delivered", receipts)
    assert "<svg" in displayed(steps[0])[-1] and "+15005550007" in displayed(steps[0])[-1]
    assert "recipients=[Hop(who='+16505552222'" in picture
    calls = shown(book, "delivery_receipts.list()")
    assert "participant #2's phone got, from +15005550007: Hi everyone, it's #1!" in calls
    assert "Not tried yet: " in shown(book, 'check(client, "01", ')
    # Each later step: the author and channel in the history; each other phone got an SMS
    # from its own Twilio number (#1's is +15005550006, #2's is +15005550007).
    later = [
        (PHONE_2, "sms", "Hello from #2 👋", [PHONE_1]),
        ("participant-3", "chat", "And #3 on chat!", [PHONE_1, PHONE_2]),
        ("system", "system", "Reminder: picnic at noon.", [PHONE_1, PHONE_2]),
    ]
    proxy = {PHONE_1: "+15005550006", PHONE_2: "+15005550007"}
    for cell, (author, kind, body, phones) in zip(steps[1:], later, strict=True):
        history, inboxes, _, _ = displayed(cell, ("text/plain",))[1::2]
        assert re.search(rf"{re.escape(author)}\s+{kind}\s+{re.escape(body)}", history)
        assert inboxes.count("delivered") == len(phones)
        for phone in phones:
            pattern = rf"{re.escape(phone)}\s+\{proxy[phone]}\s+{re.escape(body)}\s+delivered"
            assert re.search(pattern, inboxes), (phone, inboxes)


@pytest.mark.parametrize("run_number", range(PASSES))
def test_each_route_holds(walked: Walkthrough, run_number: int) -> None:
    book = executed(walked, "05_one_number_many_conversations.ipynb", run_number)
    proofs = [
        line for line in shown(book, "proofs = []", ("text/plain",)).split("\n") if "+1" in line
    ]
    assert len(proofs) == 4
    for row in proofs:
        assert row.count("conversation #1") == 2 or row.count("conversation #2") == 2, row
    routes = shown(book, "pairs = views.pairs(client)", ("text/plain",)).split("\n")[2:]
    assert [r.split()[1:4] for r in routes if r] == [
        [PHONE_1, "+15005550006", "group-texting-lab"],
        [PHONE_1, "+15005550007", "group-texting-lab-2"],
        [PHONE_2, "+15005550007", "group-texting-lab"],
        [PHONE_3, "+15005550006", "group-texting-lab-2"],
    ]
    refused = shown(book, "show_error(error, pair_in_use(")
    assert "Twilio error 50416" in refused
    assert "in the open conversation “" in refused and "Choose +1" in refused  # as a form says
    assert "Not tried yet: " in shown(book, 'check(client, "05", ')


@pytest.mark.parametrize("run_number", range(PASSES))
def test_the_planner_counts_and_prices(walked: Walkthrough, run_number: int) -> None:
    book = executed(walked, "06_plan_numbers_and_costs.ipynb", run_number)
    assert "numbers needed: 2, cost: $2.30/month" in shown(book, "our_plan = plan(")
    assert "(Twilio's US pricing page, read 20" in shown(book, "our_plan = plan(")
    assert "numbers needed: 5, cost: $5.75/month" in shown(book, "tutoring = plan(")
    assert "numbers to buy: 1" in shown(book, "NoFreeNumber")
    assert "Not tried yet: " in shown(book, 'check(client, "06", ')


def test_clean_up_deletes_what_the_kit_made(walked: Walkthrough) -> None:
    book = executed(walked, "99_clean_up.ipynb", PASSES - 1)
    assert "would delete" in shown(book, "dry_run=True")
    assert "deleted" in shown(book, "dry_run=False")
    assert "Nothing to put back" in shown(book, "restore_webhook_configuration(client)")
    assert walked.kit_left == []
    assert len(walked.client().incoming_phone_numbers.list()) == 3  # numbers are kept by default


def test_the_group_text_runs_again_at_once(
    walked: Walkthrough, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert SAVED_AFTER == "01_the_group_text.ipynb"
    executed(walked, SAVED_AFTER, 0)  # saved once it ran; its failure said here if it did not
    # A sandbox of its own, as 00 and 01 left the walkthrough's on its first pass
    server = start_sandbox(tmp_path, saved=walked.saved)
    try:
        point_kernels_at(server, monkeypatch)
        again = execute(NOTEBOOKS / SAVED_AFTER)  # its earlier conversation is there
    finally:
        server.stop()
    assert re.search(r"CH[0-9a-f]{32} group-texting-lab active", shown(again, "unique_name="))


@pytest.mark.parametrize("run_number", range(PASSES))
def test_group_mms_notebook_builds_the_group_and_compares_the_models(
    walked: Walkthrough, run_number: int
) -> None:
    book = executed(walked, "07_group_mms.ipynb", run_number)
    members = shown(book, "conversation_with_participants.create(", ("text/plain",))
    assert PHONE_1 in members and "+15005550008" in members  # a number of its own
    log = shown(book, "messages.create(author=CHAT_USER", ("text/plain",))
    assert re.search(r"outbound-api\s+\+15005550008\s+Dinner on Friday at 8\?[\s\S]+\bMM", log)
    screen = shown(book, "views.phone_screen(", ("text/plain",))
    assert "+16505551111, +15005550008" in screen or "+15005550008, +16505551111" in screen
    history = shown(book, "phone_texts_group(", ("text/plain",))
    assert re.search(r"1\s+\+16505551111\s+sms\s+Yes, count me in", history)
    assert "Twilio error 50434" in shown(book, "someone-without-a-number")
    assert "Group MMS" in shown(book, "journey(client, group.sid)", ("image/svg+xml",))
    numbers = shown(book, "numbers_needed(range(1, 6))", ("text/plain",)).split("\n")
    assert numbers[-1].split() == ["5", "5", "1"]
    assert "2026-11-26" in shown(book, "price_note()")
    assert "Not tried yet: " in shown(book, 'check(client, "07", ')
