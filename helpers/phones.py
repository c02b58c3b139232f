"""What a phone does: text a Twilio number. Simulated in the sandbox; a real person when live."""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import quote

from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from helpers.connect import is_sandbox


@dataclass(frozen=True)
class Text:
    """One text a phone sent, and the conversation message it became (if any)."""

    sid: str
    sender: str
    twilio_number: str
    body: str
    conversation_sid: str | None
    conversation_message_sid: str | None


def send_text(client: Client, sender: str, twilio_number: str, body: str) -> Text:
    """Sandbox: the phone `sender` texts `twilio_number`, and the sandbox routes it."""
    if not is_sandbox(client):
        raise RuntimeError(
            "send_text() simulates a phone and works in sandbox mode only; in live mode "
            "text from a real phone (see wait_for_text())."
        )
    url = f"{client.http_client.sandbox_url}/sandbox/Phones/{quote(sender)}/Messages"  # type: ignore[attr-defined]
    response = client.request("POST", url, data={"To": twilio_number, "Body": body})
    payload = json.loads(response.text or "{}")
    if response.status_code != 201:
        raise TwilioRestException(
            response.status_code,
            url,
            msg=payload.get("message", "The sandbox refused the text."),
            code=payload.get("code"),
            method="POST",
        )
    return Text(
        sid=payload["sid"],
        sender=payload["from"],
        twilio_number=payload["to"],
        body=payload["body"],
        conversation_sid=payload.get("conversation_sid"),
        conversation_message_sid=payload.get("conversation_message_sid"),
    )
