"""The sandbox's record: where it listens and its credentials, readable by its user alone.

`python -m sandbox` writes it beside its database (`sandbox.json` for `sandbox.db`), mode
0600, atomically, once its port is bound, and removes it when it stops. The kit's helpers read
it to find *their user's* sandbox and trust it only when it is that user's own file, closed to
others (docs/sandbox.md#the-record).
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

FORMAT_VERSION = 1


class RecordRefused(RuntimeError):
    """A record the kit must not use; the message says why and what to do."""


class RecordNotYours(RecordRefused):
    """The record belongs to another user: the kit never uses their sandbox."""


class RecordExposed(RecordRefused):
    """The record could be read by other users, so its token may be known to them."""


@dataclass(frozen=True)
class Record:
    """Where a sandbox listens and the credentials it accepts."""

    url: str
    account_sid: str
    auth_token: str = field(repr=False)
    api_key_sid: str
    api_key_secret: str = field(repr=False)
    pid: int


def write_record(path: Path, record: Record) -> None:
    """Write `record` to `path` as its user alone may read it, replacing any older one at once."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as out:
        json.dump({"version": FORMAT_VERSION, **asdict(record)}, out, indent=2)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, path)


def remove_record(path: Path, pid: int) -> None:
    """Remove the record at `path` if it is the one process `pid` wrote."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        if json.loads(path.read_text()).get("pid") == pid:
            path.unlink()


def read_record(path: Path) -> Record | None:
    """The record at `path`; None when there is none, or it is unreadable or of another format
    version (a new one replaces it).

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
            return _valid(json.load(opened))
        except (ValueError, KeyError, TypeError):
            return None


def _valid(fields: dict[str, object]) -> Record | None:
    """The record these fields describe, if they are of this format version and complete."""
    if fields.get("version") != FORMAT_VERSION:
        return None
    return Record(
        url=str(fields["url"]),
        account_sid=str(fields["account_sid"]),
        auth_token=str(fields["auth_token"]),
        api_key_sid=str(fields["api_key_sid"]),
        api_key_secret=str(fields["api_key_secret"]),
        pid=int(str(fields["pid"])),
    )
