"""The kit and the emulator stand apart: no import either way, only the documented HTTP calls."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

import helpers._local.sandbox_record as kit_record
import helpers.settings as kit
import sandbox.config as emulator

ROOT = Path(__file__).resolve().parent.parent


def _imported_modules(package: str) -> set[tuple[str, str]]:
    found = set()
    for path in (ROOT / package).rglob("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found |= {(str(path.relative_to(ROOT)), alias.name) for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add((str(path.relative_to(ROOT)), node.module))
    return found


def test_the_sandbox_imports_nothing_from_the_kits_helpers() -> None:
    offenders = {(f, m) for f, m in _imported_modules("sandbox") if m.split(".")[0] == "helpers"}
    assert offenders == set()


def test_the_helpers_import_nothing_of_the_sandbox() -> None:
    offenders = {(f, m) for f, m in _imported_modules("helpers") if m.split(".")[0] == "sandbox"}
    assert offenders == set()


def test_importing_the_kit_loads_no_server_and_no_database() -> None:
    script = (
        "import sys, helpers, helpers.forms, helpers.views, helpers.phones, helpers.cleanup, "
        "helpers.sandbox_api, helpers.tokens\n"
        "print('\\n'.join(sorted(sys.modules)))"
    )
    loaded = set(
        subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
        ).stdout.split()
    )
    heavy = {"starlette", "uvicorn", "sqlite3", "_sqlite3", "sandbox"}
    assert {name.split(".")[0] for name in loaded} & heavy == set()


def test_kit_and_sandbox_agree_on_the_documented_defaults() -> None:
    assert kit.DEFAULT_SANDBOX_ACCOUNT_SID == emulator.DEFAULT_ACCOUNT_SID
    assert kit.DEFAULT_SANDBOX_AUTH_TOKEN == emulator.DEFAULT_AUTH_TOKEN
    assert kit.DEFAULT_SANDBOX_API_KEY_SID == emulator.DEFAULT_API_KEY_SID
    assert kit.DEFAULT_SANDBOX_API_KEY_SECRET == emulator.DEFAULT_API_KEY_SECRET


@pytest.mark.parametrize("xdg", ["", "/srv/state", "relative/ignored"])
def test_kit_and_sandbox_keep_their_state_in_the_same_folder(tmp_path: Path, xdg: str) -> None:
    """The user's own checkout holds `.sandbox/`; a kit that is not theirs, their state folder."""
    env = {"HOME": str(tmp_path / "home"), "XDG_STATE_HOME": xdg}
    assert kit_record.state_dir(env) == emulator.state_dir(env) == ROOT / ".sandbox"
    shared = tmp_path / "shared-kit"
    shared.mkdir()
    if os.geteuid() == 0:
        os.chown(shared, 65534, 65534)  # a kit that is not root's own
    else:
        shared.chmod(0o555)  # a read-only kit
    assert kit_record.state_dir(env, shared) == emulator.state_dir(env, shared)
    expected_base = "/srv/state" if xdg == "/srv/state" else str(tmp_path / "home/.local/state")
    assert str(kit_record.state_dir(env, shared)).startswith(expected_base + "/group-texting-lab/")
    assert kit_record.default_db(env) == emulator.default_db(env)
