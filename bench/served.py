"""How much slower the sandbox's own code runs when it is served: the app's time measured inside
the served process, beside the same calls' time in process (`bench/in_process.py`).

`python -m bench.served` serves the sandbox's app under uvicorn with a timing wrapper (this
module with `--serve`), drives the per-call operations through the SDK in rounds interleaved
with the floor (as `make bench` does, without Prism), and prints, per call, the app's p50 in
process, served (from the request handed to the app to the answer's last byte handed back), and
the ratio. `bench/ANALYSIS.md` explains what the ratio means for the 1.3× target.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import uvicorn
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bench import in_process, latency
from bench.servers import Server, start_process, unused_port
from bench.stats import Timing, ms
from lab_contract.defaults import DEFAULT_SANDBOX_ACCOUNT_SID, DEFAULT_SANDBOX_AUTH_TOKEN
from sandbox.api.app import create_app

TIMINGS = "/bench/Timings"  # GET: the app's times so far, in seconds, in arrival order; cleared


class Timed:
    """The sandbox's app, each request's time inside it kept in arrival order."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.seconds: list[float] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
        elif scope["path"] == TIMINGS:
            await self._answer(send)
        else:
            started = time.perf_counter()
            await self.app(scope, receive, send)
            self.seconds.append(time.perf_counter() - started)

    async def _answer(self, send: Send) -> None:
        body = json.dumps(self.seconds).encode()
        self.seconds = []
        start: Message = {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"application/json")],
        }
        await send(start)
        await send({"type": "http.response.body", "body": body})


def serve(port: int, db_path: Path) -> None:
    app = create_app(db_path, DEFAULT_SANDBOX_ACCOUNT_SID, DEFAULT_SANDBOX_AUTH_TOKEN)
    uvicorn.run(Timed(app), host="127.0.0.1", port=port, log_level="warning", access_log=False)


def taken(server: Server) -> list[float]:
    """The served app's times since the last look."""
    response = server.client().request("GET", f"{server.url}{TIMINGS}")
    return [float(seconds) for seconds in json.loads(response.text)]


def measure(work: Path, rounds: int, warmup: int = latency.WARMUP) -> list[Timing]:
    """The app's time per call inside the served sandbox, over `rounds` interleaved rounds."""
    port = unused_port()
    command = [sys.executable, "-m", "bench.served", "--serve", str(port), str(work / "s.db")]
    sandbox = start_process("sandbox", command, port, work / "served.log")
    servers = [sandbox]
    try:
        scene = latency.prepare(sandbox.client(), rounds + warmup + 1)
        servers.insert(0, latency.floor_of(sandbox, scene, work))
        taken(sandbox)
        latency.compare(servers, {"sandbox": scene, "floor": scene}, rounds, warmup)
        seconds = taken(sandbox)
    finally:
        for server in servers:
            server.stop()
    names = list(latency.operations())
    # every operation is one request, made once a round in this order
    assert len(seconds) == len(names) * (warmup + rounds), len(seconds)
    timed = seconds[len(names) * warmup :]
    return [Timing(name, "served", tuple(timed[n :: len(names)])) for n, name in enumerate(names)]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.served", description=__doc__)
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--serve", nargs=2, metavar=("PORT", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(int(args.serve[0]), Path(args.serve[1]))
        return
    with tempfile.TemporaryDirectory(prefix="bench-served-") as scratch:
        served = measure(Path(scratch), args.rounds)
        alone = in_process.measure(Path(scratch) / "in-process.db", args.rounds)
    print(
        "| call | app in process p50 | app served, inside its process p50 | served ÷ in process |"
    )
    print("|---|---|---|---|")
    for own, inside in zip(alone, served, strict=True):
        print(
            f"| {own.operation} | {ms(own.p50)} | {ms(inside.p50)} | {inside.p50 / own.p50:.2f}× |"
        )


if __name__ == "__main__":
    main()
