"""The kit's house rules, checked on every run: lint-clean code and secrets kept out of git."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_finds_nothing() -> None:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed (it is in requirements.txt; run make test)")
    result = subprocess.run([ruff, "check", "--quiet", str(ROOT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "path",
    [".env", ".sandbox/sandbox.db", ".sandbox/sandbox.log", ".kit/AC1-webhook-configuration.json"],
)
def test_secrets_and_sandbox_state_are_git_ignored(path: str) -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    result = subprocess.run(
        ["git", "check-ignore", "--quiet", path], cwd=ROOT, capture_output=True, check=False
    )
    assert result.returncode == 0, f"{path} is not ignored by git"


def test_no_type_checker_is_silenced() -> None:
    # The kit runs no type checker (make lint is ruff), so silencing one in a comment only hides
    # a wrong type from the reader: the types say it instead.
    marker = "type: " + "ignore"
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("helpers", "lab_contract", "sandbox", "tests", "bench")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if marker in line
    ]
    assert found == []
