"""Webhook dispatch: a background thread sends Twilio's signed webhook requests, never blocking
the API.

Each request is signed as Twilio signs: base64(HMAC-SHA1(auth token, URL + every parameter's name
and value, sorted by name)) in `X-Twilio-Signature`. A failing or slow receiver is retried a few
times with backoff and logged; nothing here can fail the API call or crash the sandbox.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import queue
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from sandbox.config import DEFAULT_WEBHOOK_TIMEOUT_SECONDS

log = logging.getLogger("sandbox.webhooks")

ATTEMPTS = 3
BACKOFF_SECONDS = 0.25
TIMEOUT_SECONDS = DEFAULT_WEBHOOK_TIMEOUT_SECONDS
MAX_ANSWER_BYTES = 64 * 1024
# Straight to the receiver, as Twilio calls it: no proxy from the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass(frozen=True)
class WebhookRequest:
    """One webhook request the dispatcher sends: where, how, and Twilio's parameters."""

    url: str
    method: str
    fields: dict[str, str]
    conversations: bool = True  # a Conversations webhook (with RetryCount), not a Messaging one
    reply: tuple[str, str] | None = None  # a number's SmsUrl: TwiML <Message>s go (from, to)


def signature(auth_token: str, url: str, params: dict[str, str]) -> str:
    """Twilio's X-Twilio-Signature for a request to `url` with these POST parameters."""
    payload = url + "".join(f"{name}{params[name]}" for name in sorted(params))
    digest = hmac.new(auth_token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def _request(auth_token: str, webhook: WebhookRequest, retry: int | None) -> urllib.request.Request:
    """The signed request; Conversations post-events carry their `RetryCount`, pre-events are
    never retried, Messaging's callbacks carry none."""
    fields = dict(webhook.fields)
    if retry is not None and webhook.conversations:
        fields["RetryCount"] = str(retry)
    headers = {"User-Agent": "TwilioProxy/1.1 (Group Texting Lab sandbox)"}
    if webhook.method == "GET":
        joiner = "&" if urlsplit(webhook.url).query else "?"
        url = f"{webhook.url}{joiner}{urlencode(fields)}"
        headers["X-Twilio-Signature"] = signature(auth_token, url, {})
        return urllib.request.Request(url, headers=headers, method="GET")
    headers["X-Twilio-Signature"] = signature(auth_token, webhook.url, fields)
    headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8"
    body = urlencode(fields).encode()
    return urllib.request.Request(webhook.url, data=body, headers=headers, method="POST")


def ask(
    auth_token: str, webhook: WebhookRequest, timeout: float = TIMEOUT_SECONDS
) -> tuple[int | None, bytes]:
    """Make one pre-event request and wait for it: the answer's status and body, or
    (None, b"") when the receiver is down or says nothing within `timeout` seconds."""
    event = webhook.fields.get("EventType", "?")
    try:
        with _OPENER.open(_request(auth_token, webhook, None), timeout=timeout) as response:
            status, body = response.status, response.read(MAX_ANSWER_BYTES)
    except urllib.error.HTTPError as error:
        status, body = error.code, b""
    except (OSError, ValueError) as error:
        log.warning("pre-event webhook %s %s: no answer (%s)", event, webhook.url, error)
        return None, b""
    log.info("pre-event webhook %s %s -> %s", event, webhook.url, status)
    return status, body


Dispatch = Callable[[list[WebhookRequest]], None]  # what the engine hands its requests to
Replier = Callable[[tuple[str, str], bytes], None]


class Dispatcher:
    """A queue and one daemon thread; `submit` returns at once. A number's SmsUrl may answer
    with TwiML: `on_reply` gets the (from, to) of the reply and the answer."""

    def __init__(
        self,
        auth_token: str,
        attempts: int = ATTEMPTS,
        timeout: float = TIMEOUT_SECONDS,
        on_reply: Replier | None = None,
    ) -> None:
        self._token = auth_token
        self._on_reply = on_reply
        self._attempts = attempts
        self._timeout = timeout
        self._queue: queue.Queue[WebhookRequest] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="sandbox-webhooks", daemon=True)
        self._thread.start()

    def submit(self, requests: list[WebhookRequest]) -> None:
        for webhook in requests:
            self._queue.put(webhook)

    def _run(self) -> None:
        while True:
            webhook = self._queue.get()
            try:
                self._send(webhook)
            except Exception:  # a bug here must not stop later requests
                log.exception("webhook %s to %s: unexpected failure", webhook.method, webhook.url)

    def _send(self, webhook: WebhookRequest) -> None:
        event = webhook.fields.get("EventType", "?")
        for retry in range(self._attempts):
            try:
                request = _request(self._token, webhook, retry)
                with _OPENER.open(request, timeout=self._timeout) as response:
                    status = response.status
                    answer = response.read(MAX_ANSWER_BYTES) if webhook.reply else b""
                log.info("webhook %s %s -> %s", event, webhook.url, status)
                if webhook.reply and self._on_reply is not None:
                    self._on_reply(webhook.reply, answer)
                return
            except urllib.error.HTTPError as error:
                log.warning(
                    "webhook %s %s -> HTTP %s (try %d)", event, webhook.url, error.code, retry + 1
                )
            except (OSError, ValueError) as error:
                log.warning(
                    "webhook %s %s failed: %s (try %d)", event, webhook.url, error, retry + 1
                )
            if retry + 1 < self._attempts:
                time.sleep(BACKOFF_SECONDS * 2**retry)
        log.error("webhook %s %s: gave up after %d tries", event, webhook.url, self._attempts)
