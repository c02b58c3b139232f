"""Notebook 06's cast (phones, conversation names) and its start-over and tidy-up steps,
so the notebook runs again and again, and leaves number #2 as the walkthrough expects it."""

from __future__ import annotations

from collections.abc import Callable

from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

WEBHOOK_PHONE = "+16505556661"  # texts the conversation that has a webhook
PAIR_PHONE = "+16505556662"  # moves from a closed conversation to a new one
TIMER_PHONE = "+16505556663"  # in the conversation a timer closes
NEW_PHONE = "+16505556664"  # texts number #2 out of the blue: auto-creation

CONVERSATIONS = ("lab-06-webhooks", "lab-06-first", "lab-06-second", "lab-06-timer")


def _delete_quietly(delete: Callable[[], object]) -> None:
    try:
        delete()
    except TwilioRestException as error:
        if error.status != 404:
            raise


def start_over(client: Client, auto_number: str) -> list[str]:
    """Delete what an earlier run of notebook 06 made; returns what was deleted."""
    deleted = []
    v1 = client.conversations.v1
    for name in CONVERSATIONS:
        try:
            sid = v1.conversations(name).fetch().sid
        except TwilioRestException as error:
            if error.status != 404:
                raise
            continue
        v1.conversations(sid).delete()
        deleted.append(name)
    for found in v1.participant_conversations.list(address=NEW_PHONE):
        _delete_quietly(v1.conversations(found.conversation_sid).delete)
        deleted.append(found.conversation_sid)
    deleted += stop_auto_creation(client, auto_number)
    return deleted


def stop_auto_creation(client: Client, number: str) -> list[str]:
    """Delete the address configuration of `number`, if any: texts to it route as before."""
    addresses = client.conversations.v1.address_configurations
    found = [a for a in addresses.list() if a.address == number]
    for config in found:
        _delete_quietly(addresses(config.sid).delete)
    return [config.sid for config in found]
