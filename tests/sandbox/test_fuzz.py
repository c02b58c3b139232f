"""Fuzzing from Twilio's own OpenAPI specs: every operation the sandbox implements.

For each route in the sandbox's table that Twilio's spec also has, schemathesis generates
requests (valid and invalid, with random SIDs and with SIDs that exist) and the sandbox must
answer without a 5xx, with Twilio-shaped errors, and with 2xx bodies the spec's schema accepts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from twilio.rest import Client

from helpers.sandbox_api import register_binding
from sandbox.api.endpoints import ENDPOINTS, MESSAGING_ENDPOINTS
from tests.support.group import PHONE_1
from tests.support.sandbox_server import SandboxServer
from tests.support.twilio_specs import (
    MESSAGING_SPEC,
    NO_SPECS,
    PLACEHOLDER,
    Operation,
    load_spec,
    operations,
    shape,
    specs_present,
)

schemathesis = pytest.importorskip("schemathesis")
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.specs.openapi.checks import response_schema_conformance  # noqa: E402

pytestmark = pytest.mark.fuzz

EXAMPLES_PER_OPERATION = 100
UNREACHABLE_HOOK = "http://127.0.0.1:9/hook"  # the discard port: webhook requests just fail
# Creates whose random bodies are almost never valid: one valid form each, so they get through
# and their 2xx bodies are checked against the spec too (the other cases still vary around it).
ACCOUNT_LEVEL_FORMS = {
    ("POST", "/v1/Conversations/{}/Messages"): {"Author": "alice", "Body": "fuzz"},
    ("POST", "/v1/Conversations/{}/Participants"): {"Identity": "fuzzer"},
    ("POST", "/2010-04-01/Accounts/{}/IncomingPhoneNumbers.json"): {"AreaCode": "650"},
    ("POST", "/v1/Conversations/{}/Webhooks"): {
        "Target": "webhook",
        "Configuration.Url": UNREACHABLE_HOOK,
    },
    ("POST", "/v1/Users"): {"Identity": "fuzzer"},
    ("POST", "/v1/Services"): {"FriendlyName": "fuzz"},
    ("POST", "/2010-04-01/Accounts/{}/Messages.json"): {
        "From": "+15005550006",
        "To": PHONE_1,
        "Body": "fuzz",
    },
}
# ... and the same forms for the service-scoped twins (/v1/Services/{}/Conversations/{}/Messages…)
VALID_FORMS = ACCOUNT_LEVEL_FORMS | {
    (method, "/v1/Services/{}" + path.removeprefix("/v1")): form
    for (method, path), form in ACCOUNT_LEVEL_FORMS.items()
    if path.startswith("/v1/") and path != "/v1/Services"
}
# Routes Twilio serves that the specs here leave out: the Media Content Service
# (mcs.us1.twilio.com).
OUTSIDE_THE_SPECS = {
    ("POST", "/v1/Services/{}/Media"),
    ("GET", "/v1/Services/{}/Media/{}"),
    ("GET", "/v1/Services/{}/Media/{}/Content"),
}


# Twilio's 2010 list envelopes carry *relative* URIs ("/2010-04-01/Accounts/AC…/Messages.json?…"),
# which the SDK makes absolute (twilio/base/page.py); the spec types them `format: uri`, which
# only an absolute URI satisfies. The sandbox follows the service, so the check drops that format.
RELATIVE_2010_URIS = ("uri", "first_page_uri", "next_page_uri", "previous_page_uri")


def _load_spec(name: str) -> dict[str, Any]:
    document = load_spec(name)
    for item in document["paths"].values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            for response in operation.get("responses", {}).values():
                for content in response.get("content", {}).values():
                    properties = content.get("schema", {}).get("properties", {})
                    for field in RELATIVE_2010_URIS:
                        properties.get(field, {}).pop("format", None)
    return document


@cache
def _schema(name: str) -> Any:
    """One spec's schemathesis schema, made once for all its operations' tests, as schemathesis's
    own `schema.parametrize()` does."""
    return schemathesis.openapi.from_dict(_load_spec(name))


def _shapes(routes: list[tuple[str, str, Any]]) -> set[tuple[str, str]]:
    return {(method, shape(path)) for method, path, _ in routes}


def _implemented_operations() -> list[Operation]:
    """The sandbox's routes that Twilio's specs describe (Messaging's on its own host);
    sandbox-only routes are skipped."""
    ours = {MESSAGING_SPEC: _shapes(MESSAGING_ENDPOINTS)}
    return [op for op in operations() if op.shape in ours.get(op.spec, _shapes(ENDPOINTS))]


OPERATIONS = _implemented_operations()


def test_every_sandbox_route_is_in_a_spec_or_is_the_sandboxs_own() -> None:
    if not specs_present():
        pytest.skip(NO_SPECS)
    covered = {op.shape for op in OPERATIONS}
    missing = [
        (method, path)
        for method, path, _ in [*ENDPOINTS, *MESSAGING_ENDPOINTS]
        if (method, shape(path)) not in covered | OUTSIDE_THE_SPECS
        and not path.startswith("/sandbox/")
    ]
    assert missing == [], "routes the fuzzer cannot drive from Twilio's spec"
    assert len(OPERATIONS) >= 25


@dataclass(frozen=True)
class World:
    """Real resources, so generated requests reach handlers past the 404s too."""

    by_name: dict[str, str]
    by_collection: dict[str, str]
    messaging: dict[str, str]  # Messaging's own: its /v1/Services are Messaging Services


def _world(client: Client, account_sid: str) -> World:
    proxy = client.incoming_phone_numbers.create(phone_number="+15005550006")
    conversation = client.conversations.v1.conversations.create(friendly_name="fuzz")
    handle = client.conversations.v1.conversations(conversation.sid)
    sms_person = handle.participants.create(
        messaging_binding_address=PHONE_1,
        messaging_binding_proxy_address=proxy.phone_number,
    )
    handle.participants.create(identity="alice")
    message = handle.messages.create(author="alice", body="hello")
    receipt = handle.messages(message.sid).delivery_receipts.list()[0]
    sms = client.messages.list(to=PHONE_1)[0]
    mms = client.messages.create(
        from_=proxy.phone_number, to=PHONE_1, media_url=["https://example.com/fuzz.png"]
    )
    service = client.conversations.v1.services.list()[0]
    # A service of its own too: the default service is not deleted, so DELETE gets a 2xx.
    own_service = client.conversations.v1.services.create(friendly_name="fuzz")
    # A role of its own: the default roles cannot be deleted, so DELETE gets a 2xx too.
    role = client.conversations.v1.roles.create(
        friendly_name="fuzz", type="conversation", permission=["sendMessage"]
    )
    webhook = handle.webhooks.create(target="webhook", configuration_url=UNREACHABLE_HOOK)
    address = client.conversations.v1.address_configurations.create(
        type="sms", address=proxy.phone_number
    )
    user = client.conversations.v1.users.create(identity="alice")  # in the conversation
    binding = register_binding(client, service.sid, "alice", "fcm", "fuzz-token")
    credential = client.conversations.v1.credentials.create(type="fcm", friendly_name="fuzz")
    messaging = client.messaging.v1.services.create(friendly_name="fuzz")
    spare = client.incoming_phone_numbers.create(phone_number="+15005550007")
    client.messaging.v1.services(messaging.sid).phone_numbers.create(phone_number_sid=spare.sid)
    return World(
        by_name={
            "AccountSid": account_sid,
            "ConversationSid": conversation.sid,
            "MessageSid": message.sid,
            "ChatServiceSid": service.sid,
            "UserSid": user.sid,
            "MmsSid": mms.sid,
        },
        by_collection={
            "Conversations": conversation.sid,
            "Participants": sms_person.sid,
            "Messages": message.sid,
            "Receipts": receipt.sid,
            "Services": own_service.sid,
            "Roles": role.sid,
            "IncomingPhoneNumbers": proxy.sid,
            "Messages.json": sms.sid,
            "Webhooks": webhook.sid,
            "Addresses": address.sid,
            "Users": user.sid,
            "Credentials": credential.sid,
            "Bindings": binding,
            "Media": client.messages(mms.sid).media.list()[0].sid,
        },
        messaging={
            "Services": messaging.sid,
            "ServiceSid": messaging.sid,
            "PhoneNumbers": spare.sid,
        },
    )


def _real_path_parameters(path: str, world: World, spec: str) -> dict[str, str]:
    own = world.messaging if spec == MESSAGING_SPEC else {}
    values = {}
    segments = path.split("/")
    for position, segment in enumerate(segments):
        match = PLACEHOLDER.fullmatch(segment.removesuffix(".json"))
        if not match:
            continue
        name = segment.removesuffix(".json")[1:-1]
        if name in own or (name == "Sid" and segments[position - 1] in own):
            values[name] = own.get(name) or own[segments[position - 1]]
        elif name == "Sid":
            collection = segments[position - 1]
            if path.startswith("/2010-04-01") and collection == "Messages":
                collection = "Messages.json"
            values[name] = world.by_collection.get(collection)
        elif name == "MessageSid" and path.startswith("/2010-04-01"):
            values[name] = world.by_name["MmsSid"]  # a 2010 Message with media: an MMS
        else:
            values[name] = world.by_name.get(name)
    return {name: value for name, value in values.items() if value is not None}


def valid_http(headers: dict[str, str]) -> bool:
    """False for headers no HTTP/1.1 server accepts, e.g. the empty Content-Length negative
    cases send (RFC 9110 8.6: one or more digits)."""
    length = next((v for k, v in headers.items() if k.lower() == "content-length"), None)
    return length is None or str(length).isdigit()


def assert_twilio_error(response: Any, case: Any) -> None:
    """A Twilio-shaped error body; on a failure the message shows `case` as a curl command."""
    content_type = response.headers.get("content-type") or [""]
    assert content_type[0].startswith("application/json"), (case.as_curl_command(), response.text)
    body = response.json()
    assert set(body) >= {"code", "message", "more_info", "status"}, body
    assert body["status"] == response.status_code, body
    assert isinstance(body["code"], int) and body["message"], body
    assert body["more_info"] == f"https://www.twilio.com/docs/errors/{body['code']}", body


@pytest.mark.parametrize(
    "operation",
    OPERATIONS or [pytest.param(None, marks=pytest.mark.skip(reason=NO_SPECS))],
    ids=lambda op: op.label if op else "no-specs",
)
def test_operation_from_twilios_spec(
    sandbox_server: SandboxServer, client: Client, operation: Operation
) -> None:
    sandbox_server.reset()  # each operation from a clean sandbox: no test's state in another's
    world = _world(client, sandbox_server.account_sid)
    api_operation = _schema(operation.spec)[operation.path][operation.method]
    real = _real_path_parameters(operation.path, world, operation.spec)
    # The Twilio host the request is for, as the kit's client names it (Messaging's /v1/Services
    # and Conversations' differ only by host).
    host = {"X-Forwarded-Host": urlsplit(operation.server).netloc}
    strategies = [
        api_operation.as_strategy(generation_mode=GenerationMode.POSITIVE, path_parameters=real),
        api_operation.as_strategy(generation_mode=GenerationMode.NEGATIVE, path_parameters=real),
        api_operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
    ]
    valid_form = VALID_FORMS.get((operation.method, shape(operation.path)))
    if operation.shape == ("POST", "/v1/Services/{}/PhoneNumbers"):  # a number of the account
        valid_form = {"PhoneNumberSid": world.messaging["PhoneNumbers"]}
    if valid_form is not None:
        strategies.append(
            api_operation.as_strategy(
                generation_mode=GenerationMode.POSITIVE, path_parameters=real, body=valid_form
            )
        )
    auth = (sandbox_server.account_sid, sandbox_server.auth_token)
    statuses: list[int] = []

    if valid_form is not None:  # the valid form itself first, whatever the draws below are
        valid = api_operation.Case(
            path_parameters=real, body=valid_form, media_type="application/x-www-form-urlencoded"
        )
        response = valid.call(base_url=sandbox_server.url, headers=host, auth=auth, timeout=30)
        statuses.append(response.status_code)
        assert response.status_code < 300, (valid.as_curl_command(), response.text)
        valid.validate_response(response, checks=[response_schema_conformance])

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=st.one_of(strategies))
    def fuzz(case: Any) -> None:
        response = case.call(base_url=sandbox_server.url, headers=host, auth=auth, timeout=30)
        statuses.append(response.status_code)
        assert response.status_code < 500, (case.as_curl_command(), response.text)
        if not valid_http(case.headers or {}):
            # Refused by the HTTP server before any route runs, as Twilio's edge refuses it.
            assert response.status_code == 400, (case.as_curl_command(), response.text)
        elif response.status_code == 204:
            assert response.content == b""
        elif response.status_code >= 400:
            assert_twilio_error(response, case)
        else:
            case.validate_response(response, checks=[response_schema_conformance])

    fuzz()
    # Every operation must work at least once: one that refused everything (a Twilio-shaped 400
    # for every case) would pass every check above.
    assert any(200 <= status < 300 for status in statuses), (
        f"no request to {operation.label} got through; statuses {sorted(set(statuses))}"
    )
