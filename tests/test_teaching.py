"""The walkthrough teaches in the same shape everywhere: each notebook says what you will learn
and ends with what you learned, and is short enough to read in one sitting; 00's table lists
every notebook; the first notebook that makes an SDK call links that call's page in Twilio's
API reference."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
NOT_OURS: set[str] = set()  # every notebook of the walkthrough has the shape
REF = "https://www.twilio.com/docs/"
MOST_CELLS = 25  # a notebook read in one sitting, on one topic

# The first notebook whose code makes a call links its reference page, in its markdown.
REFERENCE = {
    "incoming_phone_numbers.create(": "phone-numbers/api/incomingphonenumber-resource",
    "conversations.v1.conversations.create(": "conversations/api/conversation-resource",
    "participants.create(": "conversations/api/conversation-participant-resource",
    ".messages.create(": "conversations/api/conversation-message-resource",
    "delivery_receipts.list(": "conversations/api/receipt-resource",
    "client.messages.list(": "messaging/api/message-resource",
    "participant_conversations": "conversations/api/participant-conversation-resource",
    "webhooks.create(": "conversations/api/conversation-scoped-webhook-resource",
    "configuration.webhooks()": "conversations/api/webhook-configuration-resource",
    "AccessToken(": "conversations/create-tokens",
    "RequestValidator(": "usage/webhooks/webhooks-security",
    "address_configurations.create(": "conversations/api/address-configuration-resource",
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
    assert set(on_disk) == set(listed)
    assert listed == sorted(listed)


def test_every_next_link_names_a_notebook_of_the_walkthrough() -> None:
    names = {p.name for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")} | NOT_OURS
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
