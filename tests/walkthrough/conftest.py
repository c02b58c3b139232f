"""Fixtures of the walkthrough's tests: the whole walkthrough executed headless once for the
session, read by the tests of what the notebooks show and of the state each leaves."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.sandbox_server import start_sandbox
from tests.support.walkthrough_passes import Walkthrough, walk


@pytest.fixture(scope="session")
def walked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Walkthrough]:
    """The whole walkthrough run twice in a row, with no edits, on a sandbox of its own."""
    server = start_sandbox(tmp_path_factory.mktemp("notebook-sandbox"))
    try:
        yield walk(server, tmp_path_factory.mktemp("walked") / "saved")
    finally:
        server.stop()
