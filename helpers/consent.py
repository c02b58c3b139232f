"""Live consent, asked once per notebook: without it, each later cell that would send a text is
skipped with a sentence, so the cells that teach a call stay as a learner would write them."""

from __future__ import annotations

from collections.abc import Callable

from IPython import get_ipython
from twilio.rest import Client

from helpers.charges import Charge, charges_allowed, refusal

SENDS = ("send_text(", ".messages.create(")  # what costs money when a cell runs live
SKIPPED = (
    "Live, without your consent to charges: this cell would send a text, so it is skipped "
    "(the set-up cell above says what it would cost and how to allow it)."
)


def skip_sends(lines: list[str]) -> list[str]:
    """An IPython input transformer: a cell that would send becomes one that says it is skipped
    (until charges are allowed: the `AllowCharges` button takes effect at once)."""
    if any(call in "".join(lines) for call in SENDS) and not charges_allowed():
        return [f"print({SKIPPED!r})\n"]
    return lines


def ask_once(client: Client, charge: Charge, what: str) -> bool:
    """True if this notebook's texts may be sent (the sandbox, or charges allowed). Otherwise
    print what `what` would cost and how to allow it, skip every later cell of this kernel that
    sends, and return False."""
    sentence = refusal(client, charge, what)
    if sentence is None:
        return True
    print(sentence)
    shell = get_ipython()
    if shell is not None:
        transformers: list[Callable[[list[str]], list[str]]] = shell.input_transformers_post
        if skip_sends not in transformers:
            transformers.append(skip_sends)
    return False
