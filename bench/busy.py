"""A busy machine on demand: CPU-bound processes beside a command, stopped when it ends.

`python -m bench.busy [--workers 2] [--minutes 60] -- COMMAND…` starts `--workers` processes that
spin on the CPU, runs COMMAND, stops them and exits with COMMAND's status. Each spinner also
stops by itself after `--minutes` (or when its parent is gone), so none outlives a crash.
`make test-busy` runs the whole suite this way: a test that waits for a guessed time, not for
what it needs, fails here first.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import subprocess
import sys
import time

CHECK_EVERY = 100_000  # spins between looks at the clock and the parent


def spin(until: float, parent: int) -> None:
    """Burn one CPU until `until` (monotonic) or until the parent process is gone."""
    while time.monotonic() < until and os.getppid() == parent:
        for _ in range(CHECK_EVERY):
            pass


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.busy", description=__doc__)
    parser.add_argument("--workers", type=int, default=2, help="CPU-bound processes (default 2)")
    parser.add_argument(
        "--minutes", type=float, default=60, help="each stops by itself after this (default 60)"
    )
    parser.add_argument("command", nargs=argparse.REMAINDER, help="what to run beside them")
    args = parser.parse_args(argv)
    if args.command[:1] == ["--"]:
        args.command = args.command[1:]
    if not args.command:
        parser.error("give the command to run after --, e.g. -- make test")
    return args


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    until = time.monotonic() + args.minutes * 60
    spinners = [
        multiprocessing.Process(target=spin, args=(until, os.getpid()), daemon=True)
        for _ in range(args.workers)
    ]
    for spinner in spinners:
        spinner.start()
    print(
        f"busy: {args.workers} CPU-bound processes (at most {args.minutes:g} min) beside "
        f"`{' '.join(args.command)}`",
        flush=True,
    )
    try:
        return subprocess.call(args.command)
    except KeyboardInterrupt:
        return 130
    finally:
        for spinner in spinners:
            spinner.terminate()
        for spinner in spinners:
            spinner.join()
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"busy: stopped the CPU-bound processes; load average {load}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
