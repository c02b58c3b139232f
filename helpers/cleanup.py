"""Clean-up: find what carries the kit's mark (`helpers.kit_marks`), dry-run, then delete.

Nothing without the mark is ever deleted. Live, deleting needs an explicit confirmation:
KIT_CONFIRM_DELETE=yes, or the button of `helpers.forms.ConfirmDelete`.
"""

from __future__ import annotations

import pandas as pd
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from helpers import sandbox_api, views
from helpers.connect import is_sandbox
from helpers.kit_marks import KIT_FRIENDLY_NAME, NotTheKits, is_kit, is_kit_name
from helpers.settings import load_settings


def kit_conversations(client: Client) -> pd.DataFrame:
    """The conversations whose attributes carry the kit's mark."""
    found = views.conversations(client)
    return found[found["attributes"].map(is_kit).astype(bool)].reset_index(drop=True)


def kit_numbers(client: Client) -> pd.DataFrame:
    """The Twilio numbers the kit bought (its friendly name), with their SIDs."""
    rows = [
        {"sid": n.sid, "phone_number": n.phone_number, "friendly_name": n.friendly_name}
        for n in client.incoming_phone_numbers.stream(page_size=100)
        if n.friendly_name == KIT_FRIENDLY_NAME
    ]
    return views.frame(rows, ["sid", "phone_number", "friendly_name"])


def kit_address_configurations(client: Client) -> list[tuple[str, str]]:
    """(SID, address) of each address configuration the kit made (its friendly name)."""
    found = client.conversations.v1.address_configurations.stream(page_size=50)
    return [(str(a.sid), str(a.address)) for a in found if is_kit_name(a.friendly_name)]


def delete_kit_conversation(client: Client, unique_name: str) -> bool:
    """Delete the kit's conversation of that unique name; False if there is none.

    A conversation of that name without the kit's mark is the learner's: NotTheKits.
    """
    conversations = client.conversations.v1.conversations
    try:
        found = conversations(unique_name).fetch()
    except TwilioRestException as error:
        if error.status != 404:
            raise
        return False
    if not is_kit(found.attributes):
        raise NotTheKits(
            f"Conversation {found.sid} is named {unique_name!r} but was not made by the kit (no "
            "kit mark in its attributes): the kit leaves it alone. Rename it, then run again."
        )
    conversations(found.sid).delete()
    return True


def deletion_confirmed(client: Client) -> bool:
    """The sandbox deletes on request; live needs KIT_CONFIRM_DELETE=yes (or the button)."""
    return is_sandbox(client) or load_settings().confirm_delete


def clean_up(client: Client, dry_run: bool = True, release_numbers: bool = False) -> pd.DataFrame:
    """Delete the kit's conversations and address configurations (and, if asked, its numbers).

    With `dry_run` (the default) nothing is deleted: the table says what would be.
    """
    plan = [("conversation", sid, name) for sid, name in _conversation_names(client)]
    plan += [("address configuration", s, a) for s, a in kit_address_configurations(client)]
    if release_numbers:
        numbers = kit_numbers(client)
        plan += [
            ("number", s, n) for s, n in zip(numbers["sid"], numbers["phone_number"], strict=True)
        ]
    rows = []
    for kind, sid, name in plan:
        if not dry_run:
            _delete(client, kind, sid)
        action = "would delete" if dry_run else "deleted"
        rows.append({"kind": kind, "sid": sid, "name": name, "action": action})
    return views.frame(rows, ["kind", "sid", "name", "action"])


def _delete(client: Client, kind: str, sid: str) -> None:
    if kind == "conversation":
        client.conversations.v1.conversations(sid).delete()
    elif kind == "address configuration":
        client.conversations.v1.address_configurations(sid).delete()
    else:
        client.incoming_phone_numbers(sid).delete()


def _conversation_names(client: Client) -> list[tuple[str, str]]:
    found = kit_conversations(client)
    names = found["unique_name"].fillna(found["friendly_name"]).fillna("")
    return list(zip(found["sid"], names, strict=True))


def reset_sandbox(client: Client) -> None:
    """Sandbox only: delete everything in it, numbers included."""
    if not is_sandbox(client):
        raise RuntimeError("reset_sandbox() empties the sandbox; it never touches a live account.")
    sandbox_api.reset(client)
