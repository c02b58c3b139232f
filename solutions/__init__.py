"""Solutions to the walkthrough's exercises, one module each: `solve(client)` returns the answer
that `helpers.exercises.check` accepts. Run one against your sandbox: `python -m solutions 01`."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from twilio.rest import Client

HERE = Path(__file__).parent


def solution(exercise: str) -> Callable[[Client], object]:
    """The `solve` function of `exercise` ("01", "02", …)."""
    (path,) = HERE.glob(f"ex{exercise}_*.py")
    module = importlib.import_module(f"solutions.{path.stem}")
    solve: Callable[[Client], object] = module.solve
    return solve


def exercises() -> list[str]:
    """Every exercise that has a solution, in order."""
    return sorted(path.stem[2:4] for path in HERE.glob("ex[0-9][0-9]_*.py"))
