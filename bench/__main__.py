"""`python -m bench`: every benchmark in one run, printed, then written to bench/RESULTS.md."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from bench import in_process, latency, notebooks, prism, results, scale
from bench.memory import MIB, media_peak, rss
from bench.servers import start_sandbox
from bench.stats import duration, ms

PARTS = ("latency", "scale", "notebooks")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--rounds", type=int, default=300, help="timed rounds per call")
    parser.add_argument("--quick", action="store_true", help="10x smaller scale runs, 50 rounds")
    parser.add_argument("--skip", action="append", default=[], choices=PARTS)
    parser.add_argument("--no-prism", action="store_true", help="leave Prism out")
    parser.add_argument(
        "--output", type=Path, default=results.RESULTS, help="where to write the Markdown"
    )
    parser.add_argument(
        "--commentary", type=Path, help="a Markdown file appended to the results (analysis)"
    )
    return parser.parse_args()


def run_latency(report: results.Results, work: Path, with_prism: bool) -> None:
    print(f"Per call, {report.rounds} interleaved rounds: floor, sandbox, Prism …", flush=True)
    sandbox = start_sandbox(work / "latency.db")
    servers = [sandbox]
    try:
        report.idle_rss = rss(sandbox.pid)
        # every round adds one participant, on the sandbox and nowhere else (+ the recording)
        scene = latency.prepare(sandbox.client(), report.rounds + latency.WARMUP + 1)
        servers.insert(0, latency.floor_of(sandbox, scene, work))
        scenes = {"sandbox": scene, "floor": scene, "prism": latency.mocked()}
        if with_prism:
            started = prism.start(work)
            report.prism = started.reason if started.server else f"not measured: {started.reason}"
            print(f"  Prism: {report.prism}", flush=True)
            if started.server:
                servers.append(started.server)
        else:
            report.prism = "not measured (--no-prism)"
        report.timings = latency.compare(servers, scenes, report.rounds)
    finally:
        for server in servers:
            server.stop()
    for line in results.latency_table(report):
        print("  " + line)
    print("The sandbox's own time, in process (no HTTP) …", flush=True)
    report.in_process = in_process.measure(work / "in-process.db", report.rounds)
    for line in results.in_process_table(report):
        print("  " + line)


def run_scale(report: results.Results, work: Path, quick: bool) -> None:
    print("Scale: fan-out, messages DataFrame, routing pairs …", flush=True)
    found = scale.run(work, quick=quick)
    report.scale, report.peak_rss = found.figures, found.peak_rss
    for g in found.figures:
        print(
            f"  {g.what}: {g.small:,} → {duration(g.small_seconds)}; "
            f"{g.large:,} → {duration(g.large_seconds)} ({g.factor:.2f}×)"
        )
    print(f"  sandbox RSS: idle {report.idle_rss / MIB:.1f} MiB, peak {report.peak_rss / MIB:.1f}")
    report.media_megabytes = 15 if quick else 150
    server = start_sandbox(work / "media.db")
    try:
        report.media_peak_rss = media_peak(server, report.media_megabytes)
    finally:
        server.stop()
    peak = report.media_peak_rss / MIB
    print(f"  sandbox RSS, a {report.media_megabytes} MB media file up and down: {peak:.1f} MiB")


def run_notebooks(report: results.Results, work: Path) -> None:
    print("Notebooks, headless …", flush=True)
    report.notebooks = notebooks.run(work)
    for line in results.notebook_table(report.notebooks):
        print("  " + line)


def main() -> int:
    args = _arguments()
    rounds = 50 if args.quick and args.rounds == 300 else args.rounds
    report = results.Results(results.Machine.now(), rounds)
    print(f"{report.machine.cores} cores, load {os.getloadavg()[0]:.2f}", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        work = Path(scratch)
        if "latency" not in args.skip:
            run_latency(report, work, with_prism=not args.no_prism)
            report.note_load("per-call rounds")
        if "scale" not in args.skip:
            run_scale(report, work, args.quick)
            report.note_load("scale runs")
        if report.idle_rss == 0:
            idle = start_sandbox(work / "idle.db")
            report.idle_rss = rss(idle.pid)
            idle.stop()
        if "notebooks" not in args.skip:
            run_notebooks(report, work)
            report.note_load("notebooks")
    report.machine = results.Machine(**{**report.machine.__dict__, "load_after": os.getloadavg()})
    commentary = args.commentary.read_text() if args.commentary else ""
    written = results.write(report, commentary, args.output)
    floor_create = report.timing("message create (3 participants)", "floor")
    if floor_create:
        print(f"Floor message create p50 {ms(floor_create.p50)}.")
    print(f"Wrote {written}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
