"""Credentials are checked; state lives in SQLite and survives a restart."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import urllib.request
from contextlib import closing
from pathlib import Path

import pytest
import requests
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from helpers._local.transport import SandboxHttpClient
from helpers.phones import send_text
from tests.support.group import PHONE_1
from tests.support.sandbox_server import SandboxServer, free_port, start_sandbox


def test_wrong_credentials_are_401_20003_in_twilios_words(
    sandbox_server: SandboxServer, client: Client
) -> None:
    for sid, token, words in [
        (sandbox_server.account_sid, "wrong-token", "Authenticate"),
        ("AC" + "1" * 32, sandbox_server.auth_token, "Authentication Error - invalid username"),
    ]:
        intruder = Client(sid, token, http_client=SandboxHttpClient(sandbox_server.url))
        with pytest.raises(TwilioRestException) as error:
            intruder.conversations.v1.conversations.create(friendly_name="nope")
        assert (error.value.status, error.value.code) == (401, 20003)
        assert error.value.msg == f"Unable to create record: {words}"  # the SDK's prefix
    anonymous = requests.post(sandbox_server.url + "/v1/Conversations", timeout=10)
    assert (anonymous.status_code, anonymous.json()["code"]) == (401, 20003)
    assert anonymous.json()["message"] == "Authentication Error - No credentials provided"
    assert client.conversations.v1.conversations.list() == []


def test_health_needs_no_credentials_and_reveals_no_token(sandbox_server: SandboxServer) -> None:
    with urllib.request.urlopen(sandbox_server.url + "/sandbox/Health") as reply:
        body = json.loads(reply.read())
    assert body["service"] == "group-texting-lab-sandbox"
    assert sandbox_server.auth_token not in json.dumps(body)


def test_restart_on_the_same_database_keeps_everything(tmp_path: Path) -> None:
    server = start_sandbox(tmp_path)
    try:
        client = server.client()
        number = client.incoming_phone_numbers.create(phone_number="+15005550006").phone_number
        conversation = client.conversations.v1.conversations.create(unique_name="keep")
        handle = client.conversations.v1.conversations(conversation.sid)
        handle.participants.create(
            messaging_binding_address=PHONE_1, messaging_binding_proxy_address=number
        )
        handle.participants.create(identity="alice")
        send_text(client, PHONE_1, number, "before the restart")
    finally:
        server.stop()
    server.start()
    try:
        client = server.client()
        handle = client.conversations.v1.conversations("keep")
        assert [p.identity for p in handle.participants.list()] == [None, "alice"]
        assert [m.body for m in handle.messages.list()] == ["before the restart"]
        assert send_text(client, PHONE_1, number, "after").conversation_sid == conversation.sid
        assert [m.index for m in handle.messages.list()] == [0, 1]
        assert len(client.messages.list(from_=PHONE_1)) == 2
    finally:
        server.stop()


def test_a_database_of_another_schema_version_is_not_served_and_the_user_is_told_to_reset(
    tmp_path: Path,
) -> None:
    server = start_sandbox(tmp_path)
    server.stop()
    with closing(sqlite3.connect(server.db_path)) as db, db:  # as an older sandbox left it
        db.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    command = [sys.executable, "-m", "sandbox", "--port", str(free_port())]
    refused = subprocess.run(
        [*command, "--db", str(server.db_path)], capture_output=True, text=True, timeout=60
    )
    assert refused.returncode == 5, refused.stderr
    assert "Reset it" in refused.stderr and str(server.db_path) in refused.stderr
    assert "Traceback" not in refused.stderr


def test_a_second_sandbox_on_a_database_in_use_says_so_and_exits(tmp_path: Path) -> None:
    server = start_sandbox(tmp_path)
    try:
        command = [sys.executable, "-m", "sandbox", "--port", str(free_port())]
        second = subprocess.run(
            [*command, "--db", str(server.db_path)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert second.returncode == 4, second.stderr
        assert "Another program holds" in second.stderr and "Traceback" not in second.stderr
        assert server.client().conversations.v1.conversations.list() == []  # the first serves on
    finally:
        server.stop()
