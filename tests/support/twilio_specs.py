"""Twilio's OpenAPI specs as the tests read them: where they are, each operation, its documented
parameters and its response schema. Reference data beside the repo (../shared/twilio), never in it:
a test that needs them skips with `NO_SPECS` when they are absent."""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from tests.support.paths import SHARED

SPEC_DIR = SHARED / "twilio"
SPECS = (
    "twilio_conversations_v1.json",
    "twilio_api_v2010_messaging.json",
    "twilio_api_v2010_message_media.json",
    "twilio_messaging_v1_services.json",
)
MESSAGING_SPEC = "twilio_messaging_v1_services.json"  # its /v1/Services are Messaging Services
NO_SPECS = f"Twilio's specs are not at {SPEC_DIR} (reference data; a clone has no ../shared/)"
PLACEHOLDER = re.compile(r"\{[^}]+\}")
METHODS = ("get", "post", "delete")
FORM = "application/x-www-form-urlencoded"


def specs_present() -> bool:
    return all((SPEC_DIR / name).exists() for name in SPECS)


def shape(path: str) -> str:
    """A path template with its parameter names erased, so the spec's and ours compare."""
    return PLACEHOLDER.sub("{}", path)


@cache
def _document(name: str) -> dict[str, Any]:
    """One spec, parsed once: read it, never change it (`load_spec` gives a copy to change)."""
    return dict(json.loads((SPEC_DIR / name).read_text()))


def load_spec(name: str) -> dict[str, Any]:
    """A fresh copy of one spec (callers may change theirs)."""
    return copy.deepcopy(_document(name))


@dataclass(frozen=True)
class Operation:
    """One operation of a spec: its method and path template as the spec writes them."""

    spec: str
    method: str
    path: str
    operation_id: str

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def shape(self) -> tuple[str, str]:
        return (self.method, shape(self.path))

    @property
    def server(self) -> str:
        """The Twilio host the spec serves the operation on (https://messaging.twilio.com, …)."""
        return str(_document(self.spec)["servers"][0]["url"])


def operations() -> list[Operation]:
    """Every operation in the specs, in the specs' order; none when they are absent."""
    if not specs_present():
        return []
    found = []
    for name in SPECS:
        for path, item in _document(name)["paths"].items():
            for method in METHODS:
                if method in item:
                    found.append(Operation(name, method.upper(), path, item[method]["operationId"]))
    return found


def _op(operation: Operation) -> dict[str, Any]:
    return dict(_document(operation.spec)["paths"][operation.path][operation.method.lower()])


def resolve(spec: str, schema: dict[str, Any]) -> dict[str, Any]:
    """A schema with its `$ref` followed (the specs' refs are all to #/components/schemas)."""
    while "$ref" in schema:
        schema = _document(spec)["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def body_parameters(operation: Operation) -> dict[str, dict[str, Any]]:
    """The form fields the operation documents, name → schema (refs followed)."""
    content = _op(operation).get("requestBody", {}).get("content", {})
    properties = content.get(FORM, {}).get("schema", {}).get("properties", {})
    return {name: resolve(operation.spec, schema) for name, schema in properties.items()}


def other_parameters(operation: Operation, where: str) -> dict[str, dict[str, Any]]:
    """The `query` or `header` parameters the operation documents, name → schema."""
    return {
        p["name"]: resolve(operation.spec, p.get("schema", {}))
        for p in _op(operation).get("parameters", [])
        if p.get("in") == where
    }


def documented_names(operation: Operation) -> set[str]:
    """Every parameter name a request may carry as a form field or in the query."""
    return {*body_parameters(operation), *other_parameters(operation, "query")}


def success_schema(operation: Operation) -> tuple[int, dict[str, Any]]:
    """The documented 2xx status and the schema of its body ({} for a 204)."""
    for status, response in _op(operation)["responses"].items():
        if status.startswith("2"):
            content = response.get("content", {}).get("application/json", {})
            return int(status), resolve(operation.spec, content.get("schema", {}))
    raise AssertionError(f"{operation.label} documents no 2xx response")


SID = re.compile(r"\b[A-Z]{2}[0-9a-fA-F]{32}\b")


def url_shape(url: str) -> str:
    """A URL with its SIDs erased, so the spec's examples and the sandbox's answers compare."""
    return SID.sub("{sid}", url)


def urls_of(item: dict[str, Any]) -> dict[str, str]:
    """An item's own URL (`url`, or the 2010 API's `uri`) and its related resources' (`links`,
    `subresource_uris`), by name, each as its shape."""
    found = {name: item[name] for name in ("url", "uri") if isinstance(item.get(name), str)}
    for group in ("links", "subresource_uris"):
        for name, url in (item.get(group) or {}).items():
            found[f"{group}.{name}"] = url
    return {name: url_shape(url) for name, url in found.items()}


def first_item(body: dict[str, Any]) -> dict[str, Any] | None:
    """A list's first item (the list is the one array of objects), or the body of a fetch."""
    for value in body.values():
        if isinstance(value, list) and (not value or isinstance(value[0], dict)):
            return value[0] if value else None
    return body


def example_urls(operation: Operation) -> dict[str, str]:
    """The URLs the operation's documented 2xx example shows (its first item, for a list)."""
    for status, response in _op(operation)["responses"].items():
        examples = response.get("content", {}).get("application/json", {}).get("examples", {})
        if status.startswith("2") and examples:
            item = first_item(next(iter(examples.values()))["value"])
            return urls_of(item) if item else {}
    return {}


def page_size_maximum(spec: str, path: str) -> int | None:
    """The largest PageSize the list at `path` takes, as its spec's `PageSize` schema says."""
    listing = _document(spec)["paths"].get(path, {}).get("get", {})
    for parameter in listing.get("parameters", []):
        if parameter.get("name") == "PageSize":
            return int(resolve(spec, parameter.get("schema", {}))["maximum"])
    return None
