"""connect(): the mode it picks, the sandbox it starts, and what it never prints."""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import connect, describe, is_sandbox
from helpers._local.sandbox_process import SandboxUnavailable
from helpers.sandbox_api import probe
from helpers.settings import load_settings
from sandbox.process import pid_file, stop
from tests.support.sandbox_server import free_port

SECRET = "live-token-that-must-never-be-printed"


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in (
        "TWILIO_ACCOUNT_SID",
        "TWILIO_AUTH_TOKEN",
        "KIT_MODE",
        "KIT_ALLOW_CHARGES",
        "SANDBOX_URL",
        "SANDBOX_DB",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SANDBOX_URL", f"http://127.0.0.1:{free_port()}")
    monkeypatch.setenv("SANDBOX_DB", str(tmp_path / "sandbox.db"))
    return tmp_path / "sandbox.db"


@pytest.fixture
def started(clean_env: Path) -> Iterator[Path]:
    yield clean_env
    stop(clean_env)


def test_sandbox_is_the_default_and_is_started_detached(
    started: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    client = connect()
    assert is_sandbox(client)
    line = capsys.readouterr().out.strip()
    assert line.startswith("Sandbox mode") and os.environ["SANDBOX_URL"] in line
    assert "sandbox-auth-token" not in line
    pid = int(pid_file(started).read_text())
    # The detached server holds none of our streams: stdin is /dev/null, output goes to its log.
    assert os.readlink(f"/proc/{pid}/fd/0") == "/dev/null"
    assert os.readlink(f"/proc/{pid}/fd/1") == str(started.with_suffix(".log"))
    assert os.getsid(pid) == pid
    # A second connect() reuses the same server (shared by every kernel).
    connect(quiet=True).conversations.v1.conversations.create(unique_name="shared")
    assert int(pid_file(started).read_text()) == pid
    assert client.conversations.v1.conversations("shared").fetch().unique_name == "shared"


def test_stop_command_stops_the_background_sandbox(started: Path) -> None:
    connect(quiet=True)
    result = subprocess.run(
        [sys.executable, "-m", "sandbox", "stop", "--db", str(started)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "stopped" in result.stdout
    assert not probe(os.environ["SANDBOX_URL"]).answered


def test_live_mode_when_asked_for_with_credentials(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", "AC" + "a" * 32)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", SECRET)
    monkeypatch.setenv("KIT_MODE", "live")
    client = connect()
    assert not is_sandbox(client)
    out = capsys.readouterr().out
    assert out.startswith("Live mode") and "real SMS" in out and "charged" in out
    assert "charges are not allowed" in out and "KIT_ALLOW_CHARGES=yes" in out
    assert len(out.strip().splitlines()) == 1
    assert SECRET not in out and SECRET not in describe(client)
    assert not clean_env.exists()  # no sandbox was started
    monkeypatch.setenv("KIT_ALLOW_CHARGES", "yes")
    assert "charges are allowed" in describe(client)


def test_credentials_alone_do_not_switch_to_live(
    started: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", "AC" + "a" * 32)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", SECRET)
    settings = load_settings()
    assert settings.mode == "sandbox" and "KIT_MODE=live" in settings.mode_reason
    assert is_sandbox(connect(quiet=True))


def test_kit_mode_sandbox_wins_over_credentials(
    started: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", "AC" + "a" * 32)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", SECRET)
    monkeypatch.setenv("KIT_MODE", "sandbox")
    assert is_sandbox(connect(quiet=True))


@pytest.mark.parametrize("mode", ["live", "cloud"])
def test_impossible_modes_are_clear_errors(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    monkeypatch.setenv("KIT_MODE", mode)
    with pytest.raises(ValueError, match="KIT_MODE"):
        connect(quiet=True)


def test_credentials_come_from_dot_env(clean_env: Path, tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(
        f"KIT_MODE=live\nTWILIO_ACCOUNT_SID=AC{'b' * 32}\nTWILIO_AUTH_TOKEN={SECRET}\n"
    )
    settings = load_settings(env_file)
    assert settings.mode == "live" and settings.twilio_account_sid == "AC" + "b" * 32
    assert SECRET not in repr(settings)


def test_port_taken_by_something_else_is_a_clear_error(clean_env: Path) -> None:
    port = int(os.environ["SANDBOX_URL"].rsplit(":", 1)[1])
    server = http.server.HTTPServer(("127.0.0.1", port), http.server.SimpleHTTPRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with pytest.raises(SandboxUnavailable, match="not the kit's sandbox"):
            connect(quiet=True)
        result = subprocess.run(
            [sys.executable, "-m", "sandbox", "--port", str(port), "--db", str(clean_env)],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert result.returncode != 0 and "taken" in result.stderr
    finally:
        server.shutdown()
        server.server_close()


def test_server_refuses_to_bind_beyond_loopback(clean_env: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sandbox", "--host", "0.0.0.0", "--db", str(clean_env)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2 and "loopback" in result.stderr
