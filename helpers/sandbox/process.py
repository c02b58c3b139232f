"""Run the sandbox as a detached background process that every kernel shares."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

SERVICE_NAME = "group-texting-lab-sandbox"
HEALTH_PATH = "/sandbox/Health"
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


class SandboxUnavailable(RuntimeError):
    """The sandbox could not be reached or started; the message says what to do."""


@dataclass(frozen=True)
class Health:
    answered: bool
    is_sandbox: bool
    account_sid: str | None = None
    pid: int | None = None


def probe(url: str, timeout: float = 1.0) -> Health:
    """Ask `url` whether it is a sandbox (no credentials needed, none returned)."""
    try:
        with urllib.request.urlopen(url + HEALTH_PATH, timeout=timeout) as reply:
            body = json.loads(reply.read().decode("utf-8"))
    except urllib.error.HTTPError:
        return Health(answered=True, is_sandbox=False)
    except (urllib.error.URLError, OSError, ValueError):
        return Health(answered=False, is_sandbox=False)
    if not isinstance(body, dict) or body.get("service") != SERVICE_NAME:
        return Health(answered=True, is_sandbox=False)
    return Health(True, True, body.get("account_sid"), body.get("pid"))


def pid_file(db_path: Path) -> Path:
    return db_path.with_suffix(".pid")


def log_file(db_path: Path) -> Path:
    return db_path.with_suffix(".log")


def start_detached(url: str, db_path: Path, env: dict[str, str] | None = None) -> int:
    """Start `python -m helpers.sandbox` for `url` in its own session, holding no parent stream."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    if host not in LOOPBACK_HOSTS:
        raise SandboxUnavailable(
            f"No sandbox answers at {url}, and the kit only starts one on this machine's "
            "loopback address. Start it there yourself, or unset SANDBOX_URL."
        )
    db_path.parent.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "helpers.sandbox", "--host", host, "--port", str(port)]
    command += ["--db", str(db_path)]
    with open(log_file(db_path), "ab") as log:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            close_fds=True,
            env={**os.environ, **(env or {})},
        )
    return process.pid


def wait_until_healthy(
    url: str, timeout: float = 20.0, pid: int | None = None, log: Path | None = None
) -> Health:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        health = probe(url, timeout=0.5)
        if health.is_sandbox:
            return health
        if pid is not None and not _alive(pid):
            break
        time.sleep(0.1)
    where = f"its log, {log}" if log else "its log"
    raise SandboxUnavailable(f"The sandbox did not become healthy at {url}: see {where}.")


def stop(db_path: Path, timeout: float = 10.0) -> bool:
    """Stop the sandbox that serves `db_path` (SIGTERM, then SIGKILL). True if one was running."""
    path = pid_file(db_path)
    try:
        pid = int(path.read_text().strip())
    except (OSError, ValueError):
        return False
    if not _alive(pid):
        path.unlink(missing_ok=True)
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if _alive(pid):
        os.kill(pid, signal.SIGKILL)
    path.unlink(missing_ok=True)
    return True


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie child of ours counts as gone
        done, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return done == 0
