"""The (address, proxy address) rule: which Twilio number a person uses where, and which is free.

Twilio routes an inbound text by the pair (sender's number, Twilio number it was sent to), and
that pair is unique among conversations that are not closed (error 50416). So one person needs
a different Twilio number for each conversation they are in, while different people may share.
"""

from __future__ import annotations

from collections.abc import Iterator

import phonenumbers
from twilio.rest import Client
from twilio.rest.api.v2010.account.incoming_phone_number import IncomingPhoneNumberInstance

from helpers._local.cast_config import NUMBERS_SETTING, e164
from helpers.connect import is_sandbox
from helpers.errors import PairInUse, every_number_used
from helpers.kit_marks import KIT_FRIENDLY_NAME, kit_may_use
from lab_contract.env_file import environment

PAGE_SIZE = 100
PARTICIPANT_CONVERSATIONS_PAGE_SIZE = 50  # that list's maximum (Twilio's spec: PageSize ≤ 50)


class NoFreeNumber(Exception):
    """Every Twilio number of the account is already in use by `address` somewhere."""

    def __init__(self, address: str, in_use: dict[str, str], needed: int = 1) -> None:
        self.address = address
        self.in_use = in_use
        self.needed = needed
        super().__init__(every_number_used(address, in_use, needed))


def incoming_phone_numbers(client: Client) -> list[IncomingPhoneNumberInstance]:
    """The account's IncomingPhoneNumbers, in purchase order."""
    bought = client.incoming_phone_numbers.stream(page_size=PAGE_SIZE)
    return sorted(bought, key=lambda n: (n.date_created is None, n.date_created))


def account_numbers(client: Client) -> list[str]:
    """The account's Twilio numbers (E.164), in purchase order."""
    return [str(n.phone_number) for n in incoming_phone_numbers(client)]


def numbers_to_offer(client: Client) -> list[str]:
    """The Twilio numbers the kit may suggest or offer for a new pair, in purchase order.

    In the sandbox, every number of the account. Live, only the learner's own choice: the numbers
    of GROUP_TWILIO_NUMBERS and those the kit bought, never another number of the account (a
    support line, a production number), which the kit must not put people on.
    """
    owned = incoming_phone_numbers(client)
    if is_sandbox(client):
        return [str(n.phone_number) for n in owned]
    setting = environment().get(NUMBERS_SETTING) or ""
    configured = {e164(NUMBERS_SETTING, n) for n in setting.split(",") if n.strip()}
    return [
        str(n.phone_number)
        for n in owned
        if n.phone_number in configured or n.friendly_name == KIT_FRIENDLY_NAME
    ]


def _open_pairs(client: Client, address: str) -> Iterator[tuple[str, str, str | None]]:
    """(Twilio number, conversation SID, conversation attributes) for each open conversation
    `address` is in on a Twilio number."""
    listing = client.conversations.v1.participant_conversations
    for pc in listing.stream(address=address, page_size=PARTICIPANT_CONVERSATIONS_PAGE_SIZE):
        binding = pc.participant_messaging_binding or {}
        proxy = binding.get("proxy_address")
        if proxy and pc.conversation_state != "closed":
            yield str(proxy), str(pc.conversation_sid), pc.conversation_attributes


def proxies_in_use(client: Client, address: str) -> dict[str, str]:
    """Twilio number → conversation SID, for each open conversation `address` is in: every one
    of the account, the learner's own too, because Twilio's pair rule (50416) counts them all."""
    return {proxy: sid for proxy, sid, _ in _open_pairs(client, address)}


def numbers_to_text(client: Client, address: str) -> dict[str, str]:
    """Twilio number → conversation SID, for each open conversation `address` is in that the
    kit may use (live: only its own, `kit_may_use`): the numbers the kit offers that phone to
    text, or asks its person to text."""
    return {
        proxy: sid
        for proxy, sid, attributes in _open_pairs(client, address)
        if kit_may_use(client, attributes)
    }


def groups_of(client: Client, address: str) -> dict[str, list[str]]:
    """Group MMS conversation SID → the other members' numbers (phones and projected Twilio
    numbers), for each open Group MMS `address` is in: whom a group text from it goes to."""
    groups: dict[str, list[str]] = {}
    listing = client.conversations.v1.participant_conversations
    for pc in listing.stream(address=address, page_size=PARTICIPANT_CONVERSATIONS_PAGE_SIZE):
        binding = pc.participant_messaging_binding or {}
        if binding.get("proxy_address") or pc.conversation_state == "closed":
            continue
        members = client.conversations.v1.conversations(pc.conversation_sid).participants
        numbers = []
        for p in members.stream(page_size=PAGE_SIZE):
            theirs = p.messaging_binding or {}
            number = theirs.get("address") or theirs.get("projected_address")
            if number and number != address:
                numbers.append(str(number))
        groups[str(pc.conversation_sid)] = numbers
    return groups


def free_proxy(numbers: list[str], in_use: dict[str, str], near: str | None = None) -> str | None:
    """The first of `numbers` not among `in_use`, or None.

    With `near` (the person's phone), a free number with the same country and area code comes
    first, as Twilio Labs' masked-communications app picks: a text from a local number is more
    likely to be answered. Any free number comes after.
    """
    free = [n for n in numbers if n not in in_use]
    if near is not None:
        home = local_prefix(near)
        free.sort(key=lambda n: home is None or local_prefix(n) != home)  # stable: order kept
    return free[0] if free else None


def local_prefix(number: str) -> tuple[int, str] | None:
    """A number's country code and geographic area code (e.g. (1, "650")), if it has one."""
    try:
        parsed = phonenumbers.parse(number)
    except phonenumbers.NumberParseException:
        return None
    length = phonenumbers.length_of_geographical_area_code(parsed)
    if not length:
        return None
    national = phonenumbers.national_significant_number(parsed)
    return parsed.country_code or 0, national[:length]


def suggest_proxy(client: Client, address: str) -> str:
    """A Twilio number the kit may offer (`numbers_to_offer`) that `address` is not using in any
    open conversation, one with the person's own area code first.

    Raises NoFreeNumber (saying how many more numbers to buy) when there is none.
    """
    in_use = proxies_in_use(client, address)
    numbers = numbers_to_offer(client)
    number = free_proxy(numbers, in_use, near=address)
    if number is None:
        needed = max(1, len(set(in_use) & set(numbers)) + 1 - len(numbers))
        raise NoFreeNumber(address, in_use, needed)
    return number


def pair_in_use(client: Client, address: str, proxy: str) -> PairInUse:
    """The facts of a 50416, looked up: which open conversation holds the pair, a free number."""
    in_use = proxies_in_use(client, address)
    holder = in_use.get(proxy)
    named = None
    if holder:
        conversation = client.conversations.v1.conversations(holder).fetch()
        named = f"“{conversation.unique_name or conversation.friendly_name or holder}” ({holder})"
    free = free_proxy(numbers_to_offer(client), in_use, near=address)
    return PairInUse(address, proxy, named, free)
