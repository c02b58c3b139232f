"""Fixtures every test may take (a sandbox for the session on a free loopback port with a
temporary database, a clean account, the cast's numbers, a phone's text), and how tests are
handed out to the parallel workers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from twilio.rest import Client

from helpers.phones import send_text
from tests.support.group import NUMBER_1, NUMBER_2
from tests.support.sandbox_server import SandboxServer, start_sandbox

# The slowest kinds of test, slowest first. `make test` runs tests in parallel (pytest-xdist),
# handing them out in collection order: the long ones start first, and the many quick ones
# fill the gaps, instead of one long module ending last.
SLOWEST_FIRST = ("rehearsal", "browser", "notebooks", "hub", "fuzz")
# `--dist loadfile` keeps each module on one worker (its module-scoped set-up made once); these
# modules' tests share nothing but the session's sandbox, so each goes to any free worker.
ONE_BY_ONE = (
    "tests/sandbox/test_fuzz.py",
    "tests/sandbox/test_spec_walk.py",  # a world of its own for each operation: 55 s in all
    "tests/helpers/test_sandbox_finder.py",  # each test starts its own sandboxes: 20 s in all
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def weight(item: pytest.Item) -> int:
        marks = [n for n, kind in enumerate(SLOWEST_FIRST) if item.get_closest_marker(kind)]
        return min(marks, default=len(SLOWEST_FIRST))

    items.sort(key=weight)  # stable: a module's tests keep their order


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """`--dist loadfile`, but ONE_BY_ONE's tests one at a time."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class ModulesWhole(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return nodeid if module in ONE_BY_ONE else module

    return ModulesWhole(config, log)


@pytest.fixture(scope="session")
def sandbox_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxServer]:
    """One server for the session; each test that takes `client` starts from an empty account."""
    server = start_sandbox(tmp_path_factory.mktemp("sandbox"))
    yield server
    server.stop()


@pytest.fixture
def client(sandbox_server: SandboxServer) -> Client:
    sandbox_server.reset()
    return sandbox_server.client()


@pytest.fixture
def numbers(client: Client) -> list[str]:
    """Two Twilio numbers bought in the sandbox: number #1 and number #2."""
    bought = [client.incoming_phone_numbers.create(phone_number=n) for n in (NUMBER_1, NUMBER_2)]
    return [n.phone_number for n in bought]


@pytest.fixture
def text(client: Client) -> Callable[[str, str, str], Any]:
    """`text(sender, twilio_number, body)`: a simulated phone sends a text."""
    return lambda sender, twilio_number, body: send_text(client, sender, twilio_number, body)
