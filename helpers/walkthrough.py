"""The walkthrough's cast, and the state each notebook finds again through the API."""

from __future__ import annotations

from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client
from twilio.rest.conversations.v1.conversation import ConversationInstance

from helpers.cleanup import KIT_FRIENDLY_NAME
from helpers.numbers import incoming_phone_numbers

PARTICIPANT_1 = "+16505551111"  # SMS, Twilio's quickstart's first phone
PARTICIPANT_2 = "+16505552222"  # SMS, the second phone
PARTICIPANT_3 = "participant-3"  # chat, by identity
THIRD_PHONE = "+16505553333"  # notebook 04's extra SMS person

CONVERSATION = "group-texting-lab"  # unique name of the walkthrough's conversation
SECOND_CONVERSATION = "group-texting-lab-2"  # notebook 04's conversation #2

SANDBOX_NUMBERS = ("+15005550006", "+15005550007")  # Twilio numbers #1 and #2 in the sandbox
CHOSEN_FRIENDLY_NAME = "Group Texting Lab (chosen)"  # live numbers the learner picked in 00


class RunEarlierNotebook(LookupError):
    """A notebook needs what an earlier one creates; the message names which to run."""


def find_conversation(client: Client, unique_name: str = CONVERSATION) -> ConversationInstance:
    """Fetch a conversation by unique name, or say which notebook creates it."""
    try:
        return client.conversations.v1.conversations(unique_name).fetch()
    except TwilioRestException as error:
        if error.status != 404:
            raise
        raise RunEarlierNotebook(
            f"There is no conversation named {unique_name!r} yet: run "
            "01_create_a_conversation.ipynb first (after 00_setup.ipynb)."
        ) from None


def twilio_numbers(client: Client, count: int = 2) -> list[str]:
    """Twilio numbers #1..#count: the kit's (bought or chosen in 00) first, in purchase order."""
    owned = incoming_phone_numbers(client)
    kit = [n for n in owned if n.friendly_name in (KIT_FRIENDLY_NAME, CHOSEN_FRIENDLY_NAME)]
    numbers = [str(n.phone_number) for n in kit + [n for n in owned if n not in kit]]
    if len(numbers) < count:
        raise RunEarlierNotebook(
            f"The walkthrough needs {count} Twilio numbers and the account has {len(numbers)}: "
            "run 00_setup.ipynb first."
        )
    return numbers[:count]
