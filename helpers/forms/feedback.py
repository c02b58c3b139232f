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

from helpers.errors import ADVICE, rest_error
from helpers.numbers import account_numbers, free_proxy, proxies_in_use

T = TypeVar("T")
DOCS = "https://www.twilio.com/docs/errors/{code}"


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


def pair_in_use(client: Client, address: str, proxy: str) -> str:
    """50416 in a learner's words: who holds the pair, and which Twilio number would work."""
    in_use = proxies_in_use(client, address)
    holder = in_use.get(proxy)
    where = "another open conversation"
    if holder:
        conversation = client.conversations.v1.conversations(holder).fetch()
        name = conversation.unique_name or conversation.friendly_name or holder
        where = f"the open conversation “{name}” ({holder})"
    free = free_proxy(account_numbers(client), in_use)
    fix = (
        f"Choose {free}, a Twilio number this phone is not using yet."
        if free
        else "This phone already uses every Twilio number of the account: buy one more "
        "number, or close or leave one of its conversations."
    )
    return (
        f"{address} already texts {proxy} in {where}, and a phone may use a Twilio number "
        f"in one open conversation only. {fix}"
    )


def error_sentence(
    client: Client,
    error: TwilioRestException,
    *,
    address: str | None = None,
    proxy: str | None = None,
) -> str:
    """The code, what it means and what to do, as one short paragraph (never a traceback)."""
    code = error.code or 0
    if code == 50416 and address and proxy:
        return f"Twilio error {code}: {pair_in_use(client, address, proxy)}"
    advice = ADVICE.get(code)
    if advice:
        return f"Twilio error {code}: {advice.meaning} {advice.what_to_do}"
    return f"Twilio error {code} (HTTP {error.status}): {error.msg}"


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
