"""The sandbox's record: where it listens and its credentials, readable by its user alone.

`python -m sandbox` writes it beside its database (`sandbox.json` for `sandbox.db`), mode
0600, atomically, once its port is bound, and removes it when it stops. The kit's helpers read
it (`helpers/_local/sandbox_record.py`) to find *their user's* sandbox; its fields are a documented
contract between the two packages, like the HTTP API (docs/sandbox.md#the-record).
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Record:
    url: str
    account_sid: str
    auth_token: str = field(repr=False)
    api_key_sid: str
    api_key_secret: str = field(repr=False)
    pid: int


def record_file(db_path: Path) -> Path:
    return db_path.with_suffix(".json")


def write(path: Path, record: Record) -> None:
    """Write `record` to `path` as its user alone may read it, replacing any older one at once."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as out:
        json.dump({"version": FORMAT_VERSION, **asdict(record)}, out, indent=2)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, path)


def remove(path: Path, pid: int) -> None:
    """Remove the record at `path` if it is the one process `pid` wrote."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        if json.loads(path.read_text()).get("pid") == pid:
            path.unlink()


def read(path: Path) -> Record | None:
    """The record at `path` if its user alone can read it (theirs, mode 0600); else None."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    with os.fdopen(descriptor) as opened:
        info = os.fstat(opened.fileno())
        if info.st_uid != os.geteuid() or info.st_mode & 0o077:
            return None
        try:
            fields = json.load(opened)
            fields.pop("version", None)
            return Record(**fields)
        except (ValueError, TypeError):
            return None
