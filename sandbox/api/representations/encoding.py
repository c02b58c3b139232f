"""JSON as the sandbox sends it, and the service-scoped endpoints' bodies, which name their
service."""

from __future__ import annotations

import json
from typing import Any

JSON = dict[str, Any]


def encode(body: JSON) -> bytes:
    """JSON as the sandbox sends it (as Starlette's JSONResponse writes it)."""
    return json.dumps(body, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()


def with_chat_service_sid(body: bytes, service_sid: str) -> bytes:
    """A service-scoped endpoint's body: what belongs to a conversation (participant, message,
    receipt, webhook) names its service too, as Twilio's service-scoped schemas list it
    (`conversations.v1.service.service_conversation.*`); the account-level ones do not."""
    if b'"conversation_sid"' not in body:
        return body

    def scoped(value: Any) -> Any:
        if isinstance(value, list):
            return [scoped(item) for item in value]
        if not isinstance(value, dict):
            return value
        if "conversation_sid" not in value or "chat_service_sid" in value:
            return {key: scoped(item) for key, item in value.items()}
        account_sid = value.get("account_sid")
        rest = {key: scoped(item) for key, item in value.items() if key != "account_sid"}
        return {"account_sid": account_sid, "chat_service_sid": service_sid, **rest}

    return encode(scoped(json.loads(body)))
