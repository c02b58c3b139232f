"""What a handler gets (one request, parsed, inside its transaction) and gives back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sandbox.api.forms import Params
from sandbox.engine import Engine
from sandbox.engine.context import Context
from sandbox.engine.pre_events import ALLOWED, Verdict


@dataclass
class Call:
    params: Params
    path: dict[str, str]
    ctx: Context
    engine: Engine
    verdict: Verdict = ALLOWED  # a phone's text: what the pre-event webhook decided

    @property
    def account_sid(self) -> str:
        return self.ctx.account_sid


@dataclass(frozen=True)
class Reply:
    status: int
    body: dict[str, Any] | bytes | None = None  # bytes: JSON already encoded (a list's page)


Handler = Callable[[Call], Reply]


def created(body: dict[str, Any]) -> Reply:
    return Reply(201, body)


def ok(body: dict[str, Any] | bytes) -> Reply:
    return Reply(200, body)


NO_CONTENT = Reply(204)
