"""The whole walkthrough, headless, twice in a row on a fresh sandbox: each notebook's executed
copy or its failure, and the walkthrough's conversation after each notebook. One execution read
by the tests of the notebooks' outputs and by those of the state each notebook leaves."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest
from nbclient.exceptions import CellExecutionError
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from helpers.cleanup import kit_conversations
from tests.support.notebooks import ARTIFACTS, execute, point_kernels_at, walkthrough
from tests.support.sandbox_server import SandboxServer

PASSES = 2
# The modules that read the walkthrough's passes (the `walked` fixture, one for the session) go
# together to one worker (`--dist loadgroup`): on two workers the walkthrough would run twice.
SHARED_BY = pytest.mark.xdist_group("walked")

# The walkthrough's conversation as (kind, who, Twilio number), or None when there is none.
Members = list[tuple[str, str, str | None]] | None


def members(client: Client) -> Members:
    """The walkthrough's conversation as (kind, who, Twilio number), or None if there is none."""
    conversation = client.conversations.v1.conversations("group-texting-lab")
    try:
        conversation.fetch()
    except TwilioRestException as error:
        if error.status == 404:
            return None
        raise
    people = conversation.participants.list()
    found: list[tuple[str, str, str | None]] = []
    for person in people:
        binding = person.messaging_binding or {}
        if binding.get("address"):
            found.append(("sms", str(binding["address"]), binding.get("proxy_address")))
        else:
            found.append(("chat", str(person.identity), None))
    return sorted(found)


@dataclass
class Run:
    """One pass over the walkthrough: each notebook's executed copy, or its failure, and the
    walkthrough's conversation after each notebook that ran."""

    executed: dict[str, nbformat.NotebookNode] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    after_each: dict[str, Members] = field(default_factory=dict)


# The notebook after which the first pass saves the sandbox's state (`Walkthrough.saved`)
SAVED_AFTER = "01_the_group_text.ipynb"


@dataclass
class Walkthrough:
    server: SandboxServer
    runs: list[Run]
    kit_left: list[str]  # SIDs of the kit's conversations once the last pass ended
    saved: Path  # the state as the first pass left it after SAVED_AFTER (`start_sandbox(saved=)`)

    def client(self) -> Client:
        return self.server.client()


def walk(server: SandboxServer, saved: Path) -> Walkthrough:
    """Run the whole walkthrough PASSES times in a row, with no edits, on `server` (fresh); the
    state after the first pass's SAVED_AFTER saved into `saved` (the sandbox restarted for it)."""
    runs: list[Run] = []
    with pytest.MonkeyPatch.context() as env:
        point_kernels_at(server, env)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for number in range(1, PASSES + 1):
            run = Run()
            for path in walkthrough():
                started = time.monotonic()
                try:
                    book = execute(path)
                except CellExecutionError as error:
                    run.failures[path.name] = str(error)[-3000:]
                    continue
                finally:
                    run.seconds[path.name] = time.monotonic() - started
                run.executed[path.name] = book
                run.after_each[path.name] = members(server.client())
                if number == 1 and path.name == SAVED_AFTER:
                    server.save(saved)
                nbformat.write(book, ARTIFACTS / f"pass{number}-{path.name}")
            runs.append(run)
    for number, run in enumerate(runs, start=1):
        timing = ", ".join(f"{name} {s:.1f}s" for name, s in run.seconds.items())
        print(f"\npass {number}: {sum(run.seconds.values()):.1f}s in all ({timing})")
    return Walkthrough(server, runs, list(kit_conversations(server.client())["sid"]), saved)
