"""The user's own sandbox: where its state lives, and its record, trusted only if private.

`python -m sandbox` writes the record beside its database (`sandbox.json` for `sandbox.db`,
mode 0600: `url`, `account_sid`, `auth_token`, `api_key_sid`, `api_key_secret`, `pid`); the
kit only reads it. The file and its rules are a documented contract with the sandbox
(docs/sandbox.md#the-record), which applies the same rule for where its state lives.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from helpers._local.sandbox_process import SandboxUnavailable

KIT_ROOT = Path(__file__).resolve().parent.parent
STATE_FOLDER = ".sandbox"
APP_NAME = "group-texting-lab"


class RecordNotYours(SandboxUnavailable):
    """The record belongs to another user: the kit never uses their sandbox."""


class RecordExposed(SandboxUnavailable):
    """The record could be read by other users, so its token may be known to them."""


@dataclass(frozen=True)
class SandboxRecord:
    """Where a sandbox listens and the credentials it accepts."""

    url: str
    account_sid: str
    auth_token: str = field(repr=False)
    api_key_sid: str
    api_key_secret: str = field(repr=False)
    pid: int | None = None


def state_dir(env: Mapping[str, str] | None = None, kit_root: Path = KIT_ROOT) -> Path:
    """The kit's `.sandbox/` when the checkout is the user's own and writable, else
    `$XDG_STATE_HOME/group-texting-lab/<kit>` (default `~/.local/state`): a shared kit."""
    env = os.environ if env is None else env
    if kit_root.stat().st_uid == os.geteuid() and os.access(kit_root, os.W_OK):
        return kit_root / STATE_FOLDER
    home = Path(env.get("HOME") or Path.home())
    xdg = env.get("XDG_STATE_HOME") or ""
    base = Path(xdg) if os.path.isabs(xdg) else home / ".local" / "state"
    digest = hashlib.sha256(str(kit_root).encode()).hexdigest()[:12]
    return base / APP_NAME / f"{kit_root.name}-{digest}"


def default_db(env: Mapping[str, str] | None = None, kit_root: Path = KIT_ROOT) -> Path:
    return state_dir(env, kit_root) / "sandbox.db"


def record_file(db_path: Path) -> Path:
    return db_path.with_suffix(".json")


def private_folder(folder: Path) -> None:
    """Create `folder` for its user alone, or close one of theirs that others could enter."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = folder.stat()
    if info.st_uid == os.geteuid() and info.st_mode & 0o077:
        folder.chmod(0o700)


def read_record(path: Path) -> SandboxRecord | None:
    """The record at `path`; None when there is none or it is unreadable (a new one replaces it).

    Raises RecordNotYours or RecordExposed, each with a sentence saying what to do.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise RecordNotYours(
            f"The sandbox record {path} cannot be opened as yours ({error.strerror}): the kit "
            "never uses another user's sandbox. Set SANDBOX_DB to a file in a folder of your own."
        ) from error
    with os.fdopen(descriptor) as opened:
        info = os.fstat(opened.fileno())
        if info.st_uid != os.geteuid():
            raise RecordNotYours(
                f"The sandbox record {path} belongs to another user (uid {info.st_uid}): the kit "
                "never uses another user's sandbox. Set SANDBOX_DB to a file in a folder of your "
                "own, or run the kit from your own copy."
            )
        if info.st_mode & 0o077:
            raise RecordExposed(
                f"The sandbox record {path} could be read by other users (mode "
                f"{info.st_mode & 0o777:o}), so they may know its token."
            )
        try:
            fields = json.load(opened)
            return SandboxRecord(
                url=str(fields["url"]),
                account_sid=str(fields["account_sid"]),
                auth_token=str(fields["auth_token"]),
                api_key_sid=str(fields["api_key_sid"]),
                api_key_secret=str(fields["api_key_secret"]),
                pid=int(fields["pid"]),
            )
        except (ValueError, KeyError, TypeError):
            return None


@contextmanager
def start_lock(db_path: Path) -> Iterator[None]:
    """Held while a kernel reads the record and starts the sandbox, so two start only one."""
    lock_path = db_path.with_suffix(".lock")
    descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)
