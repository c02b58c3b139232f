"""What a handler gets (one request, parsed, inside its transaction) and gives back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, BinaryIO

from sandbox.api.params import Params
from sandbox.engine.context import Context
from sandbox.engine.engine import Engine
from sandbox.engine.paging import PageRequest
from sandbox.engine.pre_events import ALLOWED, PreEvent, Verdict
from sandbox.errors import NotFound


@dataclass
class Call:
    params: Params
    path: dict[str, str]
    ctx: Context
    engine: Engine
    verdict: Verdict = ALLOWED  # what the pre-event webhook decided of this action
    upload: Upload | None = None  # a media upload's bytes, not form fields
    page_size_maximum: int = 100  # a list's largest PageSize (endpoints.PAGE_SIZE_MAXIMUM)

    @property
    def account_sid(self) -> str:
        return self.ctx.account_sid

    def page_request(self) -> PageRequest:
        """PageSize, Page and PageToken, PageSize up to this list's own maximum."""
        return self.params.page_request(self.page_size_maximum)

    def require_own_account(self) -> None:
        """A 2010 path names an account: another account's SID is a resource it cannot see."""
        if self.path["account"] != self.account_sid:
            raise NotFound(
                f"The requested resource /2010-04-01/Accounts/{self.path['account']} was not found"
            )


@dataclass(frozen=True)
class Upload:
    """A request's body as it came (a media file, spooled to disk past a size), its length and
    its Content-Type."""

    content: BinaryIO
    size: int
    content_type: str


@dataclass(frozen=True)
class Reply:
    status: int
    # bytes: JSON already encoded (a list's page); a file: a media file's bytes, streamed
    body: dict[str, Any] | bytes | BinaryIO | None = None
    media_type: str = "application/json"  # another: `body` is a media file


Handler = Callable[[Call], Reply]
PreEvents = Callable[[Call], list[PreEvent]]


@dataclass(frozen=True)
class Write:
    """A handler whose action has pre-events: `asks` describes them from a read-only look, so
    that the receiver is asked before the action's transaction begins; `run` is the action, and
    applies `call.verdict`'s changes."""

    run: Handler
    asks: PreEvents

    def __call__(self, call: Call) -> Reply:
        return self.run(call)


def asks(pre_events: PreEvents) -> Callable[[Handler], Write]:
    """Declare a handler's pre-events: `@asks(lambda call: ...)` above it."""

    def declare(run: Handler) -> Write:
        return Write(run, pre_events)

    return declare


def created(body: dict[str, Any]) -> Reply:
    return Reply(201, body)


def ok(body: dict[str, Any] | bytes) -> Reply:
    return Reply(200, body)


NO_CONTENT = Reply(204)
