"""What a form says after a click: one sentence, with Twilio's code and what to do."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import ipywidgets as widgets
import requests
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.rest import Client

from helpers.errors import rest_error, what_to_do
from helpers.numbers import pair_in_use

T = TypeVar("T")
DOCS = "https://www.twilio.com/docs/api/errors/{code}"  # as helpers.errors.error_page


@dataclass(frozen=True)
class Outcome:
    """What one submit did: `ok`, the sentence the form shows, and what was created or sent."""

    ok: bool
    message: str
    result: Any = None
    code: int | None = None  # Twilio's error code, when Twilio refused

    def _repr_html_(self) -> str:  # how a notebook cell shows an outcome it returns
        return outcome_html(self)


def attempt(
    client: Client,
    action: Callable[[], T],
    success: Callable[[T], str],
    *,
    address: str | None = None,
    proxy: str | None = None,
) -> Outcome:
    """Run one API call for a form; Twilio's refusals and network failures become sentences."""
    try:
        result = action()
    except TwilioException as raised:  # a failed page of a list is a bare TwilioException
        error = rest_error(raised)
        sentence = error_sentence(client, error, address=address, proxy=proxy)
        return Outcome(False, sentence, code=error.code)
    except requests.RequestException as error:
        return Outcome(False, unreachable_sentence(error))
    return Outcome(True, success(result), result)


def error_sentence(
    client: Client,
    error: TwilioRestException,
    *,
    address: str | None = None,
    proxy: str | None = None,
) -> str:
    """The code, what it means and what to do, as one short paragraph (never a traceback): the
    same words `helpers.errors.explain` prints in a notebook, each labelled as whose they are."""
    pair = (
        pair_in_use(client, address, proxy) if error.code == 50416 and address and proxy else None
    )
    words = what_to_do(error, pair)
    if words:
        return f"Twilio error {error.code}. The kit's advice: {words}"
    return f"Twilio error {error.code} (HTTP {error.status}). The API's message: {error.msg}"


def unreachable_sentence(error: requests.RequestException) -> str:
    return (
        f"Could not reach the API ({type(error).__name__}). In sandbox mode run "
        "`client = connect()` again, which restarts the sandbox; live, check your connection."
    )


class Status(widgets.HTML):
    """The line under a form: green when it worked, red with the code and the fix when not."""

    def show(self, outcome: Outcome) -> Outcome:
        self.value = outcome_html(outcome)
        return outcome


def outcome_html(outcome: Outcome) -> str:
    """✓ and the sentence in green, or ✗, the sentence and a link to the code's page in red."""
    colour = "#1b7f3b" if outcome.ok else "#b3261e"
    mark = "✓" if outcome.ok else "✗"
    text = html.escape(outcome.message)
    if outcome.code:
        url = DOCS.format(code=outcome.code)
        text += f' <a href="{url}" target="_blank" rel="noopener">About {outcome.code}</a>'
    kind = "gtl-ok" if outcome.ok else "gtl-problem"
    return f'<div class="{kind}" style="color:{colour}">{mark} {text}</div>'
