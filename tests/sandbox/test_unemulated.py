"""Issue 18, point 3: a parameter Twilio documents for an operation but the sandbox does not
emulate is refused as "not emulated yet", with what it would change; a name no Twilio operation
has still gets "check the spelling". The sandbox's list is kept honest against Twilio's spec."""

from __future__ import annotations

import json

import pytest
from twilio.rest import Client

from sandbox.api.endpoints import ENDPOINTS
from sandbox.api.unemulated import UNEMULATED
from tests.support.sandbox_server import SandboxServer
from tests.support.twilio_specs import NO_SPECS, documented_names, operations, shape


def _documented() -> dict[tuple[str, str], set[str]]:
    """Each operation's documented parameter names, by (method, path shape), from both specs."""
    found = {op.shape: documented_names(op) for op in operations()}
    if not found:
        pytest.skip(NO_SPECS)
    return found


def test_every_listed_parameter_is_documented_by_twilio_for_a_routed_operation() -> None:
    documented = _documented()
    routed = {(method, path) for method, path, _ in ENDPOINTS}
    for (method, route), params in UNEMULATED.items():
        assert (method, route) in routed, (method, route)
        for name, behaviour in params.items():
            assert name in documented[(method, shape(route))], (method, route, name)
            assert behaviour and not behaviour.endswith(".")


def test_a_documented_but_unemulated_parameter_says_so(
    client: Client, sandbox_server: SandboxServer
) -> None:
    url = f"{sandbox_server.url}/v1/Conversations"
    response = client.request("POST", url, data={"Bindings.Email.Address": "a@example.com"})
    assert response.status_code == 400
    error = json.loads(response.text)
    assert error["code"] == 20001
    assert "does not emulate it here yet" in error["message"]
    assert "email" in error["message"] and "spelling" not in error["message"]
    assert not error["message"].endswith(".")
    assert client.conversations.v1.conversations.list() == []  # nothing stored


def test_a_name_no_twilio_operation_has_still_asks_to_check_the_spelling(
    client: Client, sandbox_server: SandboxServer
) -> None:
    url = f"{sandbox_server.url}/v1/Conversations"
    response = client.request("POST", url, data={"FrendlyName": "x"})
    error = json.loads(response.text)
    assert (response.status_code, error["code"]) == (400, 20001)
    assert "Check the spelling" in error["message"] and "emulate" not in error["message"]


@pytest.mark.parametrize(
    "path",
    [
        "/v1/Conversations/{}",
        "/v1/Services/{}/Conversations/{}",
        "/v1/ConversationWithParticipants",
        "/v1/Services/{}/ConversationWithParticipants",
    ],
)
def test_email_bindings_are_not_emulated_on_any_conversation_write(
    client: Client, sandbox_server: SandboxServer, path: str
) -> None:
    """The update, the service-scoped twins and ConversationWithParticipants say so too, rather
    than "check the spelling" or taking the binding silently."""
    service = client.conversations.v1.services.list()[0].sid
    conversation = client.conversations.v1.conversations.create(friendly_name="kept")
    filled = path.format(
        *([service, conversation.sid] if "Services" in path else [conversation.sid])
    )
    data = {"FriendlyName": "renamed", "Bindings.Email.Name": "Support"}
    response = client.request("POST", f"{sandbox_server.url}{filled}", data=data)
    error = json.loads(response.text)
    assert (response.status_code, error["code"]) == (400, 20001), error
    assert "does not emulate it here yet" in error["message"], error
    listed = client.conversations.v1.conversations.list()
    assert [(c.sid, c.friendly_name) for c in listed] == [(conversation.sid, "kept")]
