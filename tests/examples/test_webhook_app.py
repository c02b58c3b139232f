"""The Flask webhook app of examples/, served for real on loopback, called by the sandbox's
signed webhooks: its answers take effect (a refused message is not stored, a masked word is
starred, a text outside any conversation gets its TwiML reply), and unsigned calls get 403."""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
from twilio.request_validator import RequestValidator
from twilio.rest import Client
from werkzeug.serving import make_server

from examples.group_text import start_group_text
from examples.webhook_app import UNKNOWN_TEXT_REPLY, create_app
from helpers.sandbox_api import phone_inbox
from tests.support.sandbox_server import SandboxServer

ALICE, BOB, STRANGER = "+14155550101", "+14155550102", "+14155550199"


class AppLog(logging.Handler):
    """What the app logs, one line at a time, for a test to wait on."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: queue.Queue[str] = queue.Queue()

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.put(record.getMessage())

    def wait_for(self, text: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            if text in line:
                return line
        raise AssertionError(f"the app never logged {text!r}")


@pytest.fixture
def app_log() -> Iterator[AppLog]:
    handler, logger = AppLog(), logging.getLogger("webhook_app")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield handler
    logger.removeHandler(handler)


@pytest.fixture
def app_url(sandbox_server: SandboxServer) -> Iterator[str]:
    """The app on a free loopback port, checking signatures with the sandbox's token."""
    server = make_server("127.0.0.1", 0, create_app(sandbox_server.auth_token), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture
def group(client: Client, numbers: list[str], app_url: str) -> Any:
    client.conversations.v1.configuration.webhooks().update(
        pre_webhook_url=f"{app_url}/conversations/pre",
        post_webhook_url=f"{app_url}/conversations/post",
        method="POST",
        filters=["onMessageAdd", "onMessageAdded"],
    )
    return start_group_text(client, "team", [ALICE, BOB], numbers[0], "coach")


def received(client: Client, phone: str) -> list[str]:
    return [t["body"] for t in reversed(phone_inbox(client, phone)) if t["direction"] == "received"]


def eventually(read: Callable[[], list[str]], timeout: float = 60) -> list[str]:
    """`read()` once it is not empty (a webhook's effect arrives in the background)."""
    deadline = time.monotonic() + timeout
    while not (value := read()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return value


def test_a_message_with_a_banned_word_is_refused_and_not_stored(
    client: Client, numbers: list[str], group: Any, text: Any, app_log: AppLog
) -> None:
    text(ALICE, numbers[0], "no spoiler please")
    app_log.wait_for(f"refused a message from {ALICE}: a banned word")
    text(ALICE, numbers[0], "see you at 6")
    app_log.wait_for("onMessageAdded in")
    assert [m.body for m in group.messages.list()] == ["see you at 6"]
    assert eventually(lambda: received(client, BOB)) == ["see you at 6"]  # never the spoiler


def test_a_masked_word_is_starred_before_it_is_stored(
    client: Client, numbers: list[str], group: Any, text: Any, app_log: AppLog
) -> None:
    text(ALICE, numbers[0], "what the heck")
    line = app_log.wait_for("onMessageAdded in")
    assert line == f"onMessageAdded in {group.sid}: what the ****"
    assert [m.body for m in group.messages.list()] == ["what the ****"]


def test_a_text_no_conversation_holds_gets_the_apps_twiml_reply(
    client: Client, numbers: list[str], app_url: str, text: Any, app_log: AppLog
) -> None:
    spare = client.incoming_phone_numbers.list(phone_number=numbers[1])[0]
    spare.update(sms_url=f"{app_url}/sms", sms_method="POST")
    text(STRANGER, numbers[1], "hello?")
    app_log.wait_for(f"a text from {STRANGER} to {numbers[1]} outside any conversation")
    assert eventually(lambda: received(client, STRANGER)) == [UNKNOWN_TEXT_REPLY]


def test_a_request_without_twilios_signature_is_forbidden(
    app_url: str, sandbox_server: SandboxServer, app_log: AppLog
) -> None:
    form = {"EventType": "onMessageAdd", "Body": "hello", "Author": ALICE}
    url = f"{app_url}/conversations/pre"
    forged = RequestValidator("not-the-token").compute_signature(url, form)
    genuine = RequestValidator(sandbox_server.auth_token).compute_signature(url, form)
    session = requests.Session()
    session.trust_env = False
    assert session.post(url, data=form).status_code == 403
    assert session.post(url, data=form, headers={"X-Twilio-Signature": forged}).status_code == 403
    assert session.post(url, data=form, headers={"X-Twilio-Signature": genuine}).status_code == 200
    assert app_log.wait_for("no valid X-Twilio-Signature").startswith("refused POST ")
