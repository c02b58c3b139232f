"""A real sandbox server for a test: its own process on a free loopback port, its own database."""

from __future__ import annotations

import shutil
import socket
from dataclasses import dataclass, field
from pathlib import Path

from twilio.rest import Client

from helpers._local.sandbox_process import start_detached, wait_until_healthy
from helpers._local.transport import SandboxHttpClient
from lab_contract.defaults import DEFAULT_SANDBOX_ACCOUNT_SID, DEFAULT_SANDBOX_AUTH_TOKEN
from sandbox.process import stop

START_TIMEOUT = 120.0  # seconds a sandbox may take to answer; a second when the machine is quiet


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class SandboxServer:
    url: str
    db_path: Path
    account_sid: str = DEFAULT_SANDBOX_ACCOUNT_SID
    auth_token: str = DEFAULT_SANDBOX_AUTH_TOKEN
    settings: dict[str, str] = field(default_factory=dict)  # more of the sandbox's environment

    @property
    def kit_state_dir(self) -> Path:
        """Where the kit's helpers keep their state (KIT_STATE_DIR) for kernels on this sandbox."""
        return self.db_path.parent / "kit-state"

    def client(self) -> Client:
        return Client(self.account_sid, self.auth_token, http_client=SandboxHttpClient(self.url))

    def start(self) -> None:
        env = {
            "SANDBOX_ACCOUNT_SID": self.account_sid,
            "SANDBOX_AUTH_TOKEN": self.auth_token,
            **self.settings,
        }
        process = start_detached(self.url, self.db_path, env=env)
        wait_until_healthy(self.url, timeout=START_TIMEOUT, process=process)

    def stop(self) -> None:
        stop(self.db_path)

    def reset(self) -> None:
        response = self.client().request("POST", f"{self.url}/sandbox/Reset")
        assert response.status_code == 200, response.text

    def save(self, copy: Path) -> None:
        """Its state (database, write-ahead log, the kit's state) copied into `copy`: the
        sandbox stopped for the copy, then started again at the same address."""
        self.stop()
        try:
            copy.mkdir(parents=True)
            for path in self._files():
                shutil.copy2(path, copy / path.name)
            if self.kit_state_dir.exists():
                shutil.copytree(self.kit_state_dir, copy / self.kit_state_dir.name)
        finally:
            self.start()

    def restore(self, copy: Path) -> None:
        """Back to the state `save` copied into `copy`, and started again at the same address:
        under a second, where making that state again may take a notebook's kernel and its
        waits for carriers' reports."""
        self.stop()
        for path in self._files():
            path.unlink()
        shutil.rmtree(self.kit_state_dir, ignore_errors=True)
        self._put_back(copy)
        self.start()

    def _put_back(self, copy: Path) -> None:
        """The files `save` copied into `copy`, beside this server's database (not running)."""
        for path in copy.iterdir():
            if path.name == self.kit_state_dir.name:
                shutil.copytree(path, self.kit_state_dir)
            else:
                shutil.copy2(path, self.db_path.parent / path.name)

    def _files(self) -> list[Path]:
        """The database and SQLite's files beside it (its write-ahead log, shared memory)."""
        suffixes = ("", "-wal", "-shm")
        return [p for p in (Path(f"{self.db_path}{s}") for s in suffixes) if p.exists()]


def start_sandbox(directory: Path, saved: Path | None = None, **settings: str) -> SandboxServer:
    """A sandbox on a free port with its database in `directory`: empty, or the state another
    server `save`d into `saved`."""
    server = SandboxServer(
        f"http://127.0.0.1:{free_port()}", directory / "sandbox.db", settings=settings
    )
    if saved is not None:
        server._put_back(saved)
    server.start()
    return server
