"""The sandbox's process: its pid file beside its database, and how to stop it (the record and
the log file beside it are the contract's, `lab_contract`)."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from lab_contract.paths import record_file
from lab_contract.record import remove_record


def pid_file(db_path: Path) -> Path:
    return db_path.with_suffix(".pid")


def stop(db_path: Path, timeout: float = 10.0) -> bool:
    """Stop the sandbox that serves `db_path` (SIGTERM, then SIGKILL). True if one was running."""
    path = pid_file(db_path)
    try:
        pid = int(path.read_text().strip())
    except (OSError, ValueError):
        return False
    if not alive(pid):
        path.unlink(missing_ok=True)
        remove_record(record_file(db_path), pid)
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if alive(pid):
        os.kill(pid, signal.SIGKILL)
    path.unlink(missing_ok=True)
    remove_record(record_file(db_path), pid)
    return True


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie child of ours counts as gone
        done, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:  # another's child: gone too once it is a zombie
        return not _zombie(pid)
    return done == 0


def _zombie(pid: int) -> bool:
    """Whether `pid` has exited and only waits for its parent to read its status (Linux's /proc;
    elsewhere False). `python -m sandbox stop` otherwise waited out its whole timeout for a
    sandbox that a notebook's kernel (or a test) started, and that had stopped at once."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[:1] == ["Z"]
