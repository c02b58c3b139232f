"""A tiny webhook receiver on loopback: keeps what Twilio (or the sandbox) posts to it.

with Receiver() as hooks:
    ...register hooks.url as a webhook, do something...
    hooks.wait_for(1)
    hooks.frame(auth_token)   # a DataFrame of events, each signature checked with the SDK
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import parse_qsl

import pandas as pd
from twilio.request_validator import RequestValidator

HOLD_SECONDS = 10.0
WAIT_SECONDS = 60.0
PUBLIC_PORT = 8799  # with KIT_PUBLIC_URL, the port your tunnel forwards to


@dataclass(frozen=True)
class Received:
    """One request as the receiver saw it."""

    method: str
    url: str
    params: dict[str, str]
    signature: str

    def signature_valid(self, auth_token: str) -> bool:
        return bool(RequestValidator(auth_token).validate(self.url, self.params, self.signature))


@dataclass
class Receiver:
    """An HTTP server on 127.0.0.1 (a free port) in a background thread.

    With `public_url` (e.g. a tunnel's https address that forwards to `port` on this
    machine), `url` is the public one: what Twilio is told to call, and signs.
    """

    path: str = "/hooks"
    status: int = 200
    answer: bytes = b""  # the body of each answer: JSON a pre-event webhook changes things with
    received: list[Received] = field(default_factory=list)
    hold: threading.Event | None = None  # set: answer; unset: keep the sender waiting (≤ 10 s)
    answered: int = 0
    public_url: str | None = None
    port: int = 0

    def __post_init__(self) -> None:
        self._changed = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def _keep(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                # Twilio signs a POST's URL plus its form fields; a GET's full URL alone.
                item = Received(
                    self.command,
                    receiver.base_url + self.path,
                    dict(parse_qsl(body, keep_blank_values=True)),
                    self.headers.get("X-Twilio-Signature", ""),
                )
                with receiver._changed:
                    receiver.received.append(item)
                    receiver._changed.notify_all()
                if receiver.hold is not None:
                    receiver.hold.wait(HOLD_SECONDS)
                try:
                    self.send_response(receiver.status)
                    if receiver.answer:
                        self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(receiver.answer)))
                    self.end_headers()
                    self.wfile.write(receiver.answer)
                except OSError:  # the sender stopped waiting (its timeout): nobody to answer
                    return
                with receiver._changed:
                    receiver.answered += 1

            do_POST = do_GET = _keep

            def log_message(self, format: str, *args: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def base_url(self) -> str:
        if self.public_url:
            return self.public_url.rstrip("/")
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def url(self) -> str:
        return self.base_url + self.path

    def wait_for(self, count: int, timeout: float = WAIT_SECONDS) -> list[Received]:
        """Wait until `count` requests have arrived (webhooks are posted asynchronously), then
        return all: at once when they have, after `timeout` seconds at most (a busy machine is
        slow)."""
        with self._changed:
            self._changed.wait_for(lambda: len(self.received) >= count, timeout)
            return list(self.received)

    def events(self, event_type: str) -> list[Received]:
        return [r for r in self.received if r.params.get("EventType") == event_type]

    def frame(self, auth_token: str) -> pd.DataFrame:
        """The events received, one row each, with the signature checked by the SDK's validator."""
        columns = ["EventType", "ConversationSid", "Author", "Body", "Source", "signature_valid"]
        rows = [
            {
                **{c: r.params.get(c, "") for c in columns[:-1]},
                "signature_valid": r.signature_valid(auth_token),
            }
            for r in list(self.received)
        ]
        return pd.DataFrame(rows, columns=columns)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> Receiver:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
