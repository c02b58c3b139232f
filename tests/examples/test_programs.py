"""The examples stand on their own: each program explains itself with --help, and they import
only the twilio SDK, the standard library, python-dotenv and (the webhook app) Flask."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import ROOT

EXAMPLES = ROOT / "examples"
PROGRAMS = sorted(p.name for p in EXAMPLES.glob("*.py") if p.stem not in {"cli", "group_text"})
THEIR_OWN = {"cli", "group_text", "webhook_app"}
ALLOWED = {"twilio", "dotenv", "flask", *THEIR_OWN}


def test_there_are_programs_for_each_step() -> None:
    assert {
        "create_conversation.py",
        "add_participants.py",
        "send_message.py",
        "show_history.py",
        "remove_participant.py",
        "close_conversation.py",
        "webhook_app.py",
    } <= set(PROGRAMS)


@pytest.mark.parametrize("program", PROGRAMS)
def test_each_program_explains_itself(program: str) -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / program), "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0 and "usage:" in result.stdout, result.stderr


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.py")), ids=lambda p: p.name)
def test_each_example_imports_only_twilio_and_the_standard_library(path: Path) -> None:
    imported = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            imported.add(node.module.split(".")[0])
    others = imported - set(sys.stdlib_module_names) - ALLOWED
    assert others == set(), f"{path.name} imports {others}"
