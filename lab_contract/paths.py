"""Where the sandbox's state lives: its folder, its database, and the files beside it.

The user's own, writable checkout keeps it in `.sandbox/`; a kit that is not theirs (a shared,
read-only install) in `$XDG_STATE_HOME/group-texting-lab/<kit>` (default `~/.local/state`).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from pathlib import Path

KIT_ROOT = Path(__file__).resolve().parent.parent
STATE_FOLDER = ".sandbox"
APP_NAME = "group-texting-lab"
DB_NAME = "sandbox.db"


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
    """The sandbox's database when SANDBOX_DB names none."""
    return state_dir(env, kit_root) / DB_NAME


def record_file(db_path: Path) -> Path:
    """The sandbox's record, beside its database (`sandbox.json` for `sandbox.db`)."""
    return db_path.with_suffix(".json")


def log_file(db_path: Path) -> Path:
    """Where a sandbox started in the background writes its log (beside its database)."""
    return db_path.with_suffix(".log")
