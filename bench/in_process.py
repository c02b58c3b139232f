"""The sandbox's own time per call: its ASGI app called in this process, with no socket.

The per-call table compares the sandbox with the floor over HTTP; what it cannot say is how
much of the sandbox's time is its own (auth, form parsing, SQLite, rendering) and how much is
HTTP. Here the same operations, through the same `twilio` SDK, hand each request straight to
the app (`InProcessHttpClient`), and only the app's `await app(scope, receive, send)` is
timed. Served, the same code runs longer (`python -m bench.served` measures how much), so the
sandbox's time over the floor's is more than this figure; the 1.3× target leaves it 0.3 × the
floor's p50.
"""

from __future__ import annotations

import asyncio
import base64
import time
from pathlib import Path
from urllib.parse import unquote, urlencode, urlsplit

from starlette.types import ASGIApp, Message
from twilio.http.response import Response
from twilio.rest import Client

from bench import latency
from bench.stats import Timing
from helpers._local.transport import FORWARDED_HOST, SandboxHttpClient
from lab_contract.defaults import DEFAULT_SANDBOX_ACCOUNT_SID, DEFAULT_SANDBOX_AUTH_TOKEN
from sandbox.api.app import create_app

IN_PROCESS = "sandbox in process"
LOOPBACK = "http://127.0.0.1:1"  # never dialled: the app is called, not connected to


class InProcessHttpClient(SandboxHttpClient):
    """The SDK's HTTP client, handing each request to `app` in this process; `last` is the
    app's time on the latest request, in seconds."""

    def __init__(self, app: ASGIApp) -> None:
        super().__init__(LOOPBACK)
        self.app = app
        self.loop = asyncio.new_event_loop()
        self.last = 0.0

    def request(
        self,
        method: str,
        url: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> Response:
        target, twilio_host = self._rewritten(url)
        parts = urlsplit(target)
        body = urlencode(data or {}, doseq=True).encode()
        sent = dict(headers or {})
        if twilio_host is not None:
            sent[FORWARDED_HOST] = twilio_host
        if auth is not None:
            sent["Authorization"] = "Basic " + base64.b64encode(":".join(auth).encode()).decode()
        sent |= {"Host": parts.netloc, "Content-Length": str(len(body))}
        if body:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        query = "&".join(q for q in (parts.query, urlencode(params or {}, doseq=True)) if q)
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method.upper(),
            "scheme": "http",
            "path": unquote(parts.path),  # as a server hands it on: decoded, the raw one beside
            "raw_path": parts.path.encode(),
            "query_string": query.encode(),
            "root_path": "",
            "headers": [(k.lower().encode(), str(v).encode()) for k, v in sent.items()],
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 1),
        }
        answer: list[Message] = []

        async def receive() -> Message:
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: Message) -> None:
            answer.append(message)

        start = time.perf_counter()
        self.loop.run_until_complete(self.app(scope, receive, send))
        self.last = time.perf_counter() - start
        head = answer[0]
        text = b"".join(m.get("body", b"") for m in answer[1:]).decode()
        got = {k.decode(): v.decode() for k, v in head.get("headers", [])}
        return Response(int(head["status"]), text, got)

    def close(self) -> None:
        self.loop.close()


def measure(db_path: Path, rounds: int, warmup: int = latency.WARMUP) -> list[Timing]:
    """Every per-call operation on a sandbox app of its own (on `db_path`), the app's time
    alone, `rounds` times after `warmup`."""
    app = create_app(db_path, DEFAULT_SANDBOX_ACCOUNT_SID, DEFAULT_SANDBOX_AUTH_TOKEN)
    transport = InProcessHttpClient(app)
    client = Client(DEFAULT_SANDBOX_ACCOUNT_SID, DEFAULT_SANDBOX_AUTH_TOKEN, http_client=transport)
    try:
        scene = latency.prepare(client, rounds + warmup + 1)
        operations = latency.operations()
        samples: dict[str, list[float]] = {name: [] for name in operations}
        for round_number in range(warmup + rounds):
            for name, operation in operations.items():
                operation(client, scene)
                if round_number >= warmup:
                    samples[name].append(transport.last)
    finally:
        transport.close()
        app.state.sandbox.engine.store.close()
    return [Timing(name, IN_PROCESS, tuple(values)) for name, values in samples.items()]
