"""A private sandbox for one test session: its own database, a free port, a random token; and
what a test does with it through the SDK's client (reset, phones, clock)."""

from __future__ import annotations

import contextlib
import secrets
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from twilio.rest import Client

from helpers import sandbox_api
from helpers._local.sandbox_process import SandboxUnavailable, start_detached
from helpers._local.transport import SandboxHttpClient
from lab_contract.defaults import DEFAULT_SANDBOX_ACCOUNT_SID
from lab_contract.paths import log_file, record_file
from lab_contract.record import Record, read_record

START_TIMEOUT = 30.0
LOG_LINES = 20


class SandboxDidNotStart(SandboxUnavailable):
    """The session's sandbox stopped before it served; the message ends with its last log lines."""


@dataclass
class TwilioSandbox:
    """What a test gets: `client`, a `twilio.rest.Client` talking to the sandbox, and the
    simulated phones and clock, which no Twilio API has."""

    client: Client
    record: Record = field(repr=False)

    def buy_number(self, phone_number: str = "+15005550006") -> str:
        """A Twilio number of the sandbox's account (IncomingPhoneNumbers), for your app."""
        return str(
            self.client.incoming_phone_numbers.create(phone_number=phone_number).phone_number
        )

    def text(self, phone: str, twilio_number: str, body: str) -> dict[str, Any]:
        """The phone `phone` texts `twilio_number`, as a person would: routed as Twilio would."""
        return sandbox_api.phone_texts(self.client, phone, twilio_number, body)

    def screen(self, phone: str) -> list[dict[str, Any]]:
        """Every text on the phone's screen, oldest first: `direction` (sent, received), `from`,
        `to`, `body`, `status`, ..."""
        return list(reversed(sandbox_api.phone_inbox(self.client, phone)))

    def received(self, phone: str) -> list[str]:
        """The bodies of the texts the phone has received, oldest first."""
        return [text["body"] for text in self.screen(phone) if text["direction"] == "received"]

    def set_phone_state(self, phone: str, state: str) -> str:
        """`reachable`, `unreachable` (30003), `landline` (30006) or `filtering` (30007)."""
        return sandbox_api.set_phone_state(self.client, phone, state)

    def now(self) -> str:
        return sandbox_api.clock_now(self.client)

    def advance_clock(self, seconds: int) -> str:
        """Move the sandbox's clock; timers that fall due (inactive, closed) fire at once."""
        return sandbox_api.advance_clock(self.client, seconds)

    def reset(self) -> None:
        """Everything deleted, numbers included: the next test starts from an empty account."""
        sandbox_api.reset(self.client)


@dataclass
class SessionSandbox:
    """The sandbox process of one test session."""

    process: subprocess.Popen[bytes]
    record: Record

    def client(self) -> Client:
        transport = SandboxHttpClient(self.record.url)
        return Client(self.record.account_sid, self.record.auth_token, http_client=transport)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start(folder: Path, timeout: float = START_TIMEOUT) -> SessionSandbox:
    """A sandbox on a free loopback port with a random token and its database in `folder`.

    If it stops before serving, SandboxDidNotStart carries the last lines of its log."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    db_path = folder / "sandbox.db"
    env = {
        "SANDBOX_ACCOUNT_SID": DEFAULT_SANDBOX_ACCOUNT_SID,
        "SANDBOX_AUTH_TOKEN": secrets.token_urlsafe(32),
    }
    process = start_detached(None, db_path, env=env)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        record = read_record(record_file(db_path))
        ours = record is not None and record.pid == process.pid
        if ours and record is not None and sandbox_api.probe(record.url).is_sandbox:
            return SessionSandbox(process, record)
        if process.poll() is not None:
            raise SandboxDidNotStart(
                f"The test session's sandbox stopped (exit {process.returncode}) before it "
                f"served. The end of its log, {log_file(db_path)}:\n{last_lines(db_path)}"
            )
        time.sleep(0.05)
    with contextlib.suppress(OSError):
        process.kill()
    raise SandboxDidNotStart(
        f"The test session's sandbox did not answer within {timeout:.0f} s. The end of its log, "
        f"{log_file(db_path)}:\n{last_lines(db_path)}"
    )


def last_lines(db_path: Path) -> str:
    try:
        return "\n".join(log_file(db_path).read_text(errors="replace").splitlines()[-LOG_LINES:])
    except OSError:
        return "(no log)"
