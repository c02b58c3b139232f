"""Every notebook in notebooks/, executed headless (nbclient) against a fresh sandbox."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from bench.servers import Server, start_sandbox

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
CELL_TIMEOUT = 300


@dataclass(frozen=True)
class NotebookRun:
    name: str
    seconds: float
    error: str | None = None


@contextmanager
def kernel_environment(server: Server) -> Iterator[None]:
    """Kernels inherit this process's environment: sandbox mode, this server, no credentials."""
    values = {
        "SANDBOX_URL": server.url,
        "SANDBOX_DB": str(server.db_path),
        "KIT_MODE": "sandbox",
        "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter"),
    }
    removed = ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN")
    saved = {name: os.environ.get(name) for name in [*values, *removed]}
    os.environ.update(values)
    for name in removed:
        os.environ.pop(name, None)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def execute(path: Path) -> NotebookRun:
    book = nbformat.read(path, as_version=4)
    runner = NotebookClient(
        book,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.perf_counter()
    try:
        runner.execute()
    except CellExecutionError as error:
        last = str(error).strip().splitlines()[-1:] or ["cell failed"]
        return NotebookRun(path.name, time.perf_counter() - start, last[0][:200])
    return NotebookRun(path.name, time.perf_counter() - start)


def run(directory: Path) -> list[NotebookRun]:
    """All notebooks in name order (the walkthrough's order), on one fresh sandbox."""
    server = start_sandbox(directory / "notebooks.db")
    try:
        with kernel_environment(server):
            return [execute(path) for path in sorted(NOTEBOOKS.glob("*.ipynb"))]
    finally:
        server.stop()
