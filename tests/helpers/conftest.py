"""Fixtures for the helpers' tests: the sandbox's account, as live mode sees it."""

from __future__ import annotations

import pytest
from twilio.rest import Client

from tests.support.live import GOOD, ElsewhereHttpClient
from tests.support.sandbox_server import SandboxServer


@pytest.fixture
def live(client: Client, sandbox_server: SandboxServer, monkeypatch: pytest.MonkeyPatch) -> Client:
    """A live-mode client on the (reset) sandbox's account, with the GOOD configuration."""
    for name, value in GOOD.items():
        monkeypatch.setenv(name, value)
    for name in ("GROUP_PHONE_3", "GROUP_CHAT_IDENTITY", "KIT_ALLOW_CHARGES"):
        monkeypatch.delenv(name, raising=False)
    http = ElsewhereHttpClient(sandbox_server.url)
    return Client(sandbox_server.account_sid, sandbox_server.auth_token, http_client=http)
