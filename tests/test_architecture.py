"""The kit and the emulator stand apart: no import either way, only the documented HTTP calls."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

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
    assert kit.DEFAULT_SANDBOX_DB == emulator.DEFAULT_DB
    assert (kit.DEFAULT_SANDBOX_HOST, kit.DEFAULT_SANDBOX_PORT) == (
        emulator.DEFAULT_HOST,
        emulator.DEFAULT_PORT,
    )
