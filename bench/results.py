"""The results: printed as they come, and written as a Markdown table to bench/RESULTS.md."""

from __future__ import annotations

import os
import platform
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.memory import MIB
from bench.notebooks import NotebookRun
from bench.scale import Growth
from bench.stats import Timing, duration, ms

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
TARGET = 1.3  # sandbox p50 at most this many times the floor's
TARGET_P95 = 1.5  # and its p95 at most this many times the floor's p95


@dataclass(frozen=True)
class Machine:
    cores: int
    cpu: str
    python: str
    load_before: tuple[float, ...]
    load_after: tuple[float, ...] = ()

    @classmethod
    def now(cls) -> Machine:
        cpu = platform.processor() or platform.machine()
        try:
            for line in Path("/proc/cpuinfo").read_text().splitlines():
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        except OSError:
            pass
        return cls(os.cpu_count() or 0, cpu, platform.python_version(), os.getloadavg())


@dataclass
class Results:
    machine: Machine
    rounds: int
    timings: list[Timing] = field(default_factory=list)
    in_process: list[Timing] = field(default_factory=list)  # the sandbox's app alone, no HTTP
    prism: str = "not run"
    scale: list[Growth] = field(default_factory=list)
    idle_rss: int = 0
    peak_rss: int = 0
    media_peak_rss: int = 0  # while a media file is uploaded, then fetched (0: not run)
    media_megabytes: int = 150  # that file's size
    notebooks: list[NotebookRun] | None = None
    started: str = field(default_factory=lambda: time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()))
    loads: list[tuple[str, tuple[float, ...]]] = field(default_factory=list)  # at each part's end

    def note_load(self, part: str) -> None:
        """The load average as `part` ended: on a shared machine it says how noisy it was."""
        self.loads.append((part, os.getloadavg()))

    def timing(self, operation: str, server: str) -> Timing | None:
        return next(
            (t for t in self.timings if t.operation == operation and t.server == server), None
        )

    def has(self, server: str) -> bool:
        return any(t.server == server for t in self.timings)


def latency_table(results: Results) -> list[str]:
    servers = [s for s in ("floor", "sandbox", "prism") if results.has(s)]
    header = "| call | " + " | ".join(f"{s} p50 / p95 (calls/s)" for s in servers)
    lines = [
        header + f" | sandbox ÷ floor (p50 / p95) | target ≤ {TARGET}× (p50), {TARGET_P95}× (p95) |"
    ]
    lines.append("|---" * (len(servers) + 3) + "|")
    operations = list(dict.fromkeys(t.operation for t in results.timings))
    for operation in operations:
        cells = []
        for server in servers:
            t = results.timing(operation, server)
            cells.append(f"{ms(t.p50)} / {ms(t.p95)} ({t.per_second:.0f})" if t else "—")
        floor, sandbox = results.timing(operation, "floor"), results.timing(operation, "sandbox")
        nan = float("nan")
        p50 = sandbox.p50 / floor.p50 if floor and sandbox else nan
        p95 = sandbox.p95 / floor.p95 if floor and sandbox else nan
        verdict = "met" if p50 <= TARGET and p95 <= TARGET_P95 else "**missed**"
        ratios = f"{p50:.2f}× / {p95:.2f}×"
        lines.append(f"| {operation} | " + " | ".join(cells) + f" | {ratios} | {verdict} |")
    return lines


def in_process_table(results: Results) -> list[str]:
    """The sandbox's own time per call beside what the target leaves it over HTTP."""
    lines = [
        "| call | sandbox alone, in process p50 / p95 | sandbox − floor over HTTP (p50) "
        f"| what {TARGET}× leaves it: {TARGET - 1:.1f} × floor p50 |",
        "|---" * 4 + "|",
    ]
    for own in results.in_process:
        floor = results.timing(own.operation, "floor")
        sandbox = results.timing(own.operation, "sandbox")
        over = ms(sandbox.p50 - floor.p50) if floor and sandbox else "—"
        budget = ms((TARGET - 1) * floor.p50) if floor else "—"
        lines.append(f"| {own.operation} | {ms(own.p50)} / {ms(own.p95)} | {over} | {budget} |")
    return lines


def scale_table(figures: list[Growth]) -> list[str]:
    lines = ["| what | N/10 | time | N | time | growth (N ÷ N/10) | note |", "|---" * 7 + "|"]
    for g in figures:
        lines.append(
            f"| {g.what} | {g.small:,} | {duration(g.small_seconds)} | {g.large:,} | "
            f"{duration(g.large_seconds)} | {g.factor:.2f}× | {g.note} |"
        )
    return lines


def notebook_table(runs: list[NotebookRun]) -> list[str]:
    lines = ["| notebook | time | result |", "|---|---|---|"]
    for run in runs:
        lines.append(f"| {run.name} | {duration(run.seconds)} | {run.error or 'ok'} |")
    total = sum(run.seconds for run in runs)
    failed = sum(run.error is not None for run in runs)
    lines.append(f"| **all {len(runs)}** | **{duration(total)}** | {failed} failed |")
    return lines


def _load(values: tuple[float, ...]) -> str:
    return ", ".join(f"{x:.2f}" for x in values)


def render(results: Results, commentary: str = "") -> str:
    m = results.machine
    load, load_after = _load(m.load_before), _load(m.load_after)
    lines = [
        "# Benchmark results",
        "",
        f"`python -m bench` (or `make bench`), run {results.started}.",
        "",
        f"- Machine: **{m.cores} cores**, {m.cpu}; Python {m.python}.",
        f"- Load average (1, 5, 15 min) before: {load}; "
        + "".join(f"after the {part}: {_load(values)}; " for part, values in results.loads)
        + f"at the end: {load_after}. A load above the {m.cores} cores means other work "
        "shared the machine while this ran, so absolute figures are noisy; the ratios come "
        "from calls interleaved round by round against each server in one run.",
        "",
        "## Per call, through the real `twilio` SDK over loopback",
        "",
        f"{results.rounds} timed rounds after a warm-up; each round makes every call once on "
        "every server, the server order rotating. *Floor*: the same paths in the same framework "
        "(Starlette + uvicorn) replaying, byte for byte, the body the sandbox gave for the same "
        "call, so both send and parse the same bytes — HTTP and the SDK alone. "
        f"*Prism*: {results.prism}, mocking `twilio_conversations_v1.json`.",
        "",
        *latency_table(results),
        "",
        "### The sandbox's own time",
        "",
        "The same calls through the same SDK, each request handed straight to the sandbox's "
        "ASGI app in one process (`bench/in_process.py`): no socket, no HTTP parsing; the app's "
        "time alone. Served, the same code runs longer (its process wakes for each request on a "
        "core that ran something else; `python -m bench.served` measures how much, "
        "`bench/ANALYSIS.md` explains it), so its time over the floor's is more than this; the "
        f"{TARGET}× target leaves it the last column.",
        "",
        *(in_process_table(results) if results.in_process else ["Not run."]),
        "",
        "## Scale",
        "",
        *scale_table(results.scale),
        "",
        "## Memory of the sandbox process (RSS)",
        "",
        f"- Idle, just started on an empty database: {results.idle_rss / MIB:.1f} MiB",
        f"- Peak during the scale runs: {results.peak_rss / MIB:.1f} MiB",
        *(
            [
                f"- Peak while a {results.media_megabytes} MB media file is uploaded, then "
                f"fetched whole (a fresh sandbox): {results.media_peak_rss / MIB:.1f} MiB"
            ]
            if results.media_peak_rss
            else []
        ),
        "",
        "## Notebooks, executed headless (nbclient) against a fresh sandbox",
        "",
        *(notebook_table(results.notebooks) if results.notebooks else ["Not run."]),
        "",
    ]
    if commentary:
        lines += [commentary.strip(), ""]
    return "\n".join(lines)


def write(results: Results, commentary: str = "", path: Path = RESULTS) -> Path:
    path.write_text(render(results, commentary))
    return path
