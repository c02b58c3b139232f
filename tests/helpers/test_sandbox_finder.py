"""Each user's sandbox is their own: found by its 0600 record, never another user's.

Two kits side by side (copies of the checkout, different HOMEs) each start their own sandbox
at once and see only their own conversations; a stale record, a port taken by something else
or by another user's sandbox, and a record others could read each end in a sentence and a
fresh sandbox of the user's own.
"""

from __future__ import annotations

import http.server
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from twilio.rest import Client

from helpers import connect
from helpers._local.sandbox_process import SandboxUnavailable
from helpers._local.transport import SandboxHttpClient
from helpers.sandbox_api import probe
from lab_contract.defaults import DEFAULT_SANDBOX_ACCOUNT_SID, DEFAULT_SANDBOX_AUTH_TOKEN
from sandbox.process import alive, stop
from tests.support.paths import ROOT
from tests.support.sandbox_server import SandboxServer, free_port

# What one kernel of a kit does: connect with the kit's defaults, add a conversation of its
# own, and say what it sees (never the token).
KERNEL = """
import json, sys
from helpers import connect
client = connect(quiet=True)
client.conversations.v1.conversations.create(friendly_name=sys.argv[1])
seen = sorted(c.friendly_name for c in client.conversations.v1.conversations.list())
print(json.dumps({"url": client.http_client.sandbox_url, "seen": seen}))
"""


def copy_of_the_kit(folder: Path) -> Path:
    """A checkout of the kit of its own: the packages the notebooks' kernels import."""
    for package in ("helpers", "lab_contract", "sandbox"):
        shutil.copytree(
            ROOT / package, folder / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    return folder


def kernel_env(kit: Path, home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SANDBOX_", "TWILIO_"))}
    env.pop("XDG_STATE_HOME", None)
    return {**env, "HOME": str(home), "PYTHONPATH": str(kit), "KIT_MODE": "sandbox"}


def run_kernels(kit: Path, home: Path, names: list[str]) -> list[subprocess.Popen[str]]:
    return [
        subprocess.Popen(
            [sys.executable, "-c", KERNEL, name],
            cwd=kit,
            env=kernel_env(kit, home),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in names
    ]


def answer(kernel: subprocess.Popen[str]) -> dict[str, object]:
    out, err = kernel.communicate(timeout=120)
    assert kernel.returncode == 0, err
    return dict(json.loads(out.strip().splitlines()[-1]))


def record_of(db: Path) -> dict[str, object]:
    return dict(json.loads(db.with_suffix(".json").read_text()))


def client_for(url: str, sid: str, token: str) -> Client:
    return Client(sid, token, http_client=SandboxHttpClient(url))


def refused(client: Client) -> bool:
    """Whether the sandbox refuses `client` with Twilio's 401 (code 20003)."""
    url = client.http_client.sandbox_url + "/v1/Conversations"
    response = client.request("GET", url)
    return response.status_code == 401 and json.loads(response.text)["code"] == 20003


def test_two_kits_side_by_side_each_use_only_their_own_sandbox(tmp_path: Path) -> None:
    mine = copy_of_the_kit(tmp_path / "mine")
    shared = copy_of_the_kit(tmp_path / "shared")  # a kit that is not this user's own
    if os.geteuid() == 0:
        os.chown(shared, 65534, 65534)
    else:
        shared.chmod(0o555)
    home_a, home_b = tmp_path / "home-a", tmp_path / "home-b"
    home_a.mkdir()
    home_b.mkdir()
    db_a = mine / ".sandbox" / "sandbox.db"
    states_b = home_b / ".local" / "state" / "group-texting-lab"
    try:
        # Two kernels of each kit start at once: one sandbox each, never one for both.
        kernels = run_kernels(mine, home_a, ["a1", "a2"]) + run_kernels(
            shared, home_b, ["b1", "b2"]
        )
        a1, a2, b1, b2 = (answer(kernel) for kernel in kernels)
        assert a1["url"] == a2["url"] != b1["url"] == b2["url"]
        later = answer(run_kernels(mine, home_a, ["a3"])[0])  # a later kernel finds it again
        assert later["url"] == a1["url"] and later["seen"] == ["a1", "a2", "a3"]
        assert sorted({*b1["seen"], *b2["seen"]}) == ["b1", "b2"]

        # Where each kit keeps its state: its own checkout, or the user's state folder.
        [db_b] = states_b.glob("shared-*/sandbox.db")
        assert not (shared / ".sandbox").exists()
        for db in (db_a, db_b):
            assert db.with_suffix(".json").stat().st_mode & 0o777 == 0o600
            assert db.parent.stat().st_mode & 0o777 == 0o700

        # Neither kit's credentials, nor the documented ones, open the other's sandbox.
        record_a, record_b = record_of(db_a), record_of(db_b)
        assert record_a["auth_token"] != record_b["auth_token"]
        assert DEFAULT_SANDBOX_AUTH_TOKEN not in (record_a["auth_token"], record_b["auth_token"])
        for token in (record_a["auth_token"], DEFAULT_SANDBOX_AUTH_TOKEN):
            intruder = client_for(str(record_b["url"]), DEFAULT_SANDBOX_ACCOUNT_SID, str(token))
            assert refused(intruder)
    finally:
        stop(db_a)
        for db in states_b.glob("*/sandbox.db"):
            stop(db)


@pytest.fixture
def own_db(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """The user's own sandbox (no SANDBOX_URL, no token), its state in a temporary folder."""
    for name in (
        "SANDBOX_URL",
        "SANDBOX_AUTH_TOKEN",
        "SANDBOX_API_KEY_SECRET",
        "TWILIO_AUTH_TOKEN",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KIT_MODE", "sandbox")
    db = tmp_path / "state" / "sandbox.db"
    monkeypatch.setenv("SANDBOX_DB", str(db))
    yield db
    stop(db)


def test_a_stale_record_starts_a_new_sandbox_on_the_same_state(
    own_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    connect(quiet=True).conversations.v1.conversations.create(unique_name="kept")
    dead = record_of(own_db)
    os.kill(int(dead["pid"]), signal.SIGKILL)
    wait_gone(int(dead["pid"]))
    assert own_db.with_suffix(".json").exists()  # a kill leaves the record behind
    client = connect(quiet=True)
    assert "no longer answers" in capsys.readouterr().out
    assert record_of(own_db)["pid"] != dead["pid"]
    assert client.conversations.v1.conversations("kept").fetch().unique_name == "kept"


def test_a_port_taken_by_another_program_or_user_is_never_used(
    own_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    connect(quiet=True).conversations.v1.conversations.create(unique_name="mine")
    record = record_of(own_db)
    stop(own_db)
    # Another user's sandbox now answers on the port, and a web server on another one.
    theirs = their_sandbox(tmp_path / "theirs")
    web = http.server.HTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    threading.Thread(target=web.serve_forever, daemon=True).start()
    try:
        theirs.client().conversations.v1.conversations.create(unique_name="theirs")
        for url in (theirs.url, f"http://127.0.0.1:{web.server_address[1]}"):
            write_record(own_db, {**record, "url": url})
            client = connect(quiet=True)
            assert "no longer answers" in capsys.readouterr().out
            assert client.http_client.sandbox_url not in (theirs.url, url)
            names = [c.unique_name for c in client.conversations.v1.conversations.list()]
            assert names == ["mine"]
            stop(own_db)
    finally:
        web.shutdown()
        web.server_close()
        theirs.stop()


def test_a_sandbox_with_the_recorded_pid_that_refuses_the_recorded_token_is_never_used(
    own_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Another user's sandbox where the record points, with the recorded pid (a port and a pid
    both reused): its health answers as the user's own would, only the token tells them apart."""
    connect(quiet=True).conversations.v1.conversations.create(unique_name="mine")
    record = record_of(own_db)
    stop(own_db)
    theirs = their_sandbox(tmp_path / "theirs")
    try:
        theirs.client().conversations.v1.conversations.create(unique_name="theirs")
        health = probe(theirs.url)
        assert health.is_sandbox and health.pid is not None
        write_record(own_db, {**record, "url": theirs.url, "pid": health.pid})
        client = connect(quiet=True)
        assert "no longer answers" in capsys.readouterr().out
        assert client.http_client.sandbox_url != theirs.url
        names = [c.unique_name for c in client.conversations.v1.conversations.list()]
        assert names == ["mine"]
    finally:
        theirs.stop()


@pytest.mark.parametrize("mode", [0o644, 0o640], ids=["everyone", "the-group"])
def test_a_record_others_could_read_is_replaced_with_new_credentials(
    own_db: Path, capsys: pytest.CaptureFixture[str], mode: int
) -> None:
    old = connect(quiet=True)
    old.conversations.v1.conversations.create(unique_name="kept")
    exposed = own_db.with_suffix(".json")
    exposed.chmod(mode)  # readable by everyone, or by the user's group only: either way exposed
    new = connect(quiet=True)
    said = capsys.readouterr().out
    assert f"could be read by other users (mode {mode:o})" in said
    assert "Stopping its sandbox and starting one with new credentials" in said
    assert exposed.stat().st_mode & 0o777 == 0o600
    assert new.password != old.password
    assert new.conversations.v1.conversations("kept").fetch().unique_name == "kept"
    # The token others could have read opens nothing any more.
    assert refused(client_for(new.http_client.sandbox_url, old.username, old.password))


def test_a_token_set_after_the_sandbox_started_restarts_it_with_that_token(
    own_db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """SANDBOX_AUTH_TOKEN written into .env while the sandbox runs (so that another program can
    use a known token): the kit restarts its sandbox with it, never silently keeps the old one."""
    old = connect(quiet=True)
    old.conversations.v1.conversations.create(unique_name="kept")
    started = record_of(own_db)["pid"]
    monkeypatch.setenv("SANDBOX_AUTH_TOKEN", "a-token-of-my-own")
    new = connect(quiet=True)
    assert "restarting it with the one you set" in capsys.readouterr().out
    assert new.password == "a-token-of-my-own"
    assert record_of(own_db)["pid"] != started
    assert new.conversations.v1.conversations("kept").fetch().unique_name == "kept"
    assert refused(client_for(new.http_client.sandbox_url, old.username, old.password))
    again = connect(quiet=True)  # the same token again: the same sandbox, nothing said
    assert capsys.readouterr().out == ""
    assert again.http_client.sandbox_url == new.http_client.sandbox_url


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_a_record_of_another_user_is_refused_with_a_sentence(own_db: Path) -> None:
    connect(quiet=True)
    record = own_db.with_suffix(".json")
    os.chown(record, 65534, 65534)
    with pytest.raises(SandboxUnavailable, match="belongs to another user"):
        connect(quiet=True)
    os.chown(record, 0, 0)


def test_a_named_sandbox_with_other_credentials_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    theirs = their_sandbox(tmp_path / "theirs")
    try:
        monkeypatch.delenv("SANDBOX_AUTH_TOKEN", raising=False)
        monkeypatch.setenv("KIT_MODE", "sandbox")
        monkeypatch.setenv("SANDBOX_URL", theirs.url)
        monkeypatch.setenv("SANDBOX_DB", str(tmp_path / "mine" / "sandbox.db"))
        with pytest.raises(SandboxUnavailable, match="refuses the kit's credentials"):
            connect(quiet=True)
    finally:
        theirs.stop()


def test_the_server_told_nothing_picks_a_free_port_and_a_random_token(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SANDBOX_")}
    db = tmp_path / "sandbox.db"
    server = subprocess.Popen(
        [sys.executable, "-m", "sandbox", "--db", str(db)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not db.with_suffix(".json").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        record = record_of(db)
        assert record["pid"] == server.pid and str(record["url"]).startswith("http://127.0.0.1:")
        assert record["auth_token"] != DEFAULT_SANDBOX_AUTH_TOKEN
        assert db.with_suffix(".json").stat().st_mode & 0o777 == 0o600
    finally:
        stop(db)
        server.wait(timeout=10)
    assert not db.with_suffix(".json").exists()  # a sandbox that stops takes its record along


def their_sandbox(folder: Path) -> SandboxServer:
    """Another user's sandbox: a token of theirs, a database of theirs."""
    server = SandboxServer(
        f"http://127.0.0.1:{free_port()}", folder / "sandbox.db", auth_token="their-token"
    )
    server.start()
    return server


def write_record(db: Path, fields: dict[str, object]) -> None:
    path = db.with_suffix(".json")
    path.write_text(json.dumps(fields))
    path.chmod(0o600)


def wait_gone(pid: int) -> None:
    deadline = time.monotonic() + 30
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)


def test_a_sandbox_started_at_a_named_address_also_gets_a_random_token(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    db = tmp_path / "named" / "sandbox.db"
    monkeypatch.delenv("SANDBOX_AUTH_TOKEN", raising=False)
    monkeypatch.setenv("KIT_MODE", "sandbox")
    monkeypatch.setenv("SANDBOX_URL", f"http://localhost:{free_port()}")
    monkeypatch.setenv("SANDBOX_DB", str(db))
    try:
        client = connect(quiet=True)
        assert client.password not in (None, DEFAULT_SANDBOX_AUTH_TOKEN)
        client.conversations.v1.conversations.create(unique_name="named")
        assert connect(quiet=True).password == client.password  # found again by its record
    finally:
        stop(db)
