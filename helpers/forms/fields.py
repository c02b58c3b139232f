"""Inputs that check themselves as you type: a mobile number in E.164."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import phonenumbers

EXAMPLE = "+16505551111"


@dataclass(frozen=True)
class PhoneCheck:
    ok: bool
    message: str


def check_phone(value: str) -> PhoneCheck:
    """Is `value` a phone number in E.164, as Twilio's `address` takes it? If not, why not."""
    value = value.strip()
    if not value:
        return PhoneCheck(False, f"Type the person's mobile number in E.164, e.g. {EXAMPLE}.")
    if not value.startswith("+"):
        return PhoneCheck(False, f"Start with + and the country code, e.g. {EXAMPLE}.")
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return PhoneCheck(False, f"Not a phone number; E.164 looks like {EXAMPLE}.")
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if e164 != value:
        return PhoneCheck(False, f"Only + and digits, no spaces or dashes: {e164}.")
    if not phonenumbers.is_valid_number(number):
        return PhoneCheck(False, "Not a valid number for its country; check the digits.")
    region = phonenumbers.region_code_for_number(number) or "?"
    pretty = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return PhoneCheck(True, f"{pretty} ({region})")


class PhoneField(widgets.VBox):
    """A text box for a mobile number with a hint below that updates on every keystroke."""

    def __init__(self, description: str = "Mobile") -> None:
        self.text = widgets.Text(
            description=description, placeholder=EXAMPLE, continuous_update=True
        )
        self.text.add_class("gtl-phone-input")
        self.hint = widgets.HTML()
        self.hint.add_class("gtl-phone-hint")
        super().__init__([self.text, self.hint])
        self.text.observe(lambda _: self._show(), names="value")

    @property
    def value(self) -> str:
        return self.text.value.strip()

    def check(self) -> PhoneCheck:
        return check_phone(self.text.value)

    def _show(self) -> None:
        if not self.text.value:
            self.hint.value = ""
            return
        result = self.check()
        colour, mark = ("#1b7f3b", "✓") if result.ok else ("#b3261e", "✗")
        text = html.escape(result.message)
        self.hint.value = f'<small style="color:{colour}">{mark} {text}</small>'


def set_options(dropdown: widgets.Dropdown, options: Sequence[Any], default: Any = None) -> None:
    """Replace a dropdown's choices, keeping its value if still offered, else `default` or the
    first (ipywidgets leaves the value empty when options change)."""
    values = [o[1] if isinstance(o, tuple) else o for o in options]
    chosen = dropdown.value
    if list(dropdown.options) != list(options):
        dropdown.options = options
    if chosen in values:
        dropdown.value = chosen
    elif values:
        dropdown.value = default if default in values else values[0]
