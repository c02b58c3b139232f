"""Bad input at the edges: each gets a clear Twilio-shaped error, and nothing is stored."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from helpers._local.transport import SandboxHttpClient
from sandbox.api.params import MAX_BODY_BYTES
from tests.support.sandbox_server import SandboxServer

OTHER_ACCOUNT = "AC" + "1" * 32
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture
def http(sandbox_server: SandboxServer, client: Client) -> Iterator[requests.Session]:
    """A plain HTTP session with the sandbox's credentials, for bodies the SDK cannot send."""
    with requests.Session() as session:
        session.auth = (sandbox_server.account_sid, sandbox_server.auth_token)
        yield session


def assert_twilio_error(response: requests.Response, status: int, code: int) -> None:
    body = response.json()
    assert response.status_code == status, body
    assert set(body) == {"code", "message", "more_info", "status"}, body
    assert (body["status"], body["code"]) == (status, code)
    assert body["more_info"] == f"https://www.twilio.com/docs/errors/{code}"
    assert body["message"] and "Traceback" not in body["message"]


def conversation_count(client: Client) -> int:
    return len(client.conversations.v1.conversations.list())


def test_oversized_body_is_413_and_stores_nothing(
    sandbox_server: SandboxServer, client: Client, http: requests.Session
) -> None:
    body = "FriendlyName=" + "x" * (MAX_BODY_BYTES + 10)
    response = http.post(f"{sandbox_server.url}/v1/Conversations", data=body, headers=FORM)
    assert_twilio_error(response, 413, 20001)
    assert conversation_count(client) == 0


def test_oversized_chunked_body_without_length_is_413(
    sandbox_server: SandboxServer, client: Client, http: requests.Session
) -> None:
    def chunks() -> Iterator[bytes]:
        yield b"FriendlyName="
        for _ in range(20):
            yield b"y" * 65536

    response = http.post(f"{sandbox_server.url}/v1/Conversations", data=chunks(), headers=FORM)
    assert_twilio_error(response, 413, 20001)
    assert conversation_count(client) == 0


@pytest.mark.parametrize(
    "body",
    [b"FriendlyName=caf\xe9", b"FriendlyName=%E9t%E9", b"Friendly\xffName=x"],
    ids=["raw-latin1", "percent-latin1", "bad-key"],
)
def test_body_that_is_not_utf8_is_400(
    sandbox_server: SandboxServer, client: Client, http: requests.Session, body: bytes
) -> None:
    response = http.post(f"{sandbox_server.url}/v1/Conversations", data=body, headers=FORM)
    assert_twilio_error(response, 400, 20001)
    assert conversation_count(client) == 0


def test_query_string_that_is_not_utf8_is_400(
    sandbox_server: SandboxServer, client: Client, http: requests.Session
) -> None:
    response = http.get(f"{sandbox_server.url}/v1/Conversations?State=%FF")
    assert_twilio_error(response, 400, 20001)


def test_unknown_parameters_on_each_kind_of_write(
    sandbox_server: SandboxServer, client: Client, http: requests.Session
) -> None:
    number = client.incoming_phone_numbers.create(phone_number="+15005550006").phone_number
    conversation = client.conversations.v1.conversations.create(friendly_name="kept")
    base = sandbox_server.url
    writes = [
        (f"{base}/v1/Conversations", {"FriendlyName": "x", "Colour": "red"}),
        (
            f"{base}/v1/Conversations/{conversation.sid}/Participants",
            {"Identity": "bob", "Nickname": "b"},
        ),
        (f"{base}/v1/Conversations/{conversation.sid}/Messages", {"Body": "hi", "Urgent": "1"}),
        (
            f"{base}/2010-04-01/Accounts/{sandbox_server.account_sid}/IncomingPhoneNumbers.json",
            {"PhoneNumber": "+15005550007", "Colour": "red"},
        ),
        (f"{base}/sandbox/Phones/+16505551111/Messages", {"To": number, "Body": "x", "Cc": "y"}),
    ]
    for url, form in writes:
        response = http.post(url, data=form)
        assert_twilio_error(response, 400, 20001)
        assert "Unknown parameter" in response.json()["message"]
    handle = client.conversations.v1.conversations(conversation.sid)
    assert [c.sid for c in client.conversations.v1.conversations.list()] == [conversation.sid]
    assert handle.participants.list() == []
    assert handle.messages.list() == []
    assert [n.phone_number for n in client.incoming_phone_numbers.list()] == [number]
    assert client.messages.list() == []


@pytest.mark.parametrize(
    "credentials",
    [("AC" + "0" * 32, "wrong-token"), (OTHER_ACCOUNT, "sandbox-auth-token"), ("", "")],
    ids=["wrong-token", "other-account", "empty"],
)
def test_wrong_credentials_are_401_20003_and_store_nothing(
    sandbox_server: SandboxServer, client: Client, credentials: tuple[str, str]
) -> None:
    url = f"{sandbox_server.url}/v1/Conversations"
    response = requests.post(url, data={"FriendlyName": "intruder"}, auth=credentials)
    assert_twilio_error(response, 401, 20003)
    assert conversation_count(client) == 0


def test_missing_or_garbled_authorization_header_is_401(
    sandbox_server: SandboxServer, client: Client
) -> None:
    url = f"{sandbox_server.url}/v1/Conversations"
    for header in ({}, {"Authorization": "Basic !!!notbase64"}, {"Authorization": "Bearer x"}):
        response = requests.post(url, data={"FriendlyName": "intruder"}, headers=header)
        assert_twilio_error(response, 401, 20003)
    assert conversation_count(client) == 0


def test_another_accounts_sid_in_a_2010_path_is_404_and_stores_nothing(
    sandbox_server: SandboxServer, client: Client, http: requests.Session
) -> None:
    number = client.incoming_phone_numbers.create(phone_number="+15005550006")
    root = f"{sandbox_server.url}/2010-04-01/Accounts/{OTHER_ACCOUNT}"
    attempts = [
        http.post(f"{root}/IncomingPhoneNumbers.json", data={"PhoneNumber": "+15005550007"}),
        http.get(f"{root}/IncomingPhoneNumbers.json"),
        http.get(f"{root}/IncomingPhoneNumbers/{number.sid}.json"),
        http.delete(f"{root}/IncomingPhoneNumbers/{number.sid}.json"),
        http.get(f"{root}/Messages.json"),
    ]
    for response in attempts:
        assert_twilio_error(response, 404, 20404)
    assert [n.sid for n in client.incoming_phone_numbers.list()] == [number.sid]


def test_the_sdk_with_another_accounts_sid_sees_404(
    sandbox_server: SandboxServer, client: Client
) -> None:
    other = client.api.v2010.accounts(OTHER_ACCOUNT)
    with pytest.raises(TwilioRestException) as error:
        other.incoming_phone_numbers.create(phone_number="+15005550007")
    assert (error.value.status, error.value.code) == (404, 20404)
    assert client.incoming_phone_numbers.list() == []


MALFORMED_SIDS = ["CH123", "IM" + "0" * 32, "CH" + "g" * 32, "not a sid!", "CH" + "0" * 40]


@pytest.mark.parametrize("sid", MALFORMED_SIDS)
def test_malformed_or_unknown_sids_are_404_and_store_nothing(
    sandbox_server: SandboxServer, client: Client, http: requests.Session, sid: str
) -> None:
    client.incoming_phone_numbers.create(phone_number="+15005550006")
    conversation = client.conversations.v1.conversations.create(friendly_name="kept")
    base = sandbox_server.url
    account = f"{base}/2010-04-01/Accounts/{sandbox_server.account_sid}"
    attempts = [
        http.get(f"{base}/v1/Conversations/{sid}"),
        http.post(f"{base}/v1/Conversations/{sid}/Messages", data={"Body": "lost"}),
        http.post(f"{base}/v1/Conversations/{sid}/Participants", data={"Identity": "lost"}),
        http.get(f"{base}/v1/Conversations/{conversation.sid}/Messages/{sid}"),
        http.delete(f"{base}/v1/Conversations/{conversation.sid}/Messages/{sid}"),
        http.get(f"{account}/IncomingPhoneNumbers/{sid}.json"),
        http.delete(f"{account}/IncomingPhoneNumbers/{sid}.json"),
        http.get(f"{account}/Messages/{sid}.json"),
    ]
    for response in attempts:
        assert_twilio_error(response, 404, 20404)
    missing_participant = http.get(f"{base}/v1/Conversations/{conversation.sid}/Participants/{sid}")
    assert_twilio_error(missing_participant, 404, 50432)
    handle = client.conversations.v1.conversations(conversation.sid)
    assert [c.sid for c in client.conversations.v1.conversations.list()] == [conversation.sid]
    assert handle.messages.list() == [] and handle.participants.list() == []
    assert len(client.incoming_phone_numbers.list()) == 1


def test_sdk_raises_the_twilio_error_for_a_bad_sid(
    sandbox_server: SandboxServer, client: Client
) -> None:
    sdk = Client(
        sandbox_server.account_sid,
        sandbox_server.auth_token,
        http_client=SandboxHttpClient(sandbox_server.url),
    )
    with pytest.raises(TwilioRestException) as error:
        sdk.conversations.v1.conversations("CH123").messages.create(body="lost")
    assert (error.value.status, error.value.code) == (404, 20404)
    assert conversation_count(client) == 0


@pytest.mark.parametrize(
    ("form", "code"),
    [
        ({"Attributes": "{not json"}, 20001),
        ({"State": "sleeping"}, 20001),
        ({"Timers.Inactive": "PT1M"}, 50382),
        ({"State": "active", "Timers.Inactive": "ten minutes"}, 20001),
        ({"UniqueName": "CH" + "a" * 32}, 50390),
    ],
)
def test_invalid_values_are_400_and_store_nothing(
    sandbox_server: SandboxServer,
    client: Client,
    http: requests.Session,
    form: dict[str, str],
    code: int,
) -> None:
    response = http.post(f"{sandbox_server.url}/v1/Conversations", data=form)
    assert_twilio_error(response, 400, code)
    assert conversation_count(client) == 0


@pytest.mark.parametrize(
    "query",
    ["PageSize=0", "PageSize=ten", "Page=-1", "PageToken=garbage", "Order=up"],
)
def test_bad_paging_is_400(
    sandbox_server: SandboxServer, client: Client, http: requests.Session, query: str
) -> None:
    conversation = client.conversations.v1.conversations.create()
    url = f"{sandbox_server.url}/v1/Conversations/{conversation.sid}/Messages?{query}"
    assert_twilio_error(http.get(url), 400, 20001)


@pytest.mark.parametrize("role", ["", "admin", "CH" + "0" * 32])
def test_a_participant_role_that_is_not_a_role_sid_is_400(client: Client, role: str) -> None:
    handle = client.conversations.v1.conversations(
        client.conversations.v1.conversations.create().sid
    )
    if role:
        with pytest.raises(TwilioRestException) as error:
            handle.participants.create(identity="bob", role_sid=role)
        assert (error.value.status, error.value.code) == (400, 20001)
        assert handle.participants.list() == []
    bob = handle.participants.create(identity="bob")
    with pytest.raises(TwilioRestException) as error:
        handle.participants(bob.sid).update(role_sid=role)
    assert (error.value.status, error.value.code) == (400, 20001)
    assert handle.participants(bob.sid).fetch().role_sid == bob.role_sid


def test_a_missing_resource_is_named_by_the_whole_path_requested(client: Client) -> None:
    ghost_number, ghost_conversation = "PN" + "0" * 32, "CH" + "0" * 32
    for fetch, path in (
        (
            lambda: client.incoming_phone_numbers(ghost_number).fetch(),
            f"/2010-04-01/Accounts/{client.account_sid}/IncomingPhoneNumbers/{ghost_number}.json",
        ),
        (
            lambda: client.conversations.v1.conversations(ghost_conversation).fetch(),
            f"/v1/Conversations/{ghost_conversation}",
        ),
    ):
        with pytest.raises(TwilioRestException) as caught:
            fetch()
        assert (caught.value.status, caught.value.code) == (404, 20404)
        assert caught.value.msg.endswith(f"The requested resource {path} was not found")
