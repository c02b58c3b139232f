"""Webhook delivery: a background thread posts Twilio's signed requests, never blocking the API.

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
from urllib.parse import urlencode, urlsplit

from sandbox.config import DEFAULT_WEBHOOK_TIMEOUT_SECONDS
from sandbox.engine.conversation_scoped_webhooks import Delivery

log = logging.getLogger("sandbox.webhooks")

ATTEMPTS = 3
BACKOFF_SECONDS = 0.25
TIMEOUT_SECONDS = DEFAULT_WEBHOOK_TIMEOUT_SECONDS
MAX_ANSWER_BYTES = 64 * 1024
# Straight to the receiver, as Twilio calls it: no proxy from the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def signature(auth_token: str, url: str, params: dict[str, str]) -> str:
    """Twilio's X-Twilio-Signature for a request to `url` with these POST parameters."""
    payload = url + "".join(f"{name}{params[name]}" for name in sorted(params))
    digest = hmac.new(auth_token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def _request(auth_token: str, delivery: Delivery, retry: int | None) -> urllib.request.Request:
    """The signed request; Conversations post-events carry their `RetryCount`, pre-events are
    never retried, Messaging's callbacks carry none."""
    fields = dict(delivery.fields)
    if retry is not None and delivery.conversations:
        fields["RetryCount"] = str(retry)
    headers = {"User-Agent": "TwilioProxy/1.1 (Group Texting Lab sandbox)"}
    if delivery.method == "GET":
        joiner = "&" if urlsplit(delivery.url).query else "?"
        url = f"{delivery.url}{joiner}{urlencode(fields)}"
        headers["X-Twilio-Signature"] = signature(auth_token, url, {})
        return urllib.request.Request(url, headers=headers, method="GET")
    headers["X-Twilio-Signature"] = signature(auth_token, delivery.url, fields)
    headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8"
    body = urlencode(fields).encode()
    return urllib.request.Request(delivery.url, data=body, headers=headers, method="POST")


def ask(
    auth_token: str, delivery: Delivery, timeout: float = TIMEOUT_SECONDS
) -> tuple[int | None, bytes]:
    """Make one pre-event request and wait for it: the answer's status and body, or
    (None, b"") when the receiver is down or says nothing within `timeout` seconds."""
    event = delivery.fields.get("EventType", "?")
    try:
        with _OPENER.open(_request(auth_token, delivery, None), timeout=timeout) as response:
            status, body = response.status, response.read(MAX_ANSWER_BYTES)
    except urllib.error.HTTPError as error:
        status, body = error.code, b""
    except (OSError, ValueError) as error:
        log.warning("pre-event webhook %s %s: no answer (%s)", event, delivery.url, error)
        return None, b""
    log.info("pre-event webhook %s %s -> %s", event, delivery.url, status)
    return status, body


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
        self._queue: queue.Queue[Delivery] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="sandbox-webhooks", daemon=True)
        self._thread.start()

    def submit(self, deliveries: list[Delivery]) -> None:
        for delivery in deliveries:
            self._queue.put(delivery)

    def _run(self) -> None:
        while True:
            delivery = self._queue.get()
            try:
                self._deliver(delivery)
            except Exception:  # a bug here must not stop later deliveries
                log.exception("webhook %s to %s: unexpected failure", delivery.method, delivery.url)

    def _deliver(self, delivery: Delivery) -> None:
        event = delivery.fields.get("EventType", "?")
        for retry in range(self._attempts):
            try:
                request = _request(self._token, delivery, retry)
                with _OPENER.open(request, timeout=self._timeout) as response:
                    status = response.status
                    answer = response.read(MAX_ANSWER_BYTES) if delivery.reply else b""
                log.info("webhook %s %s -> %s", event, delivery.url, status)
                if delivery.reply and self._on_reply is not None:
                    self._on_reply(delivery.reply, answer)
                return
            except urllib.error.HTTPError as error:
                log.warning(
                    "webhook %s %s -> HTTP %s (try %d)", event, delivery.url, error.code, retry + 1
                )
            except (OSError, ValueError) as error:
                log.warning(
                    "webhook %s %s failed: %s (try %d)", event, delivery.url, error, retry + 1
                )
            if retry + 1 < self._attempts:
                time.sleep(BACKOFF_SECONDS * 2**retry)
        log.error("webhook %s %s: gave up after %d tries", event, delivery.url, self._attempts)
