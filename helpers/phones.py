"""What a phone does: text a Twilio number. Simulated in the sandbox; a real person when live."""

from __future__ import annotations

import time
from dataclasses import dataclass

from tqdm.auto import tqdm
from twilio.rest import Client

from helpers import sandbox_api
from helpers.connect import is_sandbox
from helpers.numbers import numbers_to_text

WAIT_SECONDS = 300.0
POLL_SECONDS = 3.0


class TextNotSeen(TimeoutError):
    """Live mode: the text did not reach the conversation before the timeout."""


@dataclass(frozen=True)
class Text:
    """One text a phone sent, and the conversation message it became (if any)."""

    sid: str  # the SMS (SM…) in the sandbox; live, the conversation message (IM…) it became
    sender: str
    twilio_number: str
    body: str
    conversation_sid: str | None
    conversation_message_sid: str | None


def send_text(
    client: Client,
    sender: str,
    twilio_number: str,
    body: str,
    *,
    timeout: float = WAIT_SECONDS,
    poll: float = POLL_SECONDS,
) -> Text:
    """The phone `sender` texts `body` to `twilio_number`.

    Sandbox: a simulated phone sends it and the sandbox routes it. Live: the person holding
    `sender` is asked to send it, and this waits (up to `timeout` seconds) for it to appear
    in the conversation that the pair (sender, twilio_number) routes to.
    """
    if not is_sandbox(client):
        return wait_for_text(client, sender, twilio_number, body, timeout=timeout, poll=poll)
    payload = sandbox_api.phone_texts(client, sender, twilio_number, body)
    return Text(
        sid=payload["sid"],
        sender=payload["from"],
        twilio_number=payload["to"],
        body=payload["body"],
        conversation_sid=payload.get("conversation_sid"),
        conversation_message_sid=payload.get("conversation_message_sid"),
    )


def wait_for_text(
    client: Client,
    sender: str,
    twilio_number: str,
    body: str,
    *,
    timeout: float = WAIT_SECONDS,
    poll: float = POLL_SECONDS,
) -> Text:
    """Live: ask the person at `sender` to text `twilio_number`, then wait for the message."""
    conversation_sid = numbers_to_text(client, sender).get(twilio_number)
    if conversation_sid is None:
        raise LookupError(
            f"No open conversation of the kit's has {sender} as a participant on "
            f"{twilio_number}, so a text between them would land in none of them (or in a "
            "conversation of your own). Add the participant first."
        )
    messages = client.conversations.v1.conversations(conversation_sid).messages
    latest = messages.list(order="desc", limit=1)
    after = latest[0].index if latest else -1
    print(f"From the phone {sender}, text {body!r} to {twilio_number} now.")
    deadline = time.monotonic() + timeout
    with tqdm(total=round(timeout), desc=f"waiting for {sender}", unit="s") as bar:
        while True:
            for m in messages.list(order="desc", limit=20):
                if m.index > after and m.author == sender:
                    return Text(
                        sid=m.sid,
                        sender=sender,
                        twilio_number=twilio_number,
                        body=m.body or "",
                        conversation_sid=conversation_sid,
                        conversation_message_sid=m.sid,
                    )
            left = deadline - time.monotonic()
            if left <= 0:
                raise TextNotSeen(
                    f"No text from {sender} reached conversation {conversation_sid} within "
                    f"{timeout:.0f} s. Check the number you texted ({twilio_number}) and run the "
                    "cell again."
                )
            time.sleep(min(poll, left))
            bar.n = min(round(timeout - (deadline - time.monotonic())), bar.total)
            bar.refresh()
