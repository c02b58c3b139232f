"""The kit's marks on what it creates, so that it acts only on its own things.

Conversations and participants carry `{"kit": "group-texting-lab"}` in their `attributes`;
numbers the kit bought and address configurations it made carry its friendly name. Nothing
without the mark is ever updated, renamed or deleted (live: the rest of the account is yours).
"""

from __future__ import annotations

import json
from typing import Any

from twilio.rest import Client

from helpers.connect import is_sandbox

KIT = "group-texting-lab"
KIT_FRIENDLY_NAME = "Group Texting Lab"  # numbers the kit bought; address configurations' prefix


class NotTheKits(LookupError):
    """A resource the kit would use has the kit's name but not its mark: it is left alone."""


def kit_attributes(**extra: Any) -> str:
    """The JSON `attributes` the kit puts on what it creates, so clean-up can find it."""
    return json.dumps({"kit": KIT, **extra})


def is_kit(attributes: str | None) -> bool:
    try:
        value = json.loads(attributes or "{}")
    except ValueError:
        return False
    return isinstance(value, dict) and value.get("kit") == KIT


def kit_may_use(client: Client, attributes: str | None) -> bool:
    """Whether the kit may offer or act on a conversation with these `attributes`.

    Live, only the conversations it marked: the rest of the account is the learner's own
    (a support line, a customer's thread), and a text the kit asks for must never land there.
    In the sandbox, every one: the whole account is the learner's practice and nobody else's.
    """
    return is_sandbox(client) or is_kit(attributes)


def kit_name(what: str) -> str:
    """The friendly name that marks an address configuration (or the like) as the kit's."""
    return f"{KIT_FRIENDLY_NAME}: {what}"


def is_kit_name(friendly_name: str | None) -> bool:
    name = friendly_name or ""
    return name == KIT_FRIENDLY_NAME or name.startswith(KIT_FRIENDLY_NAME + ": ")
