"""Buttons that grant what the kit never does on its own live: spend money, delete.

`AllowCharges()`: a button that allows charges for this kernel (as KIT_ALLOW_CHARGES=yes).
`ConfirmDelete(client)`: the clean-up's dry run and a button that deletes exactly that.
Each has a programmatic face (`allow()`, `confirm()`) that runs what a click runs.
"""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd
from twilio.rest import Client

from helpers.charges import allow_charges, charges_allowed
from helpers.cleanup import clean_up
from helpers.forms.bubbles import table


class AllowCharges(widgets.VBox):
    """Live: press to let the kit buy numbers and send SMS until the kernel restarts."""

    def __init__(self) -> None:
        self.button = widgets.Button(description="Allow charges", button_style="warning")
        self.status = widgets.HTML()
        self.button.on_click(lambda _: self.allow())
        super().__init__([self.button, self.status])
        self._show()

    def allow(self) -> None:
        allow_charges()
        self._show()

    def _show(self) -> None:
        allowed = charges_allowed()
        self.button.disabled = allowed
        self.status.value = (
            "Charges are allowed: live, cells may buy numbers and send real SMS."
            if allowed
            else "Charges are not allowed: live, cells that would cost money say so and skip."
        )


class ConfirmDelete(widgets.VBox):
    """The kit's resources that would be deleted, and one button that deletes them."""

    def __init__(self, client: Client, *, release_numbers: bool = False) -> None:
        self.client = client
        self.release_numbers = release_numbers
        self.plan = clean_up(client, dry_run=True, release_numbers=release_numbers)
        self.result: pd.DataFrame | None = None
        count = len(self.plan)
        self.button = widgets.Button(
            description=f"Delete these {count}", button_style="danger", disabled=count == 0
        )
        self.shown = widgets.HTML(table(self.plan, "The kit has nothing to delete."))
        self.button.on_click(lambda _: self.confirm())
        note = widgets.HTML(
            "Live: nothing is deleted until you press the button (or set KIT_CONFIRM_DELETE=yes)."
        )
        super().__init__([note, self.shown, self.button])

    def confirm(self) -> pd.DataFrame:
        """Delete what the dry run listed (found again, so only the kit's marked resources)."""
        self.result = clean_up(self.client, dry_run=False, release_numbers=self.release_numbers)
        self.shown.value = table(self.result, "Nothing was left to delete.")
        self.button.disabled = True
        return self.result

    def __repr__(self) -> str:
        return f"ConfirmDelete({len(self.plan)} to delete, confirmed={self.result is not None})"
