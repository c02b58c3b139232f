"""The walkthrough's cast: whose phones and which Twilio numbers, read from configuration when live.

In the sandbox the cast is a fictional one. Live it is yours: GROUP_PHONE_1 and
GROUP_PHONE_2 (participants #1 and #2: your own mobiles), GROUP_PHONE_3 (notebooks 05 and 06's
third person, optional), GROUP_CHAT_IDENTITY (participant #3, default `participant-3`) and
GROUP_TWILIO_NUMBERS (your account's numbers #1, #2, … comma-separated). Every number is
checked as E.164 before anything is sent; a mistake is one sentence and changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import phonenumbers

DEFAULT_CHAT_IDENTITY = "participant-3"
SETTINGS = ("GROUP_PHONE_1", "GROUP_PHONE_2", "GROUP_PHONE_3", "GROUP_CHAT_IDENTITY")
NUMBERS_SETTING = "GROUP_TWILIO_NUMBERS"


class CastError(ValueError):
    """The cast's configuration is missing or wrong; the message says what to set."""


@dataclass(frozen=True)
class Cast:
    """Who plays the walkthrough, and on which Twilio numbers (empty: the kit's own)."""

    phone_1: str
    phone_2: str
    phone_3: str | None
    chat_identity: str
    twilio_numbers: tuple[str, ...] = ()

    @property
    def phones(self) -> tuple[str, ...]:
        """Every phone of the cast: the only phones the kit ever texts."""
        return tuple(p for p in (self.phone_1, self.phone_2, self.phone_3) if p)

    @property
    def participants(self) -> tuple[str, str, str, str | None]:
        """Participant #1, #2, #3 (chat identity) and the third phone, as notebooks name them."""
        return self.phone_1, self.phone_2, self.chat_identity, self.phone_3

    def third_phone(self) -> str:
        """Notebooks 05 and 06's third person, or a sentence naming what to set."""
        if self.phone_3 is None:
            raise CastError(
                "Notebooks 05 and 06 need a third phone: set GROUP_PHONE_3 to the mobile of "
                "someone who will text along (E.164, e.g. +14155550123)."
            )
        return self.phone_3


SANDBOX_CAST = Cast(
    phone_1="+16505551111",  # SMS, Twilio's quickstart's first phone
    phone_2="+16505552222",  # SMS, the second phone
    phone_3="+16505553333",  # notebooks 05 and 06's extra SMS person
    chat_identity=DEFAULT_CHAT_IDENTITY,
)


def e164(setting: str, value: str) -> str:
    """`value` as an E.164 number, or a sentence naming the setting and the expected format."""
    text = value.strip()
    try:
        parsed = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException:
        parsed = None
    if (
        parsed is None
        or not text.startswith("+")
        or not phonenumbers.is_valid_number(parsed)
        or phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) != text
    ):
        raise CastError(
            f"{setting}={value!r} is not a phone number in E.164 format: write +, the country "
            "code and the number, with no spaces (e.g. +14155550123)."
        )
    return text


def cast_from(env: Mapping[str, str]) -> Cast:
    """The live cast from configuration values (GROUP_*), checked; CastError says what is wrong."""
    missing = [s for s in ("GROUP_PHONE_1", "GROUP_PHONE_2") if not env.get(s)]
    if missing:
        raise CastError(
            f"Live mode needs your own phones for the walkthrough: set {' and '.join(missing)} "
            "(your mobiles, E.164, e.g. +14155550123) in .env, and GROUP_TWILIO_NUMBERS to two "
            "of your account's SMS-capable numbers."
        )
    phones = [e164(s, env[s]) for s in SETTINGS[:3] if env.get(s)]
    numbers = [
        e164(NUMBERS_SETTING, n) for n in (env.get(NUMBERS_SETTING) or "").split(",") if n.strip()
    ]
    _no_twice(phones, "a phone of the cast", "GROUP_PHONE_*")
    _no_twice(numbers, "a Twilio number", NUMBERS_SETTING)
    check_apart(phones, numbers)
    identity = (env.get("GROUP_CHAT_IDENTITY") or DEFAULT_CHAT_IDENTITY).strip()
    return Cast(
        phone_1=phones[0],
        phone_2=phones[1],
        phone_3=phones[2] if len(phones) > 2 else None,
        chat_identity=identity,
        twilio_numbers=tuple(numbers),
    )


def check_apart(phones: Sequence[str], numbers: Sequence[str]) -> None:
    """No phone of the cast may also be one of the walkthrough's Twilio numbers."""
    for phone in phones:
        if phone in numbers:
            raise CastError(
                f"{phone} is both a phone of the cast and one of the Twilio numbers: a person's "
                "phone cannot be a Twilio number of the same walkthrough. Use your mobile for "
                "GROUP_PHONE_* and your account's numbers for GROUP_TWILIO_NUMBERS."
            )


def check_on_account(numbers: Sequence[str], sms_capable: Sequence[str]) -> None:
    """Each configured Twilio number must be an SMS-capable number of this account."""
    for number in numbers:
        if number not in sms_capable:
            raise CastError(
                f"{number} (in {NUMBERS_SETTING}) is not an SMS-capable number of this account; "
                f"its SMS-capable numbers are: {_listing(sms_capable)}."
            )


def missing_numbers(count: int, configured: int, sms_capable: Sequence[str]) -> CastError:
    """The sentence for too few Twilio numbers: what to set, and which numbers there are."""
    have = f"{NUMBERS_SETTING} lists {configured}" if configured else f"{NUMBERS_SETTING} is unset"
    return CastError(
        f"The walkthrough needs {count} Twilio numbers and {have}: set it to {count} of this "
        f"account's SMS-capable numbers, comma-separated ({_listing(sms_capable)}), or set "
        "KIT_ALLOW_CHARGES=yes and run 00_setup.ipynb to buy them."
    )


def _no_twice(values: Sequence[str], what: str, setting: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise CastError(f"{value} is given twice as {what} ({setting}): each must differ.")
        seen.add(value)


def _listing(numbers: Sequence[str]) -> str:
    return ", ".join(numbers) if numbers else "it has none yet"
