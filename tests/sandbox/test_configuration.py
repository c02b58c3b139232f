"""The account's Conversations Configuration through the real SDK: its defaults are stored, read
back, and applied to conversations created without their own; bad values get Twilio's error and
change nothing (https://www.twilio.com/docs/conversations/api/configuration-resource)."""

from __future__ import annotations

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from helpers.sandbox_api import advance_clock


def test_fresh_configuration_names_the_default_service_and_no_defaults(client: Client) -> None:
    config = client.conversations.v1.configuration().fetch()
    service = client.conversations.v1.services.list()[0]
    assert config.default_chat_service_sid == service.sid
    assert config.default_messaging_service_sid is None
    assert config.default_inactive_timer is None and config.default_closed_timer is None
    assert config.links["service"] == f"{service.url}/Configuration"  # the spec's example
    assert config.links["webhooks"].endswith("/v1/Configuration/Webhooks")


@pytest.fixture
def messaging_service(client: Client) -> str:
    """A Messaging Service of the account: an unknown one is refused (21701)."""
    return str(client.messaging.v1.services.create(friendly_name="texts").sid)


def test_update_stores_the_defaults_and_fetch_reads_them_back(
    client: Client, messaging_service: str
) -> None:
    default = client.conversations.v1.configuration().fetch().default_chat_service_sid
    updated = client.conversations.v1.configuration().update(
        default_chat_service_sid=default,
        default_messaging_service_sid=messaging_service,
        default_inactive_timer="PT5M",
        default_closed_timer="PT1H",
    )
    fetched = client.conversations.v1.configuration().fetch()
    for config in (updated, fetched):
        assert config.default_chat_service_sid == default
        assert config.default_messaging_service_sid == messaging_service
        assert (config.default_inactive_timer, config.default_closed_timer) == ("PT5M", "PT1H")


def test_a_new_conversation_takes_the_default_timers_and_messaging_service(
    client: Client, messaging_service: str
) -> None:
    client.conversations.v1.configuration().update(
        default_inactive_timer="PT5M", default_messaging_service_sid=messaging_service
    )
    conversation = client.conversations.v1.conversations.create()
    assert conversation.messaging_service_sid == messaging_service
    assert set(conversation.timers) == {"date_inactive"}
    advance_clock(client, 5 * 60)
    assert conversation.fetch().state == "inactive"
    own = client.conversations.v1.conversations.create(state="active", timers_closed="PT1H")
    assert set(own.timers) == {"date_closed"}  # its own timers replace both defaults


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"default_inactive_timer": "PT30S"}, 50375),
        ({"default_closed_timer": "PT5M"}, 50376),
        ({"default_closed_timer": "ten minutes"}, 20001),
        ({"default_messaging_service_sid": "MGnope"}, 20001),
        ({"default_chat_service_sid": "IS" + "0" * 32}, 20404),
    ],
)
def test_bad_values_are_refused_and_nothing_is_stored(
    client: Client, params: dict[str, str], code: int
) -> None:
    with pytest.raises(TwilioRestException) as error:
        # Every call also carries a good value, which must not be stored either.
        client.conversations.v1.configuration().update(**{"default_closed_timer": "PT2H", **params})
    assert error.value.code == code
    assert not error.value.msg.endswith(".")
    config = client.conversations.v1.configuration().fetch()
    assert config.default_closed_timer is config.default_inactive_timer is None
    assert config.default_messaging_service_sid is None
