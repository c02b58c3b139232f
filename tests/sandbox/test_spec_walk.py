"""Walk both of Twilio's specs, operation by operation, with real SIDs (issue 16), as an app
pointed at the sandbox would: each operation is routed and answers its documented status; every
documented parameter is accepted (a base valid form plus that one parameter, its value derived from
its schema), or refused with Twilio's error for a documented rule, or named in `UNEMULATED` and
refused as not emulated (issue 18.3: that list is complete, and true); a value its schema rules out
is refused with Twilio's error and stores nothing; every property of the response's schema is in
the JSON; every list pages as Twilio pages, each item seen once. The requests' shapes are in
`tests/support/spec_requests.py`, the real resources they name in `tests/support/spec_world.py`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pytest

from sandbox.api.endpoints import ENDPOINTS
from sandbox.api.unemulated import unemulated_parameters
from tests.support.sandbox_server import SandboxServer
from tests.support.spec_requests import (
    BASE_FORMS,
    BASE_QUERIES,
    ELSEWHERE,
    REFUSED_BY_A_RULE,
    account_level,
    parameter_key,
    value_for,
    with_parameter,
)
from tests.support.spec_world import World, build
from tests.support.twilio_specs import (
    NO_SPECS,
    Operation,
    body_parameters,
    example_urls,
    first_item,
    operations,
    other_parameters,
    page_size_maximum,
    resolve,
    shape,
    success_schema,
    urls_of,
)

# Operations the sandbox does not answer: asserted exactly, so a missing operation fails, and one
# listed here that answers fails until it is removed. Every operation of both specs is answered.
NOT_ANSWERED_YET: set[tuple[str, str]] = set()

NOT_EMULATED = "does not emulate it here yet"
MISSPELLED = "Check the spelling"
PAGING = ("PageSize", "Page", "PageToken")  # exercised by following the pages
PAGE_SIZE = 2


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


def _assert_urls_as_in_the_example(operation: Operation, body: dict[str, Any]) -> None:
    """Each URL the spec's example shows (`url`, `uri`, every `links` and `subresource_uris`
    entry) is in the answer, of the same shape: Twilio's CLI and apps follow them (issue 25.7)."""
    expected = example_urls(operation)
    item = first_item(body)
    if not expected or item is None:
        return
    ours = urls_of(item)
    differing = {
        name: (url, ours.get(name)) for name, url in expected.items() if ours.get(name) != url
    }
    assert differing == {}, f"{operation.label}: URLs unlike the spec's example: {differing}"


def _listparameter_key(schema: dict[str, Any]) -> str | None:
    for name, prop in schema.get("properties", {}).items():
        if prop.get("type") == "array" and "$ref" in prop.get("items", {}):
            return name
    return None


def _itemparameter_key(item: dict[str, Any]) -> str:
    return str(item.get("sid") or item.get("conversation_sid"))


def _assert_pages(world: World, operation: Operation, schema: dict[str, Any], key: str) -> None:
    """At least three items, PageSize=2: the pages are followed to the end as the SDK would,
    each item seen once, each page's envelope as Twilio's."""
    path = world.operation_url(operation)
    query = BASE_QUERIES.get(account_level(operation), {})
    most = page_size_maximum(operation.spec, operation.path)
    assert most is not None, f"{operation.label}: the spec gives the list no PageSize maximum"
    everything = _body(world.request("GET", path, params={**query, "PageSize": most}))[key]
    assert len(everything) >= 3, f"{operation.label}: the world should hold three items or more"
    seen: list[str] = []
    url: str | None = path
    params: dict[str, Any] | None = {**query, "PageSize": PAGE_SIZE}
    page = 0
    while url is not None:
        assert page * PAGE_SIZE < len(everything), f"{operation.label}: the pages never end"
        response = world.request("GET", url, params=params)
        assert response.status_code == 200, _where(operation, "paging", url, response)
        body = _body(response)
        _assert_properties(operation, schema, body)
        assert 0 < len(body[key]) <= PAGE_SIZE, (operation.label, url, body)
        seen += [_itemparameter_key(item) for item in body[key]]
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
    assert sorted(seen) == sorted(_itemparameter_key(item) for item in everything), operation.label
    assert len(set(seen)) == len(seen), f"{operation.label}: an item on two pages"
    _assert_page_size_maximum(world, operation, path, {**query}, most)


def _assert_page_size_maximum(
    world: World, operation: Operation, path: str, query: dict[str, Any], most: int
) -> None:
    """The list's own maximum PageSize is taken; one more is Twilio's 20007, "Page size too
    large" (https://www.twilio.com/docs/api/errors/20007), HTTP 400 (issue 25.4)."""
    at_most = world.request("GET", path, params={**query, "PageSize": most})
    assert at_most.status_code == 200, _where(operation, "PageSize", most, at_most)
    page_size = _body(at_most).get("meta", _body(at_most))["page_size"]
    assert page_size == most, (operation.label, page_size, most)
    over = world.request("GET", path, params={**query, "PageSize": most + 1})
    body = _body(over)
    assert (over.status_code, body["code"]) == (400, 20007), _where(
        operation, "PageSize", most + 1, over
    )


def _unemulated(operation: Operation) -> Mapping[str, str]:
    return unemulated_parameters(*_route(operation))


def _route(operation: Operation) -> tuple[str, str]:
    """The operation as `endpoints.py` spells it."""
    for method, path, _ in ENDPOINTS:
        if (method, shape(path)) == operation.shape:
            return method, path
    return operation.shape


def _check_parameter(
    world: World, operation: Operation, name: str, schema: dict[str, Any], where: str
) -> None:
    """One documented parameter: accepted, or refused as not emulated when UNEMULATED lists it
    (and only then), or refused with the code of a documented rule; never "check the spelling"."""
    value = value_for(world, operation, name, schema)
    path = world.operation_url(operation, ELSEWHERE.get(parameter_key(operation, name), {}))
    if where == "body":
        base = BASE_FORMS.get(account_level(operation), {})
        form = with_parameter(world, operation, base, name, value)
        response = world.request("POST", path, data=form)
    else:
        base = BASE_QUERIES.get(account_level(operation), {})
        form = with_parameter(world, operation, base, name, value)
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
    code = REFUSED_BY_A_RULE.get(parameter_key(operation, name))
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
    most = page_size_maximum(operation.spec, operation.path)
    if most is None:
        return None
    response = world.request("GET", world.operation_url(operation), params={"PageSize": most})
    if response.status_code != 200:
        return None
    items = [value for value in _body(response).values() if isinstance(value, list)]
    return len(items[0]) if items else None


def _check_badresolved(
    world: World, operation: Operation, name: str, schema: dict[str, Any], where: str
) -> None:
    """A value the schema rules out: Twilio's 400 (or 404 for a SID that names nothing), never
    a 2xx nor "check the spelling", and a create stores nothing."""
    if not _constrained(schema) or name in _unemulated(operation):
        return
    path = world.operation_url(operation, ELSEWHERE.get(parameter_key(operation, name), {}))
    before = _stored(world, operation)
    if where == "body":
        base = BASE_FORMS.get(account_level(operation), {})
        form = with_parameter(world, operation, base, name, BAD)
        response = world.request("POST", path, data=form)
    else:
        form = with_parameter(
            world, operation, BASE_QUERIES.get(account_level(operation), {}), name, BAD
        )
        response = world.request(operation.method, path, params=form)
    described = _where(operation, name, form, response)
    assert response.status_code in (400, 404), f"a bad value not refused: {described}"
    body = _body(response)
    assert body["status"] == response.status_code and MISSPELLED not in body["message"], described
    assert _stored(world, operation) == before, f"stored although refused: {described}"


def _call_base(world: World, operation: Operation, headers: dict[str, str]) -> Any:
    path = world.operation_url(operation)
    if operation.method == "POST":
        form = with_parameter(
            world, operation, BASE_FORMS.get(account_level(operation), {}), None, None
        )
        return world.request("POST", path, data=form, headers=headers)
    query = BASE_QUERIES.get(account_level(operation), {})
    return world.request(operation.method, path, params=query, headers=headers)


@pytest.fixture
def world(sandbox_server: SandboxServer) -> World:
    sandbox_server.reset()  # each operation in a world of its own
    return build(sandbox_server.client(), sandbox_server.url, sandbox_server.account_sid)


OPERATIONS = operations()


def test_the_walk_covers_every_spec_and_its_missing_set_names_real_operations() -> None:
    if not OPERATIONS:
        pytest.skip(NO_SPECS)
    assert len(OPERATIONS) == 125
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
    sent_headers = {name: str(value_for(world, operation, name, s)) for name, s in headers.items()}
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
    _assert_urls_as_in_the_example(operation, body)
    if operation.method == "POST":
        for name, param_schema in body_parameters(operation).items():
            _check_parameter(world, operation, name, param_schema, "body")
            _check_badresolved(world, operation, name, param_schema, "body")
    key = _listparameter_key(schema)
    for name, param_schema in other_parameters(operation, "query").items():
        if name not in PAGING:
            _check_parameter(world, operation, name, param_schema, "query")
            _check_badresolved(world, operation, name, param_schema, "query")
    if key is not None:
        _assert_pages(world, operation, schema, key)
