"""Walk both of Twilio's specs, operation by operation, with real SIDs (issue 16), as an app
pointed at the sandbox would: each operation is routed and answers its documented status; every
documented parameter is accepted (a base valid form plus that one parameter, its value derived from
its schema), or refused with Twilio's error for a documented rule, or named in `UNEMULATED` and
refused as not emulated (issue 18.3: that list is complete, and true); every property of the
response's schema is in the JSON; every list pages as Twilio pages, each item seen once."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from sandbox.api.routes import ROUTES
from sandbox.api.unemulated import unemulated_parameters
from tests.conftest import SandboxServer
from tests.spec import (
    NO_SPECS,
    Operation,
    body_parameters,
    operations,
    other_parameters,
    resolve,
    shape,
    success_schema,
)
from tests.spec_world import NUMBERS, PHONES, UNREACHABLE_HOOK, World, build

# Operations the sandbox does not answer yet (worktree `ops` adds them): asserted exactly, so a
# missing operation not listed fails, and a listed one that answers fails until it is removed.
S = "/v1/Services/{}"
NOT_ANSWERED_YET = {
    *[("GET", p) for p in ("/v1/Users/{}/Conversations", S + "/Users/{}/Conversations")],
    *[
        (method, prefix + "/Users/{}/Conversations/{}")
        for method in ("GET", "POST", "DELETE")
        for prefix in ("/v1", S)
    ],
    ("GET", S + "/Configuration"),
    ("POST", S + "/Configuration"),
    ("GET", S + "/Configuration/Notifications"),
    ("POST", S + "/Configuration/Notifications"),
    ("GET", S + "/Configuration/Webhooks"),
    ("POST", S + "/Configuration/Webhooks"),
    ("GET", S + "/Bindings"),
    ("GET", S + "/Bindings/{}"),
    ("DELETE", S + "/Bindings/{}"),
}

NOT_EMULATED = "does not emulate it here yet"
MISSPELLED = "Check the spelling"
PAGING = ("PageSize", "Page", "PageToken")  # exercised by following the pages
PAGE_SIZE = 2
DATE = "2026-01-02T03:04:05Z"

# The least a create needs, by (method, shape) of the account-level route; a scoped twin
# (/v1/Services/{}/…) takes its twin's. Callables make a value no earlier call used.
BASE_FORMS: dict[tuple[str, str], dict[str, Any]] = {
    ("POST", "/v1/Conversations/{}/Participants"): {"Identity": lambda w: w.fresh("id")},
    ("POST", "/v1/Conversations/{}/Messages"): {"Author": "alice", "Body": "walk"},
    ("POST", "/v1/Conversations/{}/Webhooks"): {
        "Target": "webhook",
        "Configuration.Url": UNREACHABLE_HOOK,
    },
    ("POST", "/v1/Roles"): {
        "FriendlyName": lambda w: w.fresh("role"),
        "Type": "conversation",
        "Permission": "sendMessage",
    },
    ("POST", "/v1/Roles/{}"): {"Permission": "sendMessage"},
    ("POST", "/v1/Users"): {"Identity": lambda w: w.fresh("user")},
    ("POST", "/v1/Services"): {"FriendlyName": lambda w: w.fresh("service")},
    ("POST", "/v1/Credentials"): {"Type": "fcm", "Secret": "s"},
    ("POST", "/v1/Configuration/Addresses"): {
        "Type": "sms",
        "Address": lambda w: w.fresh_number(),
    },
    ("POST", "/2010-04-01/Accounts/{}/IncomingPhoneNumbers.json"): {"AreaCode": "650"},
    ("POST", "/2010-04-01/Accounts/{}/Messages.json"): {
        "From": NUMBERS[0],
        "To": PHONES[0],
        "Body": "walk",
    },
}

# A parameter whose valid value is not what its schema alone suggests, by name, or by
# (method, account-level shape, name) where one operation needs its own.
VALUES: dict[str, Any] = {
    "Attributes": '{"walk": true}',
    "ContentVariables": '{"1": "Ana"}',
    "Timers.Inactive": "PT5M",
    "Timers.Closed": "PT20M",
    "DefaultInactiveTimer": "PT5M",
    "DefaultClosedTimer": "PT20M",
    "State": "active",  # not `closed`: the walk goes on in that conversation
    "Permission": "sendMessage",
    "Participant": '{"identity": "walker"}',
    "LastReadMessageIndex": "0",
    "MessagingBinding.Address": lambda w: w.fresh_phone(),
    "MessagingBinding.ProxyAddress": NUMBERS[0],
    "MessagingBinding.ProjectedAddress": NUMBERS[0],
    "Author": "alice",
    "Identity": lambda w: w.fresh("id"),
    "UniqueName": lambda w: w.fresh("unique"),
    "PhoneNumber": lambda w: f"+1500557{next(w.serial):04d}",
    "AreaCode": "650",
    "ApiVersion": "2010-04-01",
    "StartDate": "2020-01-01",
    "EndDate": "2030-01-01",
    "To": PHONES[1],
    "From": NUMBERS[0],
    "Body": "walk",
    "Address": PHONES[0],
}
FILTER = "onMessageAdded"
MESSAGING_SERVICE = "MG" + "1" * 32  # the sandbox has no Messaging Services: any MG SID will do
PARTICIPANTS = "/v1/Conversations/{}/Participants"
WEBHOOKS = "/v1/Conversations/{}/Webhooks"
MESSAGES_2010 = "/2010-04-01/Accounts/{}/Messages"
ONE_OPERATION: dict[tuple[str, str, str], Any] = {
    ("POST", "/v1/Configuration/Addresses", "Address"): lambda w: w.fresh_number(),
    ("POST", MESSAGES_2010 + "/{}.json", "Body"): "",  # the only update: redacting
    ("POST", "/v1/Users", "RoleSid"): lambda w: w.service_role,  # a user's role is a service's
    ("POST", "/v1/Users/{}", "RoleSid"): lambda w: w.service_role,
    ("POST", MESSAGES_2010 + ".json", "SendAt"): lambda w: _an_hour_ahead(),
}

# Twilio's rules that tie a parameter to others: what to add to the base form with it, and what to
# leave out of it, by (method, account-level shape, name).
TOGETHER: dict[tuple[str, str, str], dict[str, Any]] = {
    # https://www.twilio.com/docs/conversations/api/conversation-participant-resource: an SMS
    # participant is its address and proxy address together, and has no identity.
    ("POST", PARTICIPANTS, "MessagingBinding.Address"): {
        "MessagingBinding.ProxyAddress": NUMBERS[0]
    },
    ("POST", PARTICIPANTS, "MessagingBinding.ProxyAddress"): {
        "MessagingBinding.Address": lambda w: w.fresh_phone()
    },
    # https://www.twilio.com/docs/conversations/api/conversation-scoped-webhook-resource: a studio
    # target names its flow, a trigger target its triggers.
    ("POST", WEBHOOKS, "Configuration.FlowSid"): {"Target": "studio"},
    ("POST", WEBHOOKS, "Configuration.ReplayAfter"): {
        "Target": "studio",
        "Configuration.FlowSid": "FW" + "0" * 32,
    },
    ("POST", WEBHOOKS, "Configuration.Triggers"): {"Target": "trigger"},
    # https://www.twilio.com/docs/messaging/features/message-scheduling: a fixed time, through a
    # Messaging Service.
    ("POST", MESSAGES_2010 + ".json", "ScheduleType"): {
        "SendAt": lambda w: _an_hour_ahead(),
        "MessagingServiceSid": MESSAGING_SERVICE,
    },
    ("POST", MESSAGES_2010 + ".json", "SendAt"): {
        "ScheduleType": "fixed",
        "MessagingServiceSid": MESSAGING_SERVICE,
    },
    # https://www.twilio.com/docs/content: variables fill a template's placeholders.
    ("POST", MESSAGES_2010 + ".json", "ContentVariables"): {"ContentSid": "HX" + "2" * 32},
    # https://www.twilio.com/docs/conversations/states-timers: timers are set with the state.
    **{
        ("POST", path, timer): {"State": "active"}
        for path in ("/v1/Conversations", "/v1/ConversationWithParticipants")
        for timer in ("Timers.Inactive", "Timers.Closed")
    },
}
LEAVE_OUT: dict[tuple[str, str, str], tuple[str, ...]] = {
    ("POST", PARTICIPANTS, "MessagingBinding.Address"): ("Identity",),
    ("POST", PARTICIPANTS, "MessagingBinding.ProxyAddress"): ("Identity",),
    ("POST", "/2010-04-01/Accounts/{}/IncomingPhoneNumbers.json", "PhoneNumber"): ("AreaCode",),
    ("GET", "/v1/ParticipantConversations", "Address"): ("Identity",),
}
# A GET's query that the operation needs (ParticipantConversations: whose conversations).
BASE_QUERIES: dict[tuple[str, str], dict[str, Any]] = {
    ("GET", "/v1/ParticipantConversations"): {"Identity": "alice"},
}
# Where a parameter is tried on another resource than the world's first of its kind: a Group MMS
# participant (ProjectedAddress) starts a conversation of its own (50435, sandbox/GROUP_MMS.md).
ELSEWHERE: dict[tuple[str, str, str], dict[str, str]] = {
    ("POST", PARTICIPANTS, "MessagingBinding.ProjectedAddress"): {
        "ConversationSid": "EmptyConversationSid"
    },
    # Only a scheduled message can be canceled (https://www.twilio.com/docs/api/errors/30409).
    ("POST", MESSAGES_2010 + "/{}.json", "Status"): {"Sid": "ScheduledSmsSid"},
}

# Documented rules that refuse a parameter sent alone with the base form: (method, account-level
# shape, parameter) → Twilio's code, each rule's page beside it.
REFUSED_BY_A_RULE: dict[tuple[str, str, str], int] = {
    # The world's participant is an SMS one, which cannot have a projected address:
    # https://www.twilio.com/docs/conversations/group-texting (sandbox/GROUP_MMS.md).
    ("POST", PARTICIPANTS + "/{}", "MessagingBinding.ProjectedAddress"): 50443,
    # ... nor an identity: https://www.twilio.com/docs/api/errors/50211
    ("POST", PARTICIPANTS + "/{}", "Identity"): 50211,
}


def _an_hour_ahead() -> str:
    return (datetime.now(UTC) + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _account_level(operation: Operation) -> tuple[str, str]:
    """The operation's (method, shape), a service-scoped twin's as its account-level route's."""
    method, path = operation.shape
    if path.startswith(S + "/") and not path.startswith(S + "/Media"):
        return method, "/v1" + path.removeprefix(S)
    return method, path


def _key(operation: Operation, name: str | None) -> tuple[str, str, str]:
    return (*_account_level(operation), name or "")


def _value(world: World, value: Any) -> Any:
    return value(world) if callable(value) else value


def _value_for(world: World, operation: Operation, name: str, schema: dict[str, Any]) -> Any:
    """A valid value for one parameter: the tables above, else one its schema allows."""
    if _key(operation, name) in ONE_OPERATION:
        return _value(world, ONE_OPERATION[_key(operation, name)])
    if name in VALUES:
        return _value(world, VALUES[name])
    if name.endswith("Filters"):
        return [FILTER]
    if schema.get("type") == "array":
        return [_value_for(world, operation, name, schema.get("items", {}))]
    if "enum" in schema:
        return schema["enum"][0]
    pattern = schema.get("pattern", "")
    if pattern.startswith("^") and "[0-9a-fA-F]{32}" in pattern:
        prefix = pattern[1:3]
        return world.by_prefix.get(prefix, prefix + "0" * 32)
    if schema.get("format") == "date-time":
        return DATE
    if schema.get("format") == "uri" or name.endswith("Url"):
        return UNREACHABLE_HOOK
    if schema.get("type") == "boolean":
        return "true"
    if schema.get("type") == "integer":
        return "1"
    if schema.get("type") == "number":
        return "0.05"
    if name.endswith("Method"):
        return "POST"
    return world.fresh(name.replace(".", "-"))


def _with(
    world: World, operation: Operation, base: dict[str, Any], name: str | None, value: Any
) -> dict[str, Any]:
    """The base form or query, with one parameter and what Twilio's rules tie to it."""
    key = _key(operation, name)
    left_out = LEAVE_OUT.get(key, ())
    form = {k: _value(world, v) for k, v in base.items() if k != name and k not in left_out}
    if name is not None:
        form[name] = value
        form.update({k: _value(world, v) for k, v in TOGETHER.get(key, {}).items()})
    return form


def _body(response: Any) -> Any:
    return json.loads(response.text) if response.text else None


def _where(operation: Operation, name: str | None, form: Any, response: Any) -> str:
    return f"{operation.label} {name or ''} with {form}: {response.status_code} {response.text}"


def _assert_properties(operation: Operation, schema: dict[str, Any], body: Any) -> None:
    """Every property the schema lists is in the JSON, items of a list and its `meta` too."""
    properties = schema.get("properties", {})
    missing = sorted(set(properties) - set(body))
    assert missing == [], f"{operation.label}: properties missing from the response: {missing}"
    for name, prop in properties.items():
        if name == "meta":
            keys = set(prop.get("properties", {}))
            assert keys <= set(body["meta"]), (operation.label, keys - set(body["meta"]))
        elif prop.get("type") == "array" and "$ref" in prop.get("items", {}):
            for item in body[name]:
                _assert_properties(operation, resolve(operation.spec, prop["items"]), item)


def _list_key(schema: dict[str, Any]) -> str | None:
    for name, prop in schema.get("properties", {}).items():
        if prop.get("type") == "array" and "$ref" in prop.get("items", {}):
            return name
    return None


def _item_key(item: dict[str, Any]) -> str:
    return str(item.get("sid") or item.get("conversation_sid"))


def _assert_pages(world: World, operation: Operation, schema: dict[str, Any], key: str) -> None:
    """At least three items, PageSize=2: the pages are followed to the end as the SDK would,
    each item seen once, each page's envelope as Twilio's."""
    path = world.path(operation.path)
    query = BASE_QUERIES.get(_account_level(operation), {})
    everything = _body(world.request("GET", path, params={**query, "PageSize": 50}))[key]
    assert len(everything) >= 3, f"{operation.label}: the world should hold three items or more"
    seen: list[str] = []
    url: str | None = path
    params: dict[str, Any] | None = {**query, "PageSize": PAGE_SIZE}
    page = 0
    while url is not None:
        response = world.request("GET", url, params=params)
        assert response.status_code == 200, _where(operation, "paging", url, response)
        body = _body(response)
        _assert_properties(operation, schema, body)
        assert 0 < len(body[key]) <= PAGE_SIZE, (operation.label, url, body)
        seen += [_item_key(item) for item in body[key]]
        if "meta" in body:  # Conversations v1
            meta = body["meta"]
            assert (meta["page"], meta["page_size"], meta["key"]) == (page, PAGE_SIZE, key), meta
            url = meta["next_page_url"]
        else:  # the 2010 API: relative URIs, `start` and `end` counting items
            assert (body["page"], body["page_size"]) == (page, PAGE_SIZE), body
            first = page * PAGE_SIZE
            assert (body["start"], body["end"]) == (first, first + len(body[key]) - 1), body
            uri = body["next_page_uri"]
            url = f"https://api.twilio.com{uri}" if uri else None
        params, page = None, page + 1
    assert sorted(seen) == sorted(_item_key(item) for item in everything), operation.label
    assert len(set(seen)) == len(seen), f"{operation.label}: an item on two pages"


def _unemulated(operation: Operation) -> Mapping[str, str]:
    return unemulated_parameters(*_route(operation))


def _route(operation: Operation) -> tuple[str, str]:
    """The operation as `routes.py` spells it."""
    for method, path, _ in ROUTES:
        if (method, shape(path)) == operation.shape:
            return method, path
    return operation.shape


def _check_parameter(
    world: World, operation: Operation, name: str, schema: dict[str, Any], where: str
) -> None:
    """One documented parameter: accepted, or refused as not emulated when UNEMULATED lists it
    (and only then), or refused with the code of a documented rule; never "check the spelling"."""
    value = _value_for(world, operation, name, schema)
    path = world.path(operation.path, ELSEWHERE.get(_key(operation, name), {}))
    if where == "body":
        base = BASE_FORMS.get(_account_level(operation), {})
        form = _with(world, operation, base, name, value)
        response = world.request("POST", path, data=form)
    else:
        base = BASE_QUERIES.get(_account_level(operation), {})
        form = _with(world, operation, base, name, value)
        response = world.request(operation.method, path, params=form)
    described = _where(operation, name, form, response)
    listed = name in _unemulated(operation)
    if response.status_code < 300:
        assert not listed, f"listed in UNEMULATED, yet accepted: {described}"
        return
    message = _body(response)["message"]
    assert MISSPELLED not in message, described
    if NOT_EMULATED in message:
        assert listed, f"not emulated but missing from UNEMULATED: {described}"
        return
    code = REFUSED_BY_A_RULE.get(_key(operation, name))
    assert code == _body(response)["code"], f"refused, and no documented rule says so: {described}"


BAD = "not-a-valid-value"


def _constrained(schema: dict[str, Any]) -> bool:
    """Whether the schema rules out an arbitrary string: an enum, a SID, a number, a boolean, a
    date (an array: its items')."""
    if schema.get("type") == "array":
        return _constrained(schema.get("items", {}))
    return bool(
        "enum" in schema
        or "[0-9a-fA-F]{32}" in schema.get("pattern", "")
        or schema.get("type") in ("integer", "number", "boolean")
        or schema.get("format") == "date-time"
    )


def _stored(world: World, operation: Operation) -> int | None:
    """How many items the collection a create adds to holds (None: not a create with a list)."""
    if operation.method != "POST" or operation.path.endswith("}") or ".json" in operation.path:
        return None
    response = world.request("GET", world.path(operation.path), params={"PageSize": 100})
    if response.status_code != 200:
        return None
    items = [value for value in _body(response).values() if isinstance(value, list)]
    return len(items[0]) if items else None


def _check_bad_value(
    world: World, operation: Operation, name: str, schema: dict[str, Any], where: str
) -> None:
    """A value the schema rules out: Twilio's 400 (or 404 for a SID that names nothing), never
    a 2xx nor "check the spelling", and a create stores nothing."""
    if not _constrained(schema) or name in _unemulated(operation):
        return
    path = world.path(operation.path, ELSEWHERE.get(_key(operation, name), {}))
    before = _stored(world, operation)
    if where == "body":
        base = BASE_FORMS.get(_account_level(operation), {})
        form = _with(world, operation, base, name, BAD)
        response = world.request("POST", path, data=form)
    else:
        form = _with(world, operation, BASE_QUERIES.get(_account_level(operation), {}), name, BAD)
        response = world.request(operation.method, path, params=form)
    described = _where(operation, name, form, response)
    assert response.status_code in (400, 404), f"a bad value not refused: {described}"
    body = _body(response)
    assert body["status"] == response.status_code and MISSPELLED not in body["message"], described
    assert _stored(world, operation) == before, f"stored although refused: {described}"


def _call_base(world: World, operation: Operation, headers: dict[str, str]) -> Any:
    path = world.path(operation.path)
    if operation.method == "POST":
        form = _with(world, operation, BASE_FORMS.get(_account_level(operation), {}), None, None)
        return world.request("POST", path, data=form, headers=headers)
    query = BASE_QUERIES.get(_account_level(operation), {})
    return world.request(operation.method, path, params=query, headers=headers)


@pytest.fixture
def world(sandbox_server: SandboxServer) -> World:
    sandbox_server.reset()  # each operation in a world of its own
    return build(sandbox_server.client(), sandbox_server.url, sandbox_server.account_sid)


OPERATIONS = operations()


def test_the_walk_covers_both_specs_and_its_missing_set_names_real_operations() -> None:
    if not OPERATIONS:
        pytest.skip(NO_SPECS)
    assert len(OPERATIONS) == 113
    assert {op.shape for op in OPERATIONS} >= NOT_ANSWERED_YET


@pytest.mark.parametrize(
    "operation",
    OPERATIONS or [pytest.param(None, marks=pytest.mark.skip(reason=NO_SPECS))],
    ids=lambda op: op.label if op else "no-specs",
)
def test_operation(world: World, operation: Operation) -> None:
    status, schema = success_schema(operation)
    headers = other_parameters(operation, "header")
    # A documented header (X-Twilio-Webhook-Enabled) rides on the base call: one value of its enum.
    sent_headers = {name: str(_value_for(world, operation, name, s)) for name, s in headers.items()}
    response = _call_base(world, operation, sent_headers)
    answered = response.status_code not in (404, 405)
    if operation.shape in NOT_ANSWERED_YET:
        assert not answered, f"{operation.label} answers now: take it out of NOT_ANSWERED_YET"
        return
    where = _where(operation, None, sent_headers, response)
    assert answered, f"not routed: {where}"
    assert response.status_code == status, where
    if status == 204:
        assert response.text == "", where
        return
    body = _body(response)
    _assert_properties(operation, schema, body)
    if operation.method == "POST":
        for name, param_schema in body_parameters(operation).items():
            _check_parameter(world, operation, name, param_schema, "body")
            _check_bad_value(world, operation, name, param_schema, "body")
    key = _list_key(schema)
    for name, param_schema in other_parameters(operation, "query").items():
        if name not in PAGING:
            _check_parameter(world, operation, name, param_schema, "query")
            _check_bad_value(world, operation, name, param_schema, "query")
    if key is not None:
        _assert_pages(world, operation, schema, key)
