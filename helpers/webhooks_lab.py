"""Notebooks 09 and 11's cast (phones, conversation names, the receiver) and their start-over and
tidy-up steps, so each runs again and again and leaves number #2 as the walkthrough expects it.

Live, they only do what is safe on a real account: its extra phones are the sandbox's
fictional ones, so the steps that need them are skipped with a sentence; the webhook receiver
needs a public URL (KIT_PUBLIC_URL); and it never touches what the kit did not make.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from helpers.cleanup import delete_kit_conversation
from helpers.connect import is_sandbox
from helpers.kit_marks import is_kit, is_kit_name, kit_name
from helpers.settings import load_settings
from helpers.webhook_receiver import PUBLIC_PORT, Receiver

WEBHOOK_CONVERSATIONS = ("lab-webhooks",)  # notebook 09's
LIFECYCLE_CONVERSATIONS = (  # notebook 11's
    "lab-lifecycle-first",
    "lab-lifecycle-second",
    "lab-lifecycle-timer",
)
AUTO_CREATION = kit_name("auto-creation")  # the friendly name of 11's address configuration


@dataclass(frozen=True)
class LabPhones:
    """Four phones in no conversation of the walkthrough, one per demonstration."""

    webhook: str  # texts the conversation that has a webhook
    pair: str  # moves from a closed conversation to a new one
    timer: str  # in the conversation a timer closes
    new: str  # texts number #2 out of the blue: auto-creation


SANDBOX_PHONES = LabPhones("+16505556661", "+16505556662", "+16505556663", "+16505556664")


def lab_phones(client: Client) -> LabPhones | None:
    """The sandbox's four simulated phones; live, None (and a sentence): nobody holds them."""
    if is_sandbox(client):
        return SANDBOX_PHONES
    print(
        "Live: this notebook's phone steps need four more phones that are in no conversation "
        "of the walkthrough; they are skipped (and nothing is texted). Run this notebook in the "
        "sandbox to see them."
    )
    return None


def receiver(client: Client) -> Receiver | None:
    """A webhook receiver Twilio can reach: loopback for the sandbox, KIT_PUBLIC_URL live."""
    if is_sandbox(client):
        return Receiver()
    public_url = load_settings().public_url
    if public_url:
        return Receiver(public_url=public_url, port=PUBLIC_PORT)
    print(
        "Live: Twilio cannot reach a receiver on 127.0.0.1, so the webhook steps are skipped. "
        f"To run them, forward a public https URL (e.g. a tunnel) to port {PUBLIC_PORT} here "
        "and set KIT_PUBLIC_URL to it."
    )
    return None


def _delete_quietly(delete: Callable[[], object]) -> None:
    try:
        delete()
    except TwilioRestException as error:
        if error.status != 404:
            raise


def start_over(
    client: Client,
    names: tuple[str, ...],
    auto_number: str | None = None,
    new_phone: str | None = None,
) -> list[str]:
    """Delete what an earlier run of a notebook made: its conversations `names`, and with
    `auto_number` its auto-creation (the conversations `new_phone` started, the address
    configuration). Only what carries the kit's mark."""
    deleted = [name for name in names if delete_kit_conversation(client, name)]
    if auto_number is None:
        return deleted
    v1 = client.conversations.v1
    if new_phone:
        for found in v1.participant_conversations.list(address=new_phone):
            if is_kit(found.conversation_attributes):
                _delete_quietly(v1.conversations(found.conversation_sid).delete)
                deleted.append(found.conversation_sid)
    deleted += stop_auto_creation(client, auto_number)
    return deleted


def others_configuration(client: Client, number: str) -> str | None:
    """The SID of an address configuration on `number` that the kit did not make, if any."""
    for config in client.conversations.v1.address_configurations.list():
        if config.address == number and not is_kit_name(config.friendly_name):
            return str(config.sid)
    return None


def stop_auto_creation(client: Client, number: str) -> list[str]:
    """Delete the kit's address configuration of `number`, if any: texts route as before."""
    addresses = client.conversations.v1.address_configurations
    found = [a for a in addresses.list() if a.address == number and is_kit_name(a.friendly_name)]
    for config in found:
        _delete_quietly(addresses(config.sid).delete)
    return [config.sid for config in found]
