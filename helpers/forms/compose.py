"""What every pane with a message box shares: send, then clear, refresh and tell."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from helpers.forms.feedback import Outcome, Status


class Composer(widgets.VBox):
    """A pane with a `body` box and a Send `button`; subclasses say what sending does."""

    body: widgets.Text
    button: widgets.Button
    status: Status
    on_sent: Callable[[Any], None] | None

    def submit(self) -> Outcome:
        """Send what is typed (the Send button runs exactly this)."""
        self.button.disabled = True
        try:
            outcome = self._deliver()
        finally:
            self.button.disabled = False
        if outcome.ok:
            self.body.value = ""
            self.refresh()
            if self.on_sent:
                self.on_sent(outcome.result)
        return self.status.show(outcome)

    def refresh(self) -> bool:
        """Re-read what the pane shows; True if it changed."""
        return False

    def _deliver(self) -> Outcome:
        raise NotImplementedError
