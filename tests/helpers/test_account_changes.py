"""What the kit changes on the account itself is saved first and put back, once."""

from __future__ import annotations

from pathlib import Path

import pytest
from twilio.rest import Client

from helpers.account_changes import restore_webhook_configuration, save_webhook_configuration


def webhook_configuration(client: Client) -> tuple[object, ...]:
    """The fields, an unset URL as None (clearing one through the API reads back as "")."""
    config = client.conversations.v1.configuration.webhooks().fetch()
    urls = (config.pre_webhook_url or None, config.post_webhook_url or None)
    return (*urls, config.method, config.filters)


def test_the_learners_webhook_configuration_comes_back(
    client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIT_STATE_DIR", str(tmp_path))
    webhooks = client.conversations.v1.configuration.webhooks()
    webhooks.update(
        post_webhook_url="https://example.com/theirs", method="GET", filters=["onMessageAdded"]
    )
    theirs = webhook_configuration(client)
    assert restore_webhook_configuration(client) is False  # nothing saved: nothing touched
    save_webhook_configuration(client)
    webhooks.update(
        pre_webhook_url="https://example.com/kit", method="POST", filters=["onMessageAdd"]
    )
    save_webhook_configuration(client)  # a second save keeps the learner's original
    assert restore_webhook_configuration(client) is True
    assert webhook_configuration(client) == theirs
    assert restore_webhook_configuration(client) is False
    assert list(tmp_path.iterdir()) == []
