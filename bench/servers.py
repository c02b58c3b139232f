"""The servers a benchmark runs against: a sandbox on a fresh database, the floor, Prism."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from twilio.rest import Client

from helpers._local.sandbox_process import log_file, start_detached, wait_until_healthy
from helpers._local.transport import SandboxHttpClient
from lab_contract.defaults import DEFAULT_SANDBOX_ACCOUNT_SID, DEFAULT_SANDBOX_AUTH_TOKEN
from sandbox.process import stop


def unused_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    """Wait until something accepts connections on the loopback port (or the process dies)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode} before listening")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listened on port {port} within {timeout:.0f} s")


@dataclass
class Server:
    """A server under test: its name, URL, process id and how to stop it."""

    name: str
    url: str
    pid: int
    db_path: Path | None = None
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def client(self, response_hook: Callable[..., object] | None = None) -> Client:
        """An SDK client for this server; `response_hook` sees every `requests` response."""
        http = SandboxHttpClient(self.url)
        if response_hook is not None:
            http.request_hooks = {"response": [response_hook]}
        return Client(DEFAULT_SANDBOX_ACCOUNT_SID, DEFAULT_SANDBOX_AUTH_TOKEN, http_client=http)

    def stop(self) -> None:
        if self.db_path is not None:
            stop(self.db_path)
        elif self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def sandbox_environment() -> dict[str, str]:
    return {
        "SANDBOX_ACCOUNT_SID": DEFAULT_SANDBOX_ACCOUNT_SID,
        "SANDBOX_AUTH_TOKEN": DEFAULT_SANDBOX_AUTH_TOKEN,
    }


def start_sandbox(db_path: Path) -> Server:
    """`python -m sandbox` on a free loopback port, on `db_path` (kept if it exists)."""
    url = f"http://127.0.0.1:{unused_port()}"
    process = start_detached(url, db_path, env=sandbox_environment())
    wait_until_healthy(url, timeout=120, process=process, log=log_file(db_path))
    return Server("sandbox", url, process.pid, db_path=db_path)


def start_process(name: str, command: list[str], port: int, log: Path) -> Server:
    """Any other server (the floor, Prism): its own session, output to `log`."""
    with open(log, "ab") as out:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for_port(port, process)
    except RuntimeError:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise
    return Server(name, f"http://127.0.0.1:{port}", process.pid, process=process)


def start_floor(directory: Path, recording: Path) -> Server:
    """The floor, replaying the responses in `recording`."""
    port = unused_port()
    command = [sys.executable, "-m", "bench.floor", "--port", str(port), "--replay", str(recording)]
    return start_process("floor", command, port, directory / "floor.log")
