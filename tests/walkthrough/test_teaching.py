"""The walkthrough teaches in the same shape everywhere: each notebook says what you will learn
and ends with what you learned, and is short enough to read in one sitting; 00's table lists
every notebook; the first notebook that makes an SDK call links that call's page in Twilio's
API reference."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

from tests.support.paths import ROOT

NOTEBOOKS = ROOT / "notebooks"
NOT_OURS: set[str] = set()  # every notebook of the walkthrough has the shape
# Notebooks another branch is writing: linked already, accepted until they land.
PENDING = {"12_in_your_own_app"}
REF = "https://www.twilio.com/docs/"
MOST_CELLS = 25  # a notebook read in one sitting, on one topic

# The first notebook whose code makes a call links its reference page, in its markdown.
REFERENCE = {
    "incoming_phone_numbers.create(": "phone-numbers/api/incomingphonenumber-resource",
    "conversations.v1.conversations.create(": "conversations-classic/api/conversation-resource",
    "participants.create(": "conversations-classic/api/conversation-participant-resource",
    ".messages.create(": "conversations-classic/api/conversation-message-resource",
    "delivery_receipts.list(": "conversations-classic/api/receipt-resource",
    "client.messages.list(": "messaging/api/message-resource",
    "participant_conversations": "conversations-classic/api/participant-conversation-resource",
    "webhooks.create(": "conversations-classic/api/conversation-scoped-webhook-resource",
    "configuration.webhooks()": "conversations-classic/api/webhook-configuration-resource",
    "AccessToken(": "conversations-classic/create-tokens",
    "RequestValidator(": "usage/webhooks/webhooks-security",
    "address_configurations.create(": "conversations-classic/api/address-configuration-resource",
}


def walkthrough() -> list[Path]:
    return [p for p in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")) if p.name not in NOT_OURS]


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


@pytest.mark.parametrize("path", walkthrough(), ids=lambda p: p.stem)
def test_each_notebook_opens_with_goals_and_ends_with_a_recap(path: Path) -> None:
    cells = read(path).cells
    assert cells[0].cell_type == "markdown" and "**What you will learn**" in cells[0].source
    assert cells[-1].cell_type == "markdown" and "## What you learned" in cells[-1].source
    assert re.search(r"Next: \*\*\d\d_\w+\.ipynb\*\*|run \*\*00_setup", cells[-1].source)


@pytest.mark.parametrize("path", walkthrough(), ids=lambda p: p.stem)
def test_each_notebook_reads_in_one_sitting(path: Path) -> None:
    cells = len(read(path).cells)
    assert cells <= MOST_CELLS, f"{path.name} has {cells} cells: split it by topic"


def test_the_setup_table_lists_every_notebook() -> None:
    table = read(NOTEBOOKS / "00_setup.ipynb").cells[0].source
    listed = re.findall(r"^\| (?:\*\*)?(\d\d_\w+)", table, flags=re.M)
    on_disk = [p.stem for p in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))]
    assert set(on_disk) <= set(listed), "00's table misses a notebook"
    assert set(listed) - set(on_disk) <= PENDING, "00's table lists a notebook that is not there"
    assert listed == sorted(listed)


def test_every_next_link_names_a_notebook_of_the_walkthrough() -> None:
    names = {p.name for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")} | NOT_OURS
    names |= {f"{stem}.ipynb" for stem in PENDING}
    for path in walkthrough():
        for cell in read(path).cells:
            for name in re.findall(r"\*\*(\d\d_\w+\.ipynb)\*\*", cell.source):
                assert name in names, f"{path.name} names {name}"


@pytest.mark.parametrize("call", sorted(REFERENCE))
def test_the_first_use_of_a_call_links_its_reference(call: str) -> None:
    for path in walkthrough():
        cells = read(path).cells
        if any(c.cell_type == "code" and call in c.source for c in cells):
            prose = "\n".join(c.source for c in cells if c.cell_type == "markdown")
            assert REF + REFERENCE[call] in prose, f"{path.name} uses {call} first, unlinked"
            return
    pytest.fail(f"no notebook uses {call}")


def test_the_quickstart_is_not_said_to_have_three_participants() -> None:
    for path in walkthrough():
        for cell in read(path).cells:
            assert "quickstart has three" not in cell.source.lower(), path.name


def numbers_on_disk() -> set[str]:
    return {p.name[:2] for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")} | {n[:2] for n in PENDING}


def prose(path: Path) -> str:
    return "\n".join(c.source for c in read(path).cells if c.cell_type == "markdown")


MENTION = re.compile(r"\bnotebooks? (\d\d(?:(?:, | and | or |–)\d\d)*)")
FILE = re.compile(r"\b(\d\d_\w+)\.ipynb")


@pytest.mark.parametrize("path", walkthrough(), ids=lambda p: p.stem)
def test_every_cross_reference_names_a_notebook_that_is_there(path: Path) -> None:
    stems = {p.stem for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")} | PENDING
    text = prose(path) + "\n".join(c.source for c in read(path).cells if c.cell_type == "code")
    for stem in FILE.findall(text):
        assert stem in stems, f"{path.name} names {stem}.ipynb, which is not a notebook"
    for mention in MENTION.findall(text):
        for number in re.findall(r"\d\d", mention):
            assert number in numbers_on_disk(), f"{path.name} names notebook {number}"


def prerequisites(path: Path) -> set[str]:
    """The notebooks the opening cell says to run first (by number)."""
    opening = read(path).cells[0].source
    said = re.search(r"Run ((?:(?!\n\n).)*?)\s+first", opening, flags=re.S)
    if said is None:
        return set()
    return set(re.findall(r"\b(\d\d)(?:_\w+\.ipynb)?\b", said[1]))


# What a notebook's code needs, and the notebook that makes it.
NEEDS = {
    "find_conversation(": "01",
    "twilio_numbers(": "00",
    "group_mms_number(": "00",
    "cast(client)": "00",
}


@pytest.mark.parametrize("path", walkthrough(), ids=lambda p: p.stem)
def test_each_prerequisite_is_true(path: Path) -> None:
    """Each notebook named in "Run … first" comes earlier, and each notebook whose state the
    code uses is named (99 and 00 excepted: they need nothing)."""
    if path.name.startswith(("00_", "99_")):
        return
    named = prerequisites(path)
    assert named, f"{path.name} does not say which notebooks to run first"
    assert all(n < path.name[:2] for n in named), f"{path.name}: {named} do not come first"
    code = "\n".join(c.source for c in read(path).cells if c.cell_type == "code")
    for call, maker in NEEDS.items():
        if call in code:
            assert maker in named, f"{path.name} uses {call} but does not say to run {maker}"


WORDS_THE_LEARNER_NEVER_MET = re.compile(r"\bseed\b|FIDELITY\.md|GROUP_MMS\.md", re.I)


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.rglob("*.ipynb")), ids=lambda p: p.stem)
def test_no_project_internal_words_in_a_notebook(path: Path) -> None:
    for cell in read(path).cells:
        assert not WORDS_THE_LEARNER_NEVER_MET.search(cell.source), (path.name, cell.source)


def test_no_project_internal_words_in_what_the_kit_prints() -> None:
    helpers = ROOT / "helpers"
    for module in sorted(helpers.rglob("*.py")):
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert not WORDS_THE_LEARNER_NEVER_MET.search(node.value), (module, node.value)


def test_the_first_group_text_comes_within_25_code_cells_of_opening_00() -> None:
    """The scenario first: 00, then 01's plain SDK calls, and the first text soon after."""
    cells = [
        cell
        for name in ("00_setup.ipynb", "01_the_group_text.ipynb")
        for cell in read(NOTEBOOKS / name).cells
        if cell.cell_type == "code"
    ]
    first_text = next(i for i, cell in enumerate(cells, start=1) if "send_text(" in cell.source)
    assert first_text <= 25, f"the first group text is code cell {first_text} from 00"


SCENARIO_CALLS = (
    "conversations.v1.conversations.create(",
    "messaging_binding_proxy_address=NUMBER_1",
    "messaging_binding_proxy_address=NUMBER_2",
    "identity=PARTICIPANT_3",
    "send_text(client, PARTICIPANT_1",
    "send_text(client, PARTICIPANT_2",
    "author=PARTICIPANT_3",
    'body="Reminder: picnic at noon."',
)
KIT_MACHINERY = ("try:", "except", "may_send", "may_charge", "is_sandbox", "if ")


@pytest.mark.parametrize("call", SCENARIO_CALLS)
def test_each_call_of_the_scenario_stands_plainly_in_a_cell_of_its_own(call: str) -> None:
    cells = [c.source for c in read(NOTEBOOKS / "01_the_group_text.ipynb").cells]
    (cell,) = [source for source in cells if call in source]
    assert not [word for word in KIT_MACHINERY if word in cell], cell
    assert sum(other in cell for other in SCENARIO_CALLS) == 1, cell  # one call a cell
