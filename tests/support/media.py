"""Uploading media as an app does: to the service's Media endpoint (as on mcs.us1.twilio.com)."""

from __future__ import annotations

import json
from typing import Any

from twilio.rest import Client

PICTURE = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8


def service_sid(client: Client) -> str:
    return client.conversations.v1.configuration().fetch().default_chat_service_sid


def upload(client: Client, content: bytes = PICTURE, content_type: str = "image/png") -> Any:
    url = f"https://mcs.us1.twilio.com/v1/Services/{service_sid(client)}/Media"
    return client.request("POST", url, data=content, headers={"Content-Type": content_type})


def uploaded(client: Client, content: bytes = PICTURE) -> dict[str, Any]:
    response = upload(client, content)
    assert response.status_code == 201, response.text
    return dict(json.loads(response.text))
