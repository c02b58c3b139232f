"""The sandbox's error messages read as Twilio's do: no closing period.

Twilio's own messages carry none, and Twilio's tools add their own after them (twilio-cli
prints "<message>. See https://…"), so a message that ends with one reads "…first.. See …".
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from sandbox import errors

SANDBOX = Path(errors.__file__).resolve().parent
ERRORS = {
    name
    for name, value in vars(errors).items()
    if inspect.isclass(value) and issubclass(value, errors.ApiError)
}


def _last_text(node: ast.expr) -> str | None:
    """The literal text a message ends with, if the expression is a (formatted) string."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and node.values:
        return _last_text(node.values[-1]) if isinstance(node.values[-1], ast.Constant) else ""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _last_text(node.right)
    return None


def _messages() -> list[tuple[str, str]]:
    found = []
    for path in sorted(SANDBOX.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            texts: list[ast.expr] = []
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ERRORS:
                texts = node.args[:1]
            elif isinstance(node, ast.Assign) and any(
                getattr(t, "id", None) == "default_message" for t in node.targets
            ):
                texts = [node.value]
            for text in texts:
                end = _last_text(text)
                if end is not None:
                    found.append((f"{path.relative_to(SANDBOX)}:{node.lineno}", end))
    return found


def test_the_scan_finds_the_sandboxs_messages() -> None:
    assert len(_messages()) > 40  # the check below would pass on nothing found


def test_no_sandbox_error_message_ends_with_a_period() -> None:
    assert [where for where, text in _messages() if text.rstrip().endswith(".")] == []


@pytest.mark.parametrize(
    "call",
    [
        lambda v1: v1.conversations("CH" + "0" * 32).fetch(),
        lambda v1: v1.conversations.create(state="sleeping"),
        lambda v1: v1.conversations.create(timers_inactive="PT5M"),
    ],
)
def test_errors_through_the_sdk_end_without_a_period(
    client: Client, call: Callable[[Any], object]
) -> None:
    with pytest.raises(TwilioRestException) as caught:
        call(client.conversations.v1)
    assert not caught.value.msg.endswith("."), caught.value.msg
