"""The floor: a server that replays, byte for byte, the bodies the sandbox gave for the same calls.

Both sides send and parse the same bytes, so what the floor costs is HTTP, uvicorn, Starlette
and the `twilio` SDK alone; the sandbox's time above it is the emulation (auth, parsing, SQLite,
rendering, JSON). `python -m bench.floor --port N --replay FILE`.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

SID = re.compile(r"\b[A-Z]{2}[0-9a-f]{32}\b")


@dataclass(frozen=True)
class Recorded:
    """One response the sandbox gave: the request's method and path, the status and the body."""

    method: str
    path: str
    status: int
    body: str  # the bytes as UTF-8 text, so a recording is readable JSON

    @property
    def route(self) -> str:
        """The path with every SID a parameter, so the floor routes as the sandbox does (and a
        phone's `+` as the server sees it, unquoted)."""
        count = iter(range(1_000))
        return SID.sub(lambda _: f"{{sid{next(count)}}}", unquote(self.path))


class Recorder:
    """A `requests` response hook that keeps what the server answered, byte for byte."""

    def __init__(self) -> None:
        self.recorded: list[Recorded] = []

    def __call__(self, response: Any, *args: object, **kwargs: object) -> Any:
        request = response.request
        path = urlsplit(request.url).path
        body = response.content.decode("utf-8")
        self.recorded.append(Recorded(request.method, path, response.status_code, body))
        return response


def save(recorded: Iterable[Recorded], path: Path) -> None:
    path.write_text(json.dumps([asdict(r) for r in recorded], indent=1))


def load(path: Path) -> list[Recorded]:
    return [Recorded(**fields) for fields in json.loads(path.read_text())]


Endpoint = Callable[[Request], Awaitable[Response]]


def replay(by_method: dict[str, Recorded]) -> Endpoint:
    """One path's endpoint, as the sandbox has one: the recorded answer to the request's method."""
    answers = {m: (r.status, r.body.encode("utf-8")) for m, r in by_method.items()}

    async def answer(request: Request) -> Response:
        await request.body()  # a real server reads the form; so does the floor
        status, body = answers[request.method]
        return Response(body, status_code=status, media_type="application/json")

    return answer


def create_app(recorded: Iterable[Recorded]) -> Starlette:
    by_route: dict[str, dict[str, Recorded]] = {}
    for call in recorded:
        by_route.setdefault(call.route, {})[call.method] = call
    routes = [
        Route(path, replay(by_method), methods=list(by_method))
        for path, by_method in by_route.items()
    ]
    return Starlette(routes=routes)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.floor")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--replay", type=Path, required=True, help="responses recorded by bench")
    args = parser.parse_args()
    uvicorn.run(
        create_app(load(args.replay)),
        host="127.0.0.1",
        port=args.port,
        log_level="warning",
        access_log=False,
        lifespan="off",
    )


if __name__ == "__main__":
    main()
