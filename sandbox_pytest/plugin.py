"""The pytest plugin: the `twilio_sandbox` fixture, a private sandbox started once per session
and emptied before each test that takes it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:  # the kit is imported only by a session that uses the fixture
    from sandbox_pytest.private_sandbox import SessionSandbox, TwilioSandbox


@pytest.fixture(scope="session")
def twilio_sandbox_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SessionSandbox]:
    """The session's sandbox process (free port, random token, its own database)."""
    from sandbox_pytest.private_sandbox import start

    session = start(tmp_path_factory.mktemp("twilio-sandbox"))
    try:
        yield session
    finally:
        session.stop()


@pytest.fixture
def twilio_sandbox(twilio_sandbox_session: SessionSandbox) -> TwilioSandbox:
    """An empty sandbox account: `.client` (a `twilio.rest.Client`), `.buy_number()`, and the
    simulated phones and clock (`.text()`, `.received()`, `.screen()`,
    `.set_phone_state()`,
    `.advance_clock()`)."""
    from sandbox_pytest.private_sandbox import TwilioSandbox

    sandbox = TwilioSandbox(twilio_sandbox_session.client(), twilio_sandbox_session.record)
    sandbox.reset()
    return sandbox
