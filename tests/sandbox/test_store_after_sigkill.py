"""SIGKILL mid-write: after a restart every acknowledged message is there, gap-free, intact."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import threading
from pathlib import Path

import pytest
import requests
from twilio.base.exceptions import TwilioRestException

from helpers._local.sandbox_process import start_detached, wait_until_healthy
from sandbox.process import stop
from tests.support.group import CHAT_IDENTITY, SMS_PEOPLE, make_group
from tests.support.sandbox_server import SandboxServer, free_port

MESSAGES = 1000


def _start(server: SandboxServer) -> int:
    env = {"SANDBOX_ACCOUNT_SID": server.account_sid, "SANDBOX_AUTH_TOKEN": server.auth_token}
    process = start_detached(server.url, server.db_path, env=env)
    wait_until_healthy(server.url, process=process)
    return process.pid


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sigkill_while_writing_loses_no_acknowledged_message(tmp_path: Path, seed: int) -> None:
    chance = random.Random(seed)
    kill_after = chance.randint(1, MESSAGES - 1)
    server = SandboxServer(f"http://127.0.0.1:{free_port()}", tmp_path / "sandbox.db")
    pid = _start(server)
    try:
        conversation_sid = make_group(server.client(), "crash").conversation_sid
        acknowledged: list[tuple[str, str]] = []
        enough = threading.Event()
        failures: list[BaseException] = []

        def write() -> None:
            handle = server.client().conversations.v1.conversations(conversation_sid)
            for n in range(MESSAGES):
                try:
                    message = handle.messages.create(author=CHAT_IDENTITY, body=f"message {n}")
                except (requests.RequestException, TwilioRestException) as error:
                    failures.append(error)
                    return
                acknowledged.append((message.sid, message.body))
                if len(acknowledged) == kill_after:
                    enough.set()
            enough.set()

        writer = threading.Thread(target=write)
        writer.start()
        assert enough.wait(timeout=120)
        os.kill(pid, signal.SIGKILL)  # while the writer keeps sending
        writer.join(timeout=60)
        assert not writer.is_alive()
        assert len(acknowledged) >= kill_after
        assert len(acknowledged) < MESSAGES, "the kill came after the last write"
        assert all(isinstance(f, requests.RequestException) for f in failures), failures

        server.url = f"http://127.0.0.1:{free_port()}"
        _start(server)
        client = server.client()
        handle = client.conversations.v1.conversations("crash")
        stored = handle.messages.list(page_size=100)
        kept = {m.sid: m.body for m in stored}
        assert all(kept.get(sid) == body for sid, body in acknowledged), "an ack was lost"
        # At most the one write in flight at the kill committed without its 201.
        assert len(acknowledged) <= len(stored) <= len(acknowledged) + 1
        assert [m.index for m in stored] == list(range(len(stored)))
        for address in SMS_PEOPLE:  # each message and its fan-out are one transaction
            assert len(client.messages.list(to=address, page_size=1000)) == len(stored)
        after = handle.messages.create(author=CHAT_IDENTITY, body="after the crash")
        assert after.index == len(stored)
    finally:
        stop(server.db_path)
    with sqlite3.connect(server.db_path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
