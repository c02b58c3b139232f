"""What the kit must change on the account itself (the account-level webhook configuration):
saved before the change, put back right after, and by `99_clean_up` if a run stopped between.

The saved copy is a JSON file per account in KIT_STATE_DIR (default `.kit/`, git-ignored).
The first save wins: a second change before a restore keeps the learner's original.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from twilio.rest import Client

from lab_contract.paths import KIT_ROOT

WEBHOOK_FIELDS = ("pre_webhook_url", "post_webhook_url", "method", "filters")


def _saved_file(client: Client) -> Path:
    directory = Path(os.environ.get("KIT_STATE_DIR") or KIT_ROOT / ".kit")
    return directory / f"{client.account_sid}-webhook-configuration.json"


def save_webhook_configuration(client: Client) -> dict[str, Any]:
    """Keep the account's webhook configuration, before the kit changes it; returns it."""
    config = client.conversations.v1.configuration.webhooks().fetch()
    current = {
        "pre_webhook_url": config.pre_webhook_url or "",
        "post_webhook_url": config.post_webhook_url or "",
        "method": config.method or "POST",
        "filters": list(config.filters or []),
    }
    path = _saved_file(client)
    if path.is_file():
        return dict(json.loads(path.read_text(encoding="utf-8")))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(current), encoding="utf-8")
    return current


def restore_webhook_configuration(client: Client) -> bool:
    """Put back the saved webhook configuration, if the kit changed it; True if it did."""
    path = _saved_file(client)
    if not path.is_file():
        return False
    saved = json.loads(path.read_text(encoding="utf-8"))
    client.conversations.v1.configuration.webhooks().update(
        **{name: saved[name] for name in WEBHOOK_FIELDS}
    )
    path.unlink()
    return True
