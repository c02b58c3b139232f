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

# `make test` runs tests in parallel (pytest-xdist, `--dist loadgroup`): each module on one
# worker, so its module-scoped set-up is made once, except a long module's tests marked
# `xdist_group`, which go together to a worker of their own (each share makes the set-up once).
# Modules are handed out in collection order, sorted here: the slowest kinds first, the longest
# single module (the walkthrough, twice) at the head; then the fuzz tests, one by one to whichever
# worker is free (they share nothing but the session's sandbox): they keep both cores busy
# (schemathesis computes) while the slow modules mostly wait for kernels, JupyterLab and
# Chromium; last the quick modules, so that the workers end together instead of one long
# module ending last.
SLOWEST_FIRST = ("notebooks", "rehearsal", "browser", "hub")
WHILE_THEY_WAIT = "fuzz"
# These modules' tests share nothing but the session's sandbox: each goes to any free worker.
ONE_BY_ONE = (
    "tests/sandbox/test_fuzz.py",
    "tests/sandbox/test_spec_walk.py",  # a world of its own for each operation: 55 s in all
    "tests/helpers/test_sandbox_finder.py",  # each test starts its own sandboxes: 20 s in all
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    def weight(item: pytest.Item) -> int:
        if item.get_closest_marker(WHILE_THEY_WAIT):
            return len(SLOWEST_FIRST)
        marks = [n for n, kind in enumerate(SLOWEST_FIRST) if item.get_closest_marker(kind)]
        return min(marks, default=len(SLOWEST_FIRST) + 1)

    items.sort(key=weight)  # stable: a module's tests keep their order
    if getattr(config.option, "loadgroup", False):  # on a worker of `--dist loadgroup`
        name_after_group(items)


def name_after_group(items: list[pytest.Item]) -> None:
    """What pytest-xdist's worker does for `--dist loadgroup` and pytest 9.2 undoes: end each
    `xdist_group` test's id with `@` and its group, the only way the scheduler learns of the group.

    xdist 3.8 writes the id to `item._nodeid`, which pytest 9.2 no longer reads (its ids are
    structured, in `item._id`), so every group was silently ignored (pytest-xdist issue 1386).
    """
    for item in items:
        groups = {
            str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
            for mark in item.iter_markers("xdist_group")
        }
        if groups and "@" not in item.nodeid.rsplit("]", 1)[-1]:  # xdist did not name it
            item._id = type(item._id).parse(f"{item.nodeid}@{'_'.join(sorted(groups))}")


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """`--dist loadfile` (or `loadgroup`: each `xdist_group` apart), but ONE_BY_ONE's tests one
    at a time, and the modules in the order sorted above."""
    if config.getvalue("dist") not in ("loadfile", "loadgroup"):
        return None
    from xdist.scheduler import LoadFileScheduling

    # xdist would hand out the modules with the most tests first (the spec walk's 126 quick
    # ones before the browser's 8 slow ones), not in the order sorted above.
    config.option.loadscopereorder = False

    class ModulesWhole(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if "@" in nodeid:  # xdist named it after its group (loadgroup only)
                return nodeid.rsplit("@", 1)[-1]
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
