"""Conversations Services through the real SDK: create (with its own default roles), fetch,
list, delete; the default service stays; bad input gets Twilio's error and stores nothing
(https://www.twilio.com/docs/conversations/api/service-resource)."""

from __future__ import annotations

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from tests.support.sandbox_server import SandboxServer


def test_create_fetch_list_and_delete_a_service(client: Client) -> None:
    default = client.conversations.v1.services.list()[0]
    made = client.conversations.v1.services.create(friendly_name="staging")
    assert made.sid.startswith("IS") and made.sid != default.sid
    assert made.url.endswith(f"/v1/Services/{made.sid}")
    assert made.links["conversations"] == f"{made.url}/Conversations"
    assert client.conversations.v1.services(made.sid).fetch().friendly_name == "staging"
    assert [s.sid for s in client.conversations.v1.services.list()] == [default.sid, made.sid]
    assert client.conversations.v1.services(made.sid).delete() is True
    assert [s.sid for s in client.conversations.v1.services.list()] == [default.sid]
    with pytest.raises(TwilioRestException) as error:
        client.conversations.v1.services(made.sid).fetch()
    assert (error.value.status, error.value.code) == (404, 20404)


def test_a_new_service_has_its_own_roles_and_the_default_keeps_its_own(client: Client) -> None:
    before = {r.sid for r in client.conversations.v1.roles.list()}
    client.conversations.v1.services.create(friendly_name="staging")
    assert {r.sid for r in client.conversations.v1.roles.list()} == before
    user = client.conversations.v1.users.create(identity="ada")
    assert user.role_sid in before  # the default service's "service user", not the new one's


def test_a_reset_forgets_the_services_made_since(
    client: Client, sandbox_server: SandboxServer
) -> None:
    client.conversations.v1.services.create(friendly_name="staging")
    sandbox_server.reset()
    assert len(client.conversations.v1.services.list()) == 1


@pytest.mark.parametrize(("name", "code"), [("", 20001), ("x" * 257, 50003)])
def test_a_bad_friendly_name_is_refused_and_nothing_is_made(
    client: Client, name: str, code: int
) -> None:
    with pytest.raises(TwilioRestException) as error:
        client.conversations.v1.services.create(friendly_name=name)
    assert (error.value.status, error.value.code) == (400, code)
    assert len(client.conversations.v1.services.list()) == 1


def test_the_default_service_is_not_deleted_and_an_unknown_one_is_404(client: Client) -> None:
    default = client.conversations.v1.services.list()[0]
    with pytest.raises(TwilioRestException) as error:
        client.conversations.v1.services(default.sid).delete()
    assert (error.value.status, error.value.code) == (400, 20001)
    assert client.conversations.v1.services(default.sid).fetch().sid == default.sid
    with pytest.raises(TwilioRestException) as error:
        client.conversations.v1.services("IS" + "0" * 32).delete()
    assert (error.value.status, error.value.code) == (404, 20404)
