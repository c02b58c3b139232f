"""A service's own Configuration (default roles, reachability), Notifications and Webhooks, and
its push Bindings, through the real SDK."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from helpers.sandbox_api import register_binding
from helpers.webhook_receiver import Receiver
from tests.support.group import PHONE_1
from tests.support.pages import list_error


@pytest.fixture
def hook() -> Iterator[Receiver]:
    with Receiver() as receiver:
        yield receiver


def _roles(client: Client, service_sid: str) -> dict[str, str]:
    return {
        r.friendly_name: r.sid for r in client.conversations.v1.services(service_sid).roles.list()
    }


def test_a_services_configuration_names_its_default_roles(client: Client) -> None:
    service = client.conversations.v1.services.create(friendly_name="staging")
    roles = _roles(client, service.sid)
    config = client.conversations.v1.services(service.sid).configuration().fetch()
    assert config.chat_service_sid == service.sid
    assert config.default_conversation_creator_role_sid == roles["channel admin"]
    assert config.default_conversation_role_sid == roles["channel user"]
    assert config.default_chat_service_role_sid == roles["service user"]
    assert config.reachability_enabled is False
    assert config.links["notifications"].endswith(
        f"/Services/{service.sid}/Configuration/Notifications"
    )


def test_configured_default_roles_are_given_to_new_participants_and_users(client: Client) -> None:
    service = client.conversations.v1.services.create(friendly_name="staging")
    scoped = client.conversations.v1.services(service.sid)
    moderator = scoped.roles.create(
        friendly_name="moderator", type="conversation", permission=["sendMessage", "removeMember"]
    )
    member = scoped.roles.create(friendly_name="member", type="service", permission=["joinChannel"])
    updated = scoped.configuration().update(
        default_conversation_role_sid=moderator.sid,
        default_chat_service_role_sid=member.sid,
        reachability_enabled=True,
    )
    assert updated.default_conversation_role_sid == moderator.sid
    assert updated.reachability_enabled is True
    conversation = scoped.conversations.create(friendly_name="moderated")
    assert scoped.conversations(conversation.sid).participants.create(identity="ann").role_sid == (
        moderator.sid
    )
    assert scoped.users.create(identity="bo").role_sid == member.sid
    # The default service is untouched by another service's configuration.
    default = client.conversations.v1.conversations.create(friendly_name="default")
    plain = client.conversations.v1.conversations(default.sid).participants.create(identity="ann")
    assert plain.role_sid != moderator.sid


def test_a_role_of_the_wrong_kind_or_service_is_refused_and_nothing_stored(client: Client) -> None:
    service = client.conversations.v1.services.create(friendly_name="staging")
    scoped = client.conversations.v1.services(service.sid)
    before = scoped.configuration().fetch()
    service_role = _roles(client, service.sid)["service admin"]
    elsewhere = _roles(client, client.conversations.v1.services.list()[0].sid)["channel user"]
    for wrong in (service_role, elsewhere):
        with pytest.raises(TwilioRestException) as caught:
            scoped.configuration().update(
                default_conversation_role_sid=wrong, reachability_enabled=True
            )
        assert (caught.value.status, caught.value.code) == (400, 20001)
    after = scoped.configuration().fetch()
    assert after.default_conversation_role_sid == before.default_conversation_role_sid
    assert after.reachability_enabled is False


def test_notification_settings_are_kept_and_read_back(client: Client) -> None:
    service = client.conversations.v1.services.create(friendly_name="push")
    notifications = client.conversations.v1.services(service.sid).configuration.notifications()
    fresh = notifications.fetch()
    assert fresh.new_message == {"enabled": False} and fresh.log_enabled is False
    updated = notifications.update(
        log_enabled=True,
        new_message_enabled=True,
        new_message_template="${USER}: ${MESSAGE}",
        new_message_with_media_enabled=True,
        new_message_with_media_template="${USER} sent a picture",
        added_to_conversation_sound="ding",
    )
    assert updated.log_enabled is True
    assert updated.new_message == {
        "enabled": True,
        "template": "${USER}: ${MESSAGE}",
        "with_media": {"enabled": True, "template": "${USER} sent a picture"},
    }
    assert notifications.fetch().added_to_conversation == {"enabled": False, "sound": "ding"}
    with pytest.raises(TwilioRestException) as caught:
        notifications.update(new_message_enabled="maybe", log_enabled=False)
    assert (caught.value.status, caught.value.code) == (400, 20001)
    assert notifications.fetch().log_enabled is True


def test_a_services_own_webhooks_replace_the_global_ones_for_its_conversations(
    client: Client, hook: Receiver
) -> None:
    with Receiver() as global_hook:
        client.conversations.v1.configuration.webhooks().update(
            post_webhook_url=global_hook.url, filters=["onConversationAdded"], method="POST"
        )
        service = client.conversations.v1.services.create(friendly_name="own hooks")
        scoped = client.conversations.v1.services(service.sid)
        own = scoped.configuration.webhooks().update(
            post_webhook_url=hook.url, filters=["onConversationAdded"], method="POST"
        )
        assert own.chat_service_sid == service.sid and own.post_webhook_url == hook.url
        assert client.conversations.v1.configuration.webhooks().fetch().post_webhook_url == (
            global_hook.url
        )
        scoped.conversations.create(friendly_name="in own", x_twilio_webhook_enabled="true")
        client.conversations.v1.conversations.create(
            friendly_name="in default", x_twilio_webhook_enabled="true"
        )
        (to_service,) = hook.wait_for(1)
        (to_global,) = global_hook.wait_for(1)
        assert to_service.params["ChatServiceSid"] == service.sid
        assert to_global.params["FriendlyName"] == "in default"
        assert [r.params["FriendlyName"] for r in hook.received] == ["in own"]
        assert [r.params["FriendlyName"] for r in global_hook.received] == ["in default"]


def test_a_services_pre_event_webhook_is_asked_for_its_conversations(client: Client) -> None:
    with Receiver(status=403) as gate:
        service = client.conversations.v1.services.create(friendly_name="gated")
        scoped = client.conversations.v1.services(service.sid)
        scoped.configuration.webhooks().update(
            pre_webhook_url=gate.url, filters=["onConversationAdd"], method="POST"
        )
        with pytest.raises(TwilioRestException) as caught:
            scoped.conversations.create(friendly_name="refused", x_twilio_webhook_enabled="true")
        assert (caught.value.status, caught.value.code) == (403, 20403)
        assert scoped.conversations.list() == []
        # The default service has no pre-event webhook: its conversation is made.
        client.conversations.v1.conversations.create(
            friendly_name="allowed", x_twilio_webhook_enabled="true"
        )
        assert len(gate.received) == 1


def test_bindings_registered_by_devices_are_listed_filtered_fetched_and_deleted(
    client: Client,
) -> None:
    service = client.conversations.v1.services.list()[0]
    credential = client.conversations.v1.credentials.create(type="fcm", friendly_name="android")
    made = [
        register_binding(client, service.sid, identity, kind, f"token-{n}", credential.sid)
        for n, (identity, kind) in enumerate((("ann", "fcm"), ("bo", "apn"), ("ann", "apn")))
    ]
    bindings = client.conversations.v1.services(service.sid).bindings
    assert [b.sid for b in bindings.list(page_size=1)] == made
    assert [b.sid for b in bindings.list(identity=["ann"])] == [made[0], made[2]]
    assert [b.sid for b in bindings.list(binding_type=["apn"], identity=["bo"])] == [made[1]]
    fetched = bindings(made[0]).fetch()
    assert (fetched.identity, fetched.binding_type, fetched.endpoint) == ("ann", "fcm", "token-0")
    assert fetched.credential_sid == credential.sid
    assert fetched.message_types == [
        "new_message",
        "added_to_conversation",
        "removed_from_conversation",
    ]
    assert bindings(made[0]).delete()
    with pytest.raises(TwilioRestException) as caught:
        bindings(made[0]).fetch()
    assert (caught.value.status, caught.value.code) == (404, 20404)
    refused = list_error(lambda: bindings.list(binding_type=["carrier-pigeon"]))
    assert (refused["status"], refused["code"]) == (400, 20001)


def test_a_binding_needs_a_known_credential_and_type(client: Client) -> None:
    service = client.conversations.v1.services.list()[0]
    unknown = "CR" + "0" * 32
    refusals = (
        ("fcm", unknown, f"CredentialSid {unknown} is not a credential of this account"),
        ("pigeon", None, "BindingType must be one of apn, gcm, fcm, twilsock; got 'pigeon'"),
    )
    for kind, credential, message in refusals:
        with pytest.raises(TwilioRestException) as caught:
            register_binding(client, service.sid, "ann", kind, "token", credential)
        assert (caught.value.status, caught.value.code, caught.value.msg) == (400, 20001, message)
    assert client.conversations.v1.services(service.sid).bindings.list() == []


def test_a_phones_text_asks_the_pre_event_webhook_of_its_conversations_service(
    client: Client, numbers: list[str], text: Any
) -> None:
    service = client.conversations.v1.services.create(friendly_name="gated texts")
    scoped = client.conversations.v1.services(service.sid)
    conversation = scoped.conversations.create(friendly_name="in the gated service")
    scoped.conversations(conversation.sid).participants.create(
        messaging_binding_address=PHONE_1, messaging_binding_proxy_address=numbers[0]
    )
    with Receiver(status=403) as gate:
        scoped.configuration.webhooks().update(
            pre_webhook_url=gate.url, filters=["onMessageAdd"], method="POST"
        )
        text(PHONE_1, numbers[0], "let me in")
        (asked,) = gate.wait_for(1)
        assert asked.params["ConversationSid"] == conversation.sid
        assert scoped.conversations(conversation.sid).messages.list() == []
