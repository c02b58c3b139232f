"""The walkthrough's cast for this client, and the state each notebook finds again via the API."""

from __future__ import annotations

from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client
from twilio.rest.conversations.v1.conversation import ConversationInstance

from helpers._local.cast_config import (
    SANDBOX_CAST,
    Cast,
    CastError,
    cast_from,
    check_apart,
    check_on_account,
    missing_numbers,
)
from helpers.charges import Charge, may_charge
from helpers.cleanup import kit_numbers
from helpers.connect import is_sandbox
from helpers.kit_marks import KIT_FRIENDLY_NAME, NotTheKits, is_kit
from helpers.numbers import incoming_phone_numbers
from lab_contract.env_file import environment

CONVERSATION = "group-texting-lab"  # unique name of the walkthrough's conversation
SECOND_CONVERSATION = "group-texting-lab-2"  # notebook 05's conversation #2
GROUP_MMS = "group-texting-lab-mms"  # notebook 07's Group MMS

SANDBOX_NUMBERS = ("+15005550006", "+15005550007")  # Twilio numbers #1 and #2 in the sandbox
SANDBOX_GROUP_MMS_NUMBER = "+15005550008"  # 07's projected number, which no other notebook uses

__all__ = [
    "CONVERSATION",
    "GROUP_MMS",
    "SANDBOX_GROUP_MMS_NUMBER",
    "SANDBOX_NUMBERS",
    "SECOND_CONVERSATION",
    "Cast",
    "CastError",
    "NotTheKits",
    "RunEarlierNotebook",
    "cast",
    "find_conversation",
    "group_mms_number",
    "numbers_to_buy",
    "twilio_numbers",
]


class RunEarlierNotebook(LookupError):
    """A notebook needs what an earlier one creates; the message names which to run."""


def cast(client: Client) -> Cast:
    """The sandbox's fictional cast, or live the learner's own (GROUP_*), checked."""
    return SANDBOX_CAST if is_sandbox(client) else cast_from(environment())


def find_conversation(client: Client, unique_name: str = CONVERSATION) -> ConversationInstance:
    """Fetch the kit's conversation by unique name, or say which notebook creates it."""
    try:
        found = client.conversations.v1.conversations(unique_name).fetch()
    except TwilioRestException as error:
        if error.status != 404:
            raise
        raise RunEarlierNotebook(
            f"There is no conversation named {unique_name!r} yet: run "
            "01_the_group_text.ipynb first (after 00_setup.ipynb)."
        ) from None
    if not is_kit(found.attributes):
        raise NotTheKits(
            f"Conversation {found.sid} is named {unique_name!r} but was not made by the kit (no "
            "kit mark in its attributes), so the kit will not use or change it. Rename it, or "
            "use the kit on another account."
        )
    return found


def twilio_numbers(client: Client, count: int = 2) -> list[str]:
    """Twilio numbers #1..#count.

    Sandbox: the kit's (bought in 00) first, in purchase order. Live: the numbers of
    GROUP_TWILIO_NUMBERS, checked against the account, else numbers the kit bought in 00;
    never a guess among the account's other numbers.
    """
    owned = incoming_phone_numbers(client)
    kit = [str(n.phone_number) for n in owned if n.friendly_name == KIT_FRIENDLY_NAME]
    if is_sandbox(client):
        numbers = kit + [str(n.phone_number) for n in owned if n.phone_number not in kit]
        if len(numbers) < count:
            raise RunEarlierNotebook(
                f"The walkthrough needs {count} Twilio numbers and the account has "
                f"{len(numbers)}: run 00_setup.ipynb first."
            )
        return numbers[:count]
    sms_capable = [str(n.phone_number) for n in owned if (n.capabilities or {}).get("sms", False)]
    the_cast = cast(client)
    configured = list(the_cast.twilio_numbers)
    check_on_account(configured, sms_capable)
    numbers = configured or [n for n in kit if n in sms_capable]
    if len(numbers) < count:
        raise missing_numbers(count, len(configured), sms_capable)
    check_apart(the_cast.phones, numbers[:count])
    return numbers[:count]


def group_mms_number(client: Client) -> str:
    """The Twilio number 07's Group MMS projects its chat user as, one no other notebook uses.

    Sandbox: +15005550008, bought with the kit's mark if the account lacks it. Live: the third
    number of GROUP_TWILIO_NUMBERS; without one, number #1 stands in (and a sentence says so),
    since the kit buys nothing it was not asked to.
    """
    if is_sandbox(client):
        owned = [str(n.phone_number) for n in incoming_phone_numbers(client)]
        if SANDBOX_GROUP_MMS_NUMBER not in owned:
            client.incoming_phone_numbers.create(
                phone_number=SANDBOX_GROUP_MMS_NUMBER, friendly_name=KIT_FRIENDLY_NAME
            )
        return SANDBOX_GROUP_MMS_NUMBER
    configured = cast(client).twilio_numbers
    if len(configured) >= 3:
        twilio_numbers(client)  # numbers #1 and #2 checked against the account, as everywhere
        return configured[2]
    number_1 = twilio_numbers(client)[0]
    print(
        f"Live: GROUP_TWILIO_NUMBERS names no third number, so number #1 ({number_1}) stands in "
        "for the Group MMS; its texts then show on the phones beside the walkthrough's."
    )
    return number_1


def numbers_to_buy(client: Client) -> list[str]:
    """The Twilio numbers 00 buys as #1 and #2: in the sandbox, those not bought yet. Live, none
    when GROUP_TWILIO_NUMBERS names yours; otherwise as many as are missing, among Twilio's
    available US local numbers, and only with the learner's consent to charges."""
    owned = [str(n.phone_number) for n in incoming_phone_numbers(client)]
    if is_sandbox(client):
        return [number for number in SANDBOX_NUMBERS if number not in owned]
    if cast(client).twilio_numbers:
        print("Live: nothing bought; GROUP_TWILIO_NUMBERS names your numbers #1 and #2.")
        return []
    missing = 2 - len(kit_numbers(client))
    if missing <= 0 or not may_charge(client, Charge(numbers=missing), f"buying {missing} numbers"):
        return []
    available = client.available_phone_numbers("US").local.list(sms_enabled=True, limit=missing)
    return [str(number.phone_number) for number in available]
