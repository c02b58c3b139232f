"""Scoped webhooks' trigger and Studio settings kept and read back, and the scoped-webhook and
address-configuration lists paged as Twilio pages, through the real SDK."""

from __future__ import annotations

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client


def test_trigger_and_studio_settings_read_back_as_created(client: Client) -> None:
    conversation = client.conversations.v1.conversations.create()
    trigger = conversation.webhooks.create(
        target="trigger",
        configuration_url="https://example.com/keyword",
        configuration_triggers=["pizza", "order"],
    )
    studio = conversation.webhooks.create(
        target="studio",
        configuration_flow_sid="FW00000000000000000000000000000000",
        configuration_replay_after=3,
    )
    assert conversation.webhooks(trigger.sid).fetch().configuration["triggers"] == [
        "pizza", "order"
    ]  # fmt: skip
    read = conversation.webhooks(studio.sid).fetch().configuration
    assert read["flow_sid"] == "FW00000000000000000000000000000000" and read["replay_after"] == 3
    updated = conversation.webhooks(trigger.sid).update(configuration_triggers=["pasta"])
    assert updated.configuration["triggers"] == ["pasta"]


def test_a_studio_target_without_a_flow_is_refused(client: Client) -> None:
    conversation = client.conversations.v1.conversations.create()
    with pytest.raises(TwilioRestException) as refused:
        conversation.webhooks.create(target="studio", configuration_replay_after=-1)
    assert (refused.value.code, refused.value.status) == (20001, 400)
    assert conversation.webhooks.list() == []


def test_the_scoped_webhook_list_is_paged(client: Client) -> None:
    conversation = client.conversations.v1.conversations.create()
    made = [
        conversation.webhooks.create(
            target="webhook", configuration_url=f"https://example.com/{n}"
        ).sid
        for n in range(5)
    ]
    first = conversation.webhooks.page(page_size=2)
    assert [h.sid for h in first] == made[:2]
    second = first.next_page()
    assert [h.sid for h in second] == made[2:4]
    assert [h.sid for h in conversation.webhooks.list(page_size=2)] == made


def test_the_address_configuration_list_is_paged(client: Client) -> None:
    numbers = [f"+1500555000{n}" for n in (6, 7, 8)]
    for number in numbers:
        client.incoming_phone_numbers.create(phone_number=number)
        client.conversations.v1.address_configurations.create(type="sms", address=number)
    first = client.conversations.v1.address_configurations.page(page_size=2)
    assert [c.address for c in first] == numbers[:2]
    assert [c.address for c in first.next_page()] == numbers[2:]
    listed = client.conversations.v1.address_configurations.list(page_size=1)
    assert [c.address for c in listed] == numbers


def test_a_malformed_flow_sid_is_refused_and_nothing_is_stored(client: Client) -> None:
    conversation = client.conversations.v1.conversations.create()
    hook = conversation.webhooks.create(target="webhook", configuration_url="https://example.com/")
    with pytest.raises(TwilioRestException) as refused:
        conversation.webhooks.create(target="studio", configuration_flow_sid="FW-my-flow")
    assert (refused.value.status, refused.value.code) == (400, 20001)
    assert "Configuration.FlowSid" in refused.value.msg
    with pytest.raises(TwilioRestException) as again:
        conversation.webhooks(hook.sid).update(configuration_flow_sid="my-flow")
    assert again.value.code == 20001
    assert [w.sid for w in conversation.webhooks.list()] == [hook.sid]
    assert conversation.webhooks(hook.sid).fetch().configuration.get("flow_sid") is None


@pytest.mark.parametrize(
    "setting",
    [
        {"auto_creation_conversation_service_sid": "IS-default"},
        {"auto_creation_studio_flow_sid": "FW12"},
    ],
)
def test_malformed_auto_creation_sids_are_refused(
    client: Client, numbers: list[str], setting: dict[str, str]
) -> None:
    addresses = client.conversations.v1.address_configurations
    with pytest.raises(TwilioRestException) as refused:
        addresses.create(type="sms", address=numbers[0], auto_creation_enabled=True, **setting)
    assert (refused.value.status, refused.value.code) == (400, 20001)
    assert addresses.list() == []
