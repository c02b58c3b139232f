"""HTTP handlers of `/v1/Credentials`: push credentials, never echoing their secrets."""

from __future__ import annotations

from typing import Any

from sandbox.api import links, representations
from sandbox.api.calls import NO_CONTENT, Call, Reply, created, ok
from sandbox.api.listing import v1_page
from sandbox.engine import credentials
from sandbox.rows import Credential

# Taken so they are not refused, and dropped: no push is sent offline, none is ever shown.
SECRETS = ("Certificate", "PrivateKey", "ApiKey", "Secret")


def _fields(call: Call) -> dict[str, Any]:
    p = call.params
    p.accept_unused(*SECRETS)
    return {"type_": p.get("Type"), "friendly_name": p.get("FriendlyName"),
            "sandbox": p.get_bool("Sandbox")}  # fmt: skip


def create_credential(call: Call) -> Reply:
    credential = credentials.create(call.ctx, **_fields(call))
    return created(representations.credential(call.account_sid, credential))


def fetch_credential(call: Call) -> Reply:
    credential = credentials.get(call.ctx, call.path["sid"])
    return ok(representations.credential(call.account_sid, credential))


def update_credential(call: Call) -> Reply:
    credential = credentials.get(call.ctx, call.path["sid"])
    updated = credentials.update(call.ctx, credential, **_fields(call))
    return ok(representations.credential(call.account_sid, updated))


def delete_credential(call: Call) -> Reply:
    credentials.delete(call.ctx, credentials.get(call.ctx, call.path["sid"]))
    return NO_CONTENT


def list_credentials(call: Call) -> Reply:
    request = call.page_request()
    result = credentials.page(call.ctx, request)
    items = [
        representations.credential(call.account_sid, Credential.from_row(r)) for r in result.rows
    ]
    return ok(v1_page("credentials", links.CREDENTIALS, [], request, result, items))
