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
    50434: Advice(
        "In a Group MMS every participant needs a number the phones can see.",
        "Add a chat user with messaging_binding_projected_address (one of your Twilio numbers).",
    ),
    50435: Advice(
        "These participants cannot make a Group MMS: +1 numbers only, no proxy addresses, "
        "and at least two phones and one projected number before the first message.",
        "Keep the seed's one-number-per-person participants in a conversation of their own.",
    ),
    50443: Advice(
        "A projected address is for a chat user or a Twilio number alone, not for a phone.",
        "Give the phone its address only.",
    ),
    50513: Advice(
        "In a Group MMS every phone shows who wrote, so the author must be a member.",
        "Write as a member: a chat user's identity or a phone's number.",
    ),
    # Delivery errors, on a receipt (docs/live.md#before-your-first-live-run has Twilio's pages);
    # the sandbox's phones give 30003, 30006 and 30007 when a notebook sets their state.
    21608: Advice(
        "A trial account may only text numbers verified on it.",
        "Verify the phone in the Console (Phone Numbers > Verified Caller IDs), or upgrade.",
    ),
    21610: Advice(
        "The recipient texted STOP to this number and unsubscribed.",
        "Ask them to text START to the Twilio number; nothing can be sent until then.",
    ),
    30003: Advice(
        "The phone could not be reached: switched off, no signal, or out of its network.",
        "Try again later; Twilio does not retry it for you.",
    ),
    30006: Advice(
        "The number is a landline (or its carrier cannot be reached), so it cannot take SMS.",
        "Ask the person for a mobile number; Twilio's Lookup tells line types apart.",
    ),
    30007: Advice(
        "The carrier filtered the message out (spam-like content, or an unregistered sender).",
        "Change the wording, and register your number for A2P 10DLC in the US.",
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


@dataclass(frozen=True)
class PairInUse:
    """The facts behind a 50416: whose pair, which conversation holds it, a number that works
    (`helpers.numbers.pair_in_use` looks them up)."""

    address: str
    proxy: str
    holder: str | None  # the holding conversation, as "“name” (CH…)", if it could be read
    free: str | None  # a Twilio number the phone is not using yet, if the account has one

    def sentence(self) -> str:
        where = (
            f"the open conversation {self.holder}" if self.holder else "another open conversation"
        )
        fix = (
            f"Choose {self.free}, a Twilio number this phone is not using yet."
            if self.free
            else "This phone already uses every Twilio number of the account: buy one more "
            "number, or close or leave one of its conversations."
        )
        return (
            f"{self.address} already texts {self.proxy} in {where}, and a phone may use a "
            f"Twilio number in one open conversation only. {fix}"
        )


def every_number_used(address: str, in_use: dict[str, str], needed: int) -> str:
    """Why no Twilio number can be suggested for `address` (numbers.NoFreeNumber), and the fix."""
    where = ", ".join(f"{number} in {sid}" for number, sid in in_use.items()) or "none"
    plural = "s" if needed != 1 else ""
    return (
        f"{address} already uses every Twilio number of this account ({where}). "
        f"Buy {needed} more number{plural}, or close or leave one of those conversations."
    )


def what_to_do(error: TwilioRestException, pair: PairInUse | None = None) -> str | None:
    """What the error means and what to do, in the kit's words: for a pair in use (50416) whose
    facts are known, which conversation holds it and a number that works; for other codes the
    kit knows, its advice; otherwise None."""
    if error.code == 50416 and pair is not None:
        return pair.sentence()
    advice = ADVICE.get(error.code or 0)
    return f"{advice.meaning} {advice.what_to_do}" if advice else None


def explain(error: TwilioRestException, pair: PairInUse | None = None) -> str:
    """The code, Twilio's own message, the kit's advice (labelled as the kit's: it is not
    Twilio's wording), and the code's page in Twilio's docs."""
    lines = [f"Twilio error {error.code} (HTTP {error.status})", f"  Twilio's message: {error.msg}"]
    words = what_to_do(error, pair)
    if words:
        lines.append(f"  the kit's advice: {words}")
    lines.append(f"  Twilio's page:    https://www.twilio.com/docs/errors/{error.code}")
    return "\n".join(lines)


def show_error(error: TwilioRestException, pair: PairInUse | None = None) -> None:
    """Print `explain(...)`; with `pair=numbers.pair_in_use(client, address, proxy)` a 50416 says
    as much as a form: the conversation holding the pair and a number that works."""
    print(explain(error, pair))
