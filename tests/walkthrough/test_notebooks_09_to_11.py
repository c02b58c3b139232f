"""Notebooks 09 (webhooks), 10 (chat tokens) and 11 (a conversation's lifecycle) on their own:
after 00_setup, each run twice in a row with no clean-up in between (their start-over steps
must make that work), on a fresh sandbox; then read what they show.

(tests/walkthrough/test_notebooks.py also runs them inside the whole walkthrough, between 08 and
99.)"""

from __future__ import annotations

import re
from collections.abc import Iterator

import nbformat
import pytest

from lab_contract.defaults import DEFAULT_SANDBOX_AUTH_TOKEN
from tests.support.notebooks import NOTEBOOKS, everything_shown, execute, point_kernels_at, shown
from tests.support.sandbox_server import start_sandbox

pytestmark = pytest.mark.notebooks

PLAIN = ("text/plain",)
BOOKS = ("09_webhooks.ipynb", "10_chat_tokens.ipynb", "11_conversation_lifecycle.ipynb")
Runs = dict[str, list[nbformat.NotebookNode]]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runs]:
    server = start_sandbox(tmp_path_factory.mktemp("notebooks-09-11"))
    try:
        with pytest.MonkeyPatch.context() as env:
            point_kernels_at(server, env)
            execute(NOTEBOOKS / "00_setup.ipynb")
            yield {name: [execute(NOTEBOOKS / name), execute(NOTEBOOKS / name)] for name in BOOKS}
            client = server.client()
            assert client.conversations.v1.address_configurations.list() == []
    finally:
        server.stop()


@pytest.mark.parametrize("run", [0, 1], ids=["first", "again"])
def test_nothing_secret_is_shown(runs: Runs, run: int) -> None:
    for name in BOOKS:
        everything = everything_shown(runs[name][run])
        assert DEFAULT_SANDBOX_AUTH_TOKEN not in everything
        assert "eyJ" not in everything  # no JWT (nor any base64 JSON) is printed


@pytest.mark.parametrize("run", [0, 1], ids=["first", "again"])
def test_webhooks_are_heard_signed_and_asked_first(runs: Runs, run: int) -> None:
    book = runs["09_webhooks.ipynb"][run]
    events = shown(book, "events = hooks.frame(", PLAIN)
    assert events.count("onMessageAdded") == 2 and "onParticipantAdded" in events
    assert "True" in events and "False" not in events  # every signature valid
    validity = shown(book, "for first in received[:1]:")
    assert "valid with the auth token: True" in validity
    assert "valid with another token: False" in validity
    refused = shown(book, "gate = Receiver(status=403)")
    assert "asked: onMessageAdd - BUY CHEAP WATCHES!!!" in refused
    assert "the text reached the conversation: False" in refused
    assert "stored: (checked) See you at noon" in shown(book, "gate.status, gate.answer = 200")
    assert "Not tried yet: " in shown(book, 'check(client, "09", ')


@pytest.mark.parametrize("run", [0, 1], ids=["first", "again"])
def test_a_token_is_built_in_sight_and_described(runs: Runs, run: int) -> None:
    book = runs["10_chat_tokens.ipynb"][run]
    built = shown(book, "access = AccessToken(")
    assert re.search(r"a signed JWT of \d+ characters for organiser, service IS[0-9a-f]{32}", built)
    token = shown(book, "token = chat_token(")
    assert "'chat': {'service_sid': 'IS" in token and "'identity': 'organiser'" in token
    assert "'exp'" in token and "issuer (API key): SK" in token


@pytest.mark.parametrize("run", [0, 1], ids=["first", "again"])
def test_states_timers_and_auto_creation(runs: Runs, run: int) -> None:
    book = runs["11_conversation_lifecycle.ipynb"][run]
    assert "Twilio error 50416" in shown(book, "second = v1.conversations.create(")
    moved = shown(book, 'first = first.update(state="closed")')
    assert "first:  closed" in moved and "second conversation: True" in moved
    assert "Twilio error 50377" in shown(book, 'first.update(state="active")')
    timers = shown(book, "advance_clock(client, 5 * 60)")
    assert "after 5 minutes:  inactive" in timers and "after 10 minutes: closed" in timers
    changes = shown(book, "changes = hooks.wait_for(", PLAIN)
    assert re.search(r"0\s+active\s+inactive\s+TIMER\n1\s+inactive\s+closed\s+TIMER", changes)
    appeared = shown(book, "hello = send_text(")
    assert "a new conversation: CH" in appeared and "+16505556664" in appeared
    assert "Hi! Is this the running club?" in shown(book, "views.messages(client, created.sid)")
    assert "onMessageAdded - Hi! Is this" in shown(book, "(event,) = hooks.wait_for(")
