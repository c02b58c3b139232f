"""Which sandbox `connect()` uses: the one SANDBOX_URL names, or the user's own, started once.

Never one it was not told about: the user's own is the one their record names, proved by an
authenticated call before use (another user's sandbox on a reused port answers 401).
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from helpers._local.sandbox_process import SandboxUnavailable, start_detached, wait_until_healthy
from helpers.sandbox_api import accepts, probe
from helpers.settings import Settings, sandbox_api_key
from lab_contract.defaults import DEFAULT_SANDBOX_AUTH_TOKEN
from lab_contract.paths import log_file, record_file
from lab_contract.record import Record, RecordExposed, RecordNotYours, read_record

START_TIMEOUT = 20.0


def find_sandbox(settings: Settings, db_path: Path, *, is_default_db: bool) -> Record:
    """The sandbox to use and its credentials, started in the background if need be."""
    if is_default_db:
        private_folder(db_path.parent)
    else:
        db_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with start_lock(db_path):
        if settings.sandbox_url:
            return _named(settings, settings.sandbox_url, db_path)
        return _own(settings, db_path)


def private_folder(folder: Path) -> None:
    """Create `folder` for its user alone, or close one of theirs that others could enter."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = folder.stat()
    if info.st_uid == os.geteuid() and info.st_mode & 0o077:
        folder.chmod(0o700)


@contextmanager
def start_lock(db_path: Path) -> Iterator[None]:
    """Held while a kernel reads the record and starts the sandbox, so two start only one."""
    descriptor = os.open(db_path.with_suffix(".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def _own(settings: Settings, db_path: Path) -> Record:
    path = record_file(db_path)
    record = _trusted(path, db_path)
    if record is not None and _proves(record):
        if _token_as_set(record, settings):
            return record
        print(
            "SANDBOX_AUTH_TOKEN is not the token your sandbox was started with: restarting it "
            "with the one you set (its conversations and messages are kept)."
        )
        _stop(db_path)
        record = None
    if record is not None:
        print(
            f"The sandbox recorded in {path} no longer answers at {record.url} (it stopped, or "
            "another program took its port): starting a new one."
        )
    process = start_detached(None, db_path, env=_server_env(settings))
    return _wait_for_record(path, process, log_file(db_path))


def _trusted(path: Path, db_path: Path) -> Record | None:
    """The record at `path`; an exposed one's sandbox is stopped and the record dropped."""
    try:
        return read_record(path)
    except RecordNotYours as error:
        raise SandboxUnavailable(str(error)) from error
    except RecordExposed as error:
        print(f"{error} Stopping its sandbox and starting one with new credentials.")
        _stop(db_path)
        path.unlink(missing_ok=True)
        return None


def _token_as_set(record: Record, settings: Settings) -> bool:
    """Whether the sandbox takes the token the user set (none set: any token it made is)."""
    return settings.sandbox_auth_token in (None, record.auth_token)


def _stop(db_path: Path) -> None:
    """Stop the user's own sandbox on `db_path` (its state stays on disk)."""
    subprocess.run(
        [sys.executable, "-m", "sandbox", "stop", "--db", str(db_path)],
        capture_output=True,
        check=False,
        timeout=30,
    )


def _proves(record: Record) -> bool:
    health = probe(record.url)
    return (
        health.is_sandbox
        and health.pid == record.pid
        and accepts(record.url, record.account_sid, record.auth_token)
    )


def _wait_for_record(
    path: Path, process: subprocess.Popen[bytes], log: Path, timeout: float = START_TIMEOUT
) -> Record:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        record = read_record(path)
        if record is not None and record.pid == process.pid and _proves(record):
            return record
        if process.poll() is not None:
            break
        time.sleep(0.1)
    raise SandboxUnavailable(f"The sandbox did not start: see its log, {log}.")


def _named(settings: Settings, url: str, db_path: Path) -> Record:
    health = probe(url)
    if health.answered and not health.is_sandbox:
        raise SandboxUnavailable(
            f"Something that is not the kit's sandbox is answering at {url}. Stop it, or "
            "point SANDBOX_URL at a free port, or unset it for a private sandbox on a free port."
        )
    if not health.answered:
        process = start_detached(url, db_path, env=_server_env(settings))
        health = wait_until_healthy(url, process=process, log=log_file(db_path))
    recorded = read_record(record_file(db_path))
    if recorded is not None and recorded.pid != health.pid:
        recorded = None  # the record of another sandbox than the one answering here
    if health.account_sid and health.account_sid != settings.sandbox_account_sid:
        raise SandboxUnavailable(
            f"The sandbox at {url} serves account {health.account_sid}, but SANDBOX_ACCOUNT_SID "
            f"is {settings.sandbox_account_sid}. Use the same credentials for both, or stop it "
            "with `python -m sandbox stop`."
        )
    key_sid, key_secret = sandbox_api_key()
    record = Record(
        url=url,
        account_sid=settings.sandbox_account_sid,
        auth_token=settings.sandbox_auth_token
        or (recorded.auth_token if recorded else DEFAULT_SANDBOX_AUTH_TOKEN),
        api_key_sid=recorded.api_key_sid if recorded else key_sid,
        api_key_secret=recorded.api_key_secret if recorded else key_secret,
        pid=health.pid,
    )
    if not accepts(url, record.account_sid, record.auth_token):
        raise SandboxUnavailable(
            f"The sandbox at {url} refuses the kit's credentials: it is not yours, or it has "
            "another token. Set SANDBOX_AUTH_TOKEN to its token, or unset SANDBOX_URL to use a "
            "private sandbox of your own."
        )
    return record


def _server_env(settings: Settings) -> dict[str, str]:
    """What a sandbox the kit starts is told; told no token, it makes a random one."""
    env = {"SANDBOX_ACCOUNT_SID": settings.sandbox_account_sid}
    if settings.sandbox_auth_token:
        env["SANDBOX_AUTH_TOKEN"] = settings.sandbox_auth_token
    return env
