"""The live rehearsal: every notebook, top to bottom, in live mode, against an account that
already holds things the kit did not make, with and without the learner's consent to charges.

The SDK's HTTPS traffic to Twilio's hosts goes through an HTTPS proxy outside the kit
(mitmproxy, with its own CA) to a sandbox posing as the account (tests/support/rehearsal.py), so the
live code path runs unchanged. The test plays the learner: when a cell asks them to text, they
do. Afterwards: the account's prior contents (each conversation's fields, participants and
messages) are unchanged field by field, the learner was asked to text only the numbers they gave
the kit, nothing was texted outside the cast, nothing was bought, and the kit never called a
sandbox-only path.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient.exceptions import CellExecutionError

from helpers.cleanup import kit_conversations
from tests.support.kernels import private_kernel
from tests.support.notebooks import ARTIFACTS, NOTEBOOKS, everything_shown, shown, walkthrough
from tests.support.rehearsal import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    CAST,
    NUMBER_1,
    NUMBER_2,
    Learner,
    LearnerAtTheKeyboard,
    https_proxy,
    live_environment,
    seed_account,
)
from tests.support.sandbox_server import SandboxServer, free_port

pytestmark = [pytest.mark.rehearsal, pytest.mark.timeout(900)]

CELL_TIMEOUT = 120


@dataclass
class Rehearsal:
    allow_charges: bool
    books: dict[str, nbformat.NotebookNode]
    failures: dict[str, str]
    before: dict[str, Any]
    after: dict[str, Any]
    numbers_before: list[str]
    numbers_after: list[str]
    texts_out: list[dict[str, str]]  # every SMS the account sent during the run
    requests: list[dict[str, str]]  # every request the proxy carried
    texted: list[tuple[str, str, str]]  # what the learner texted, when asked
    seconds: float
    confirmed_clean_up: nbformat.NotebookNode  # 99 once more, with KIT_CONFIRM_DELETE=yes
    kit_left: list[str]  # the kit's conversations after that
    conversations_before: set[str]
    pair_holder: str  # the learner's conversation holding a pair 06 would want
    conversations_after: set[str]  # every conversation of the account, after that


def rehearse(tmp: Path, allow_charges: bool) -> Rehearsal:
    sandbox = SandboxServer(
        f"http://127.0.0.1:{free_port()}",
        tmp / "sandbox.db",
        account_sid=ACCOUNT_SID,
        auth_token=AUTH_TOKEN,
    )
    sandbox.start()
    try:
        account = sandbox.client()
        seeded = seed_account(account)
        before = seeded.snapshot(account)
        numbers_before = sorted(n.phone_number for n in account.incoming_phone_numbers.list())
        sms_before = {m.sid for m in account.messages.list()}
        conversations_before = {c.sid for c in account.conversations.v1.conversations.list()}
        learner = Learner(sandbox)
        books: dict[str, nbformat.NotebookNode] = {}
        failures: dict[str, str] = {}
        started = time.monotonic()
        with https_proxy(int(sandbox.url.rsplit(":", 1)[1]), tmp) as proxy:
            with pytest.MonkeyPatch.context() as env:
                for name in ("SANDBOX_URL", "SANDBOX_DB", "KIT_PUBLIC_URL", "KIT_CONFIRM_DELETE"):
                    env.delenv(name, raising=False)
                for name, value in live_environment(proxy, allow_charges=allow_charges).items():
                    env.setenv(name, value)
                env.setenv("KIT_STATE_DIR", str(tmp / "kit-state"))
                consent = "charges" if allow_charges else "no-charges"
                for path in walkthrough():
                    books[path.name] = run_live(path, learner, failures, f"live-{consent}")
                env.setenv("KIT_CONFIRM_DELETE", "yes")
                confirmed = run_live(walkthrough()[-1], learner, failures, f"confirmed-{consent}")
            requests_seen = proxy.requests_seen()
        seconds = time.monotonic() - started
        consent = "with" if allow_charges else "without"
        print(f"\nlive rehearsal ({consent} charges): {seconds:.1f}s")
        texts_out = [
            {"to": m.to, "from": m.from_, "body": m.body or ""}
            for m in account.messages.list()
            if m.sid not in sms_before and m.direction != "inbound"
        ]
        return Rehearsal(
            allow_charges=allow_charges,
            books=books,
            failures=failures,
            before=before,
            after=seeded.snapshot(account),
            numbers_before=numbers_before,
            numbers_after=sorted(n.phone_number for n in account.incoming_phone_numbers.list()),
            texts_out=texts_out,
            requests=requests_seen,
            texted=learner.texted,
            seconds=seconds,
            confirmed_clean_up=confirmed,
            kit_left=list(kit_conversations(account)["sid"]),
            conversations_before=conversations_before,
            pair_holder=seeded.pair_holder,
            conversations_after={c.sid for c in account.conversations.v1.conversations.list()},
        )
    finally:
        sandbox.stop()


def run_live(
    path: Path, learner: Learner, failures: dict[str, str], prefix: str
) -> nbformat.NotebookNode:
    """Execute one notebook as the learner would, keeping the executed copy as an artifact."""
    book = nbformat.read(path, as_version=4)
    try:
        with private_kernel() as kernel:
            LearnerAtTheKeyboard(
                book,
                learner,
                km=kernel,
                timeout=CELL_TIMEOUT,
                kernel_name="python3",
                resources={"metadata": {"path": str(NOTEBOOKS)}},
            ).execute()
    except CellExecutionError as error:
        failures[f"{prefix}-{path.name}"] = str(error)[-3000:]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    nbformat.write(book, ARTIFACTS / f"{prefix}-{path.name}")
    return book


# The two rehearsals share nothing (each its sandbox, proxy and artifacts' names): the second on
# a worker of its own, as both take as long as the rest of a worker's share of the suite.
@pytest.fixture(
    scope="module",
    params=[False, pytest.param(True, marks=pytest.mark.xdist_group("rehearsal-with-charges"))],
    ids=["without-charges", "with-charges"],
)
def rehearsal(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Rehearsal]:
    yield rehearse(tmp_path_factory.mktemp("rehearsal"), allow_charges=request.param)


def test_every_notebook_runs_to_the_end_live(rehearsal: Rehearsal) -> None:
    assert rehearsal.failures == {}
    assert list(rehearsal.books) == [p.name for p in walkthrough()]
    for book in rehearsal.books.values():
        assert AUTH_TOKEN not in everything_shown(book)


def test_the_accounts_own_things_are_unchanged_field_by_field(rehearsal: Rehearsal) -> None:
    for url, was in rehearsal.before.items():
        assert rehearsal.after[url] == was, url


def test_nothing_is_bought(rehearsal: Rehearsal) -> None:
    assert rehearsal.numbers_after == rehearsal.numbers_before


def test_no_text_goes_outside_the_cast(rehearsal: Rehearsal) -> None:
    assert {t["to"] for t in rehearsal.texts_out} <= set(CAST)
    if not rehearsal.allow_charges:
        assert rehearsal.texts_out == [] and rehearsal.texted == []


def test_the_learner_is_asked_to_text_only_the_numbers_they_gave_the_kit(
    rehearsal: Rehearsal,
) -> None:
    # Participant #1's phone also texts SUPPORT_LINE, in the learner's own conversation: the
    # kit never offers that number, nor asks for a text to it.
    assert {number for _, _, number in rehearsal.texted} <= {NUMBER_1, NUMBER_2}


def test_the_kit_only_speaks_twilios_api(rehearsal: Rehearsal) -> None:
    paths = [r["path"] for r in rehearsal.requests]
    assert paths, "the proxy carried nothing: the kit did not run live"
    assert not [p for p in paths if p.startswith("/sandbox")]
    assert {r["host"] for r in rehearsal.requests} <= {
        "api.twilio.com",
        "conversations.twilio.com",
    }


def test_live_setup_names_the_configured_numbers_and_says_texts_are_charged(
    rehearsal: Rehearsal,
) -> None:
    book = rehearsal.books["00_setup.ipynb"]
    assert "Mode: live" in shown(book, "load_settings()")
    line = shown(book, "client = connect()")
    assert "Live mode" in line and "charged" in line
    allowed = "charges are allowed" if rehearsal.allow_charges else "charges are not allowed"
    assert allowed in line
    assert f"number #1: {NUMBER_1}\nnumber #2: {NUMBER_2}" in shown(book, "twilio_numbers(")


def test_the_charging_cells_follow_the_learners_consent(rehearsal: Rehearsal) -> None:
    texting = everything_shown(rehearsal.books["01_the_group_text.ipynb"])
    refusals = re.findall(r"Live: .+ would cost \d+ SMS segments? \(about \$[\d.]+\)", texting)
    skipped = texting.count("this cell would send a text, so it is skipped")
    routes = everything_shown(rehearsal.books["05_one_number_many_conversations.ipynb"])
    playground = everything_shown(rehearsal.books["08_playground.ipynb"])
    if not rehearsal.allow_charges:  # each says what it would cost, and how to allow it
        # 01 asks once, then skips its four sending cells (and the exercise's, when tried)
        assert len(refusals) == 1 and "KIT_ALLOW_CHARGES=yes" in texting, texting
        assert skipped == 4, texting
        assert "these four texts would cost 8 SMS segments" in routes
        assert "ok=False" in playground and "would cost" in playground
        return
    assert refusals == [] and skipped == 0 and "would cost" not in routes + playground
    senders = [phone for phone, _, _ in rehearsal.texted]
    assert senders[:2] == [CAST[0], CAST[1]]  # 01: participant #1 is asked, then #2
    assert len(rehearsal.texted) == 7  # 01: two texts, 05: four routes, 08: one
    assert any(t["to"] == CAST[1] and "it's #1" in t["body"] for t in rehearsal.texts_out)
    assert "ok=True" in playground


def test_clean_up_asks_before_deleting_live(rehearsal: Rehearsal) -> None:
    book = rehearsal.books["99_clean_up.ipynb"]
    asked = shown(book, "deletion_confirmed(client)")
    assert "ConfirmDelete(" in asked and "confirmed=False" in asked
    assert "would delete" in shown(book, "dry_run=True")
    assert "Nothing to put back" in shown(book, "restore_webhook_configuration(client)")


def test_confirmed_clean_up_deletes_the_kits_things_and_only_them(rehearsal: Rehearsal) -> None:
    deleted = shown(rehearsal.confirmed_clean_up, "deletion_confirmed(client)")
    assert "deleted" in deleted and "customer-4711" not in deleted
    assert rehearsal.kit_left == []  # and the account's own: unchanged (the test above)
    assert rehearsal.conversations_after == rehearsal.conversations_before  # no stray one


def test_notebook_06_leaves_the_learners_pair_alone(rehearsal: Rehearsal) -> None:
    book = rehearsal.books["06_plan_numbers_and_costs.ipynb"]
    refused = shown(book, "NoFreeNumber")
    assert f"{NUMBER_2} in {rehearsal.pair_holder}" in refused  # named, and left alone
    assert "numbers to buy: 1" in refused
