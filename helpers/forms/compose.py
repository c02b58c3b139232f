"""What every form shares: a button that submits, an outcome shown below, a message box."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from helpers.forms.feedback import Outcome, Status
from helpers.forms.thread import MessageBox

PANE = {"width": "32%", "min_width": "260px", "padding": "4px"}  # three panes side by side


def heading(icon: str, name: str, title: str = "", detail: str = "") -> widgets.HTML:
    """A pane's title: an icon, whose it is (escaped), a small note, and a line of detail."""
    return widgets.HTML(heading_html(icon, name, title, detail))


def heading_html(icon: str, name: str, title: str = "", detail: str = "") -> str:
    note = f" <small>{html.escape(title)}</small>" if title else ""
    more = f'<br><small class="gtl-detail">{html.escape(detail)}</small>' if detail else ""
    return f"<b>{icon} {html.escape(name)}</b>{note}{more}"


def tag(**named: widgets.Widget) -> None:
    """Give each widget the CSS class `gtl-<name>`, so a browser test (or a style) finds it."""
    for name, widget in named.items():
        widget.add_class(f"gtl-{name}")


def widen(*fields: widgets.DescriptionWidget) -> None:
    """Room for a field's whole description and value (ipywidgets cuts both short)."""
    for field in fields:
        field.style.description_width = "100px"
        field.layout.width = "520px"
        if isinstance(field, widgets.ToggleButtons):  # its label sits on a line of its own
            field.add_class("widget-inline-hbox")  # otherwise; inline, as the other fields'


def fill_in(values: dict[widgets.ValueWidget, Any]) -> None:
    """Set each widget's value as a person would type it; None leaves a widget as it is."""
    for widget, value in values.items():
        if value is not None:
            widget.value = value


class Form(widgets.VBox):
    """A form whose `button` runs `submit()`; subclasses say what submitting does."""

    button: widgets.Button
    status: Status

    def submit(self) -> Outcome:
        """Do what the form is for and show how it went (the button runs exactly this)."""
        self.button.disabled = True
        try:
            outcome = self._carry_out()
        finally:
            self.button.disabled = False
        if outcome.ok:
            self._done(outcome)
        return self.status.show(outcome)

    def _carry_out(self) -> Outcome:
        raise NotImplementedError

    def _done(self, outcome: Outcome) -> None:
        """After a success: make the form ready for the next one."""


class Composer(Form):
    """A pane with a message box (Enter sends) and a Send button."""

    body: MessageBox
    on_sent: Callable[[Any], None] | None

    def _message_box(self, placeholder: str, send: str) -> None:
        self.body = MessageBox(placeholder=placeholder, layout=widgets.Layout(width="auto"))
        self.button = widgets.Button(description=send, button_style="primary")
        self.status = Status()
        tag(body=self.body, send=self.button, status=self.status)
        self.body.on_submit(lambda _: self.submit())
        self.button.on_click(lambda _: self._clicked())

    def _clicked(self) -> None:
        self.submit()
        self.body.focus()  # as after Enter: the cursor stays in the box for the next message

    def refresh(self) -> bool:
        """Re-read what the pane shows; True if it changed."""
        return False

    def _done(self, outcome: Outcome) -> None:
        self.body.value = ""
        self.refresh()
        if self.on_sent:
            self.on_sent(outcome.result)
