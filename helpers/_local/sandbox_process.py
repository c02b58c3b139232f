"""Start the sandbox (`python -m sandbox`) as a detached background process every kernel shares."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from helpers.sandbox_api import Health, probe
from lab_contract.defaults import LOOPBACK_HOSTS
from lab_contract.paths import log_file


class SandboxUnavailable(RuntimeError):
    """The sandbox could not be reached or started; the message says what to do."""


def start_detached(
    url: str | None, db_path: Path, env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """Start `python -m sandbox` for `url` (None: a free port) in its own session, holding no
    parent stream."""
    parts = urlsplit(url or "http://127.0.0.1:0")
    host, port = parts.hostname or "127.0.0.1", 80 if parts.port is None else parts.port
    if host not in LOOPBACK_HOSTS:
        raise SandboxUnavailable(
            f"No sandbox answers at {url}, and the kit only starts one on this machine's "
            "loopback address. Start it there yourself, or unset SANDBOX_URL."
        )
    db_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    command = [sys.executable, "-m", "sandbox", "--host", host, "--port", str(port)]
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
    return process


def wait_until_healthy(
    url: str,
    timeout: float = 20.0,
    process: subprocess.Popen[bytes] | None = None,
    log: Path | None = None,
) -> Health:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        health = probe(url, timeout=0.5)
        if health.is_sandbox:
            return health
        if process is not None and process.poll() is not None:
            break
        time.sleep(0.1)
    where = f"its log, {log}" if log else "its log"
    raise SandboxUnavailable(f"The sandbox did not become healthy at {url}: see {where}.")
