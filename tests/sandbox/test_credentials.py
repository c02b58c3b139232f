"""Push credentials through the real SDK: stored and read back without their secrets, updated,
listed, deleted; bad input gets Twilio's error and stores nothing
(https://www.twilio.com/docs/conversations/api/credential-resource)."""

from __future__ import annotations

import json

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from tests.support.sandbox_server import SandboxServer

SECRET = "do-not-echo-4f2b"


def test_a_credential_is_stored_without_its_secrets(
    client: Client, sandbox_server: SandboxServer
) -> None:
    v1 = client.conversations.v1
    made = v1.credentials.create(
        type="apn", friendly_name="ios", certificate=SECRET, private_key=SECRET, sandbox=True
    )
    assert made.sid.startswith("CR") and (made.type, made.friendly_name) == ("apn", "ios")
    assert made.sandbox == "true"
    raw = client.request("GET", f"{sandbox_server.url}/v1/Credentials/{made.sid}").text
    assert SECRET not in raw
    assert set(json.loads(raw)) == {
        "sid", "account_sid", "friendly_name", "type", "sandbox", "date_created",
        "date_updated", "url",
    }  # fmt: skip
    updated = v1.credentials(made.sid).update(friendly_name="iOS app", sandbox=False)
    assert (updated.friendly_name, updated.sandbox, updated.type) == ("iOS app", "false", "apn")
    fcm = v1.credentials.create(type="fcm", secret=SECRET)
    assert fcm.sandbox is None and fcm.friendly_name is None
    assert [c.sid for c in v1.credentials.list()] == [made.sid, fcm.sid]
    assert v1.credentials(made.sid).delete() is True
    assert [c.sid for c in v1.credentials.list()] == [fcm.sid]
    with pytest.raises(TwilioRestException) as error:
        v1.credentials(made.sid).fetch()
    assert (error.value.status, error.value.code) == (404, 20404)


@pytest.mark.parametrize(
    "params",
    [
        {"type": "", "friendly_name": "no type"},
        {"type": "sms"},
        {"type": "gcm", "friendly_name": "x" * 65},
    ],
)
def test_bad_input_is_refused_and_nothing_stored(client: Client, params: dict[str, str]) -> None:
    with pytest.raises(TwilioRestException) as error:
        client.conversations.v1.credentials.create(**params)
    assert (error.value.status, error.value.code) == (400, 20001)
    assert not error.value.msg.endswith(".")
    assert client.conversations.v1.credentials.list() == []
