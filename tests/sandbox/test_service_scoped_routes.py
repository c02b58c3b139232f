"""Conversations Services: create and delete, and the service-scoped routes
(/v1/Services/IS…/…), through the real SDK over HTTP."""

from __future__ import annotations

import json

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from tests.support.group import PHONE_1

SERVICES = "https://conversations.twilio.com/v1/Services"


def test_a_conversation_lives_in_its_service_only(client: Client) -> None:
    service = client.conversations.v1.services.create(friendly_name="staging")
    scoped = client.conversations.v1.services(service.sid)
    conversation = scoped.conversations.create(friendly_name="in staging")
    assert conversation.chat_service_sid == service.sid
    assert conversation.url == f"{SERVICES}/{service.sid}/Conversations/{conversation.sid}"
    assert conversation.links["participants"].startswith(f"{SERVICES}/{service.sid}/")
    participant = scoped.conversations(conversation.sid).participants.create(identity="ann")
    assert participant.url.startswith(f"{SERVICES}/{service.sid}/Conversations/")
    message = scoped.conversations(conversation.sid).messages.create(author="ann", body="hi")
    assert scoped.conversations(conversation.sid).messages(message.sid).fetch().body == "hi"
    listed = [c.sid for c in scoped.conversations.list()]
    assert listed == [conversation.sid]
    # Not the default service's: the account-level routes do not find it.
    with pytest.raises(TwilioRestException) as caught:
        client.conversations.v1.conversations(conversation.sid).fetch()
    assert (caught.value.status, caught.value.code) == (404, 20404)
    assert conversation.sid not in [c.sid for c in client.conversations.v1.conversations.list()]


def test_the_default_service_scoped_is_the_account_level_routes(client: Client) -> None:
    default = client.conversations.v1.services.list()[0]
    made = client.conversations.v1.conversations.create(friendly_name="default's")
    fetched = client.conversations.v1.services(default.sid).conversations(made.sid).fetch()
    assert fetched.sid == made.sid
    assert fetched.url == f"{SERVICES}/{default.sid}/Conversations/{made.sid}"
    other = client.conversations.v1.services.create(friendly_name="other")
    with pytest.raises(TwilioRestException) as caught:
        client.conversations.v1.services(other.sid).conversations(made.sid).fetch()
    assert (caught.value.status, caught.value.code) == (404, 20404)


def test_an_unknown_service_is_a_404_naming_the_path(client: Client) -> None:
    unknown = "IS" + "0" * 32
    made = client.conversations.v1.conversations.create(friendly_name="exists")
    with pytest.raises(TwilioRestException) as caught:
        client.conversations.v1.services(unknown).conversations(made.sid).fetch()
    assert (caught.value.status, caught.value.code) == (404, 20404)
    assert f"/v1/Services/{unknown}/Conversations/{made.sid}" in caught.value.msg


def test_users_roles_and_unique_names_are_per_service(client: Client) -> None:
    first = client.conversations.v1.services.create(friendly_name="one")
    second = client.conversations.v1.services.create(friendly_name="two")
    for service in (first, second):
        scoped = client.conversations.v1.services(service.sid)
        user = scoped.users.create(identity="same-person")
        assert user.chat_service_sid == service.sid
        assert scoped.conversations.create(unique_name="lobby").chat_service_sid == service.sid
        roles = scoped.roles.list()
        assert {r.chat_service_sid for r in roles} == {service.sid} and len(roles) == 4
    with pytest.raises(TwilioRestException) as caught:
        client.conversations.v1.services(first.sid).users.create(identity="same-person")
    assert caught.value.code == 50201
    first_roles = {r.sid for r in client.conversations.v1.services(first.sid).roles.list()}
    some_role = next(iter(first_roles))
    with pytest.raises(TwilioRestException) as caught:
        client.conversations.v1.services(second.sid).roles(some_role).fetch()
    assert caught.value.status == 404


def test_deleting_a_service_removes_what_lives_in_it(client: Client) -> None:
    service = client.conversations.v1.services.create(friendly_name="temporary")
    scoped = client.conversations.v1.services(service.sid)
    conversation = scoped.conversations.create(friendly_name="goes with it")
    scoped.users.create(identity="goes-too")
    assert client.conversations.v1.services(service.sid).delete() is True
    for fetch in (
        client.conversations.v1.services(service.sid).fetch,
        scoped.conversations(conversation.sid).fetch,
    ):
        with pytest.raises(TwilioRestException) as caught:
            fetch()
        assert caught.value.status == 404
    assert service.sid not in [s.sid for s in client.conversations.v1.services.list()]


def test_what_a_scoped_conversation_holds_names_its_service(
    client: Client, numbers: list[str]
) -> None:
    """Participants, messages, receipts and webhooks read through a service carry its SID, as
    Twilio's service-scoped schemas list it; the account-level ones have no such field."""
    service = client.conversations.v1.services.create(friendly_name="staging")
    scoped = client.conversations.v1.services(service.sid).conversations
    conversation = scoped.create(friendly_name="in staging")
    inside = scoped(conversation.sid)
    participant = inside.participants.create(identity="ann")
    inside.participants.create(
        messaging_binding_address=PHONE_1, messaging_binding_proxy_address=numbers[0]
    )
    message = inside.messages.create(author="ann", body="hi")
    receipts = inside.messages(message.sid).delivery_receipts
    (receipt,) = receipts.list()
    assert receipts(receipt.sid).fetch().chat_service_sid == service.sid
    assert receipt.chat_service_sid == service.sid
    webhook = inside.webhooks.create(target="webhook", configuration_url="http://127.0.0.1:9/")
    assert participant.chat_service_sid == service.sid
    assert message.chat_service_sid == service.sid
    assert webhook.chat_service_sid == service.sid
    assert [p.chat_service_sid for p in inside.participants.list()] == [service.sid] * 2
    assert [m.chat_service_sid for m in inside.messages.list()] == [service.sid]
    default = client.conversations.v1.conversations.create(friendly_name="default's")
    ann = client.conversations.v1.conversations(default.sid).participants.create(identity="ann")
    raw = client.request("GET", ann.url)
    assert "chat_service_sid" not in json.loads(raw.text)
