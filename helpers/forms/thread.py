"""The panes' messaging widgets: a thread that keeps the newest text in view, a box where
Enter sends. Browser-side code in `static/` (anywidget), state in synced traits."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import anywidget
import traitlets

STATIC = Path(__file__).parent / "static"


@dataclass(frozen=True)
class Bubble:
    """One message in a thread: `mine` ones sit on the right, like on a phone.

    `time` is ISO-8601 (the browser shows it in its local time); `status` is the delivery
    state a phone shows under what it sent (`sent`, `delivered`, `failed`), or "".
    """

    id: str
    body: str
    meta: str
    mine: bool
    time: str = ""
    status: str = ""


class ThreadView(anywidget.AnyWidget):
    """A scrolling thread: newest at the bottom, scrolled into view as it arrives unless the
    reader scrolled up (then a "new messages ↓" marker). Re-rendering keeps their place."""

    _esm = STATIC / "thread.js"
    _css = STATIC / "thread.css"
    bubbles = traitlets.List(traitlets.Dict()).tag(sync=True)
    empty = traitlets.Unicode("No messages yet.").tag(sync=True)

    def show(self, bubbles: list[Bubble]) -> bool:
        """Show `bubbles`, unless they are shown already; True if the thread changed."""
        rows = [asdict(bubble) for bubble in bubbles]
        if rows == self.bubbles:
            return False
        self.bubbles = rows
        return True

    @property
    def text(self) -> str:
        """What the thread says, as plain text: each bubble's meta line and body."""
        return "\n".join(f"{b['meta']}: {b['body']}" for b in self.bubbles) or self.empty


class MessageBox(anywidget.AnyWidget):
    """A one-line message box: Enter sends (runs the `on_submit` callbacks), as in chat apps."""

    _esm = STATIC / "message_box.js"
    _css = STATIC / "message_box.css"
    value = traitlets.Unicode("").tag(sync=True)
    placeholder = traitlets.Unicode("").tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._submitted: list[Callable[[MessageBox], None]] = []
        self.on_msg(self._message)

    def on_submit(self, callback: Callable[[MessageBox], None]) -> None:
        self._submitted.append(callback)

    def focus(self) -> None:
        """Put the cursor back in the box (after a click on Send)."""
        self.send({"event": "focus"})

    def _message(self, _: Any, content: dict[str, Any], buffers: list[bytes]) -> None:
        if content.get("event") == "submit":
            for callback in self._submitted:
                callback(self)
