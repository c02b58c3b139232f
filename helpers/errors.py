"""Twilio errors a learner meets, explained: what the code means and what to do about it."""

from __future__ import annotations

import json
from dataclasses import dataclass

from twilio.base.exceptions import TwilioException, TwilioRestException


@dataclass(frozen=True)
class Advice:
    meaning: str
    what_to_do: str


ADVICE: dict[int, Advice] = {
    20003: Advice("Authentication failed.", "Check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN."),
    20404: Advice("No such resource.", "Check the SID or unique name; it may have been deleted."),
    50353: Advice(
        "A conversation with that unique name already exists.",
        "Fetch it by its unique name instead, or choose another name.",
    ),
    50407: Advice(
        "The address is not a valid phone number for SMS.",
        "Write it in E.164: '+', country code, number (e.g. +16505551111).",
    ),
    50408: Advice(
        "The proxy address is not valid.",
        "Use one of your account's Twilio numbers, in E.164.",
    ),
    50409: Advice(
        "The address and the proxy address are the same number.",
        "The address is the person's phone; the proxy address is your Twilio number.",
    ),
    50211: Advice(
        "A participant is either chat (identity) or SMS (messaging binding), not both.",
        "Give an identity for a chat participant, or a binding for an SMS one.",
    ),
    50416: Advice(
        "This person already uses this Twilio number in another open conversation, so "
        "Twilio could not tell where their texts belong.",
        "Give them a Twilio number they are not using yet (helpers.numbers.suggest_proxy), "
        "or close or leave the other conversation.",
    ),
    50433: Advice(
        "A chat participant with this identity is already in this conversation.",
        "Nothing to add: they are in.",
    ),
    50437: Advice(
        "This participant is already in this conversation.",
        "Nothing to add: they are in.",
    ),
    # Live only: delivery errors, on a receipt (README, "Going live", has Twilio's pages).
    21608: Advice(
        "A trial account may only text numbers verified on it.",
        "Verify the phone in the Console (Phone Numbers > Verified Caller IDs), or upgrade.",
    ),
    21610: Advice(
        "The recipient texted STOP to this number and unsubscribed.",
        "Ask them to text START to the Twilio number; nothing can be sent until then.",
    ),
    30034: Advice(
        "US carriers blocked the text: the number is not registered for A2P 10DLC.",
        "Register a Brand and a Campaign, and add the number to its Messaging Service.",
    ),
}


def rest_error(error: TwilioException) -> TwilioRestException:
    """Twilio's refusal as a TwilioRestException, whichever way the SDK raised it.

    A fetch or create raises TwilioRestException, but a page of a list that fails
    (`stream()`, `list()`) raises a bare `TwilioException("Unable to fetch page", response)`.
    """
    if isinstance(error, TwilioRestException):
        return error
    response = error.args[1] if len(error.args) > 1 else None
    try:
        payload = json.loads(getattr(response, "text", "") or "{}")
    except ValueError:
        payload = {}
    return TwilioRestException(
        getattr(response, "status_code", 0),
        "",
        msg=payload.get("message") or str(error.args[0] if error.args else error),
        code=payload.get("code"),
    )


def explain(error: TwilioRestException) -> str:
    """The code, Twilio's message, and (for errors the kit knows) what it means and what to do."""
    lines = [f"Twilio error {error.code} (HTTP {error.status}): {error.msg}"]
    advice = ADVICE.get(error.code or 0)
    if advice:
        lines += [f"  means:      {advice.meaning}", f"  what to do: {advice.what_to_do}"]
    lines.append(f"  docs:       https://www.twilio.com/docs/errors/{error.code}")
    return "\n".join(lines)


def show_error(error: TwilioRestException) -> None:
    print(explain(error))
