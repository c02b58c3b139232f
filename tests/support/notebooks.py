"""Running the walkthrough's notebooks headless, and reading what they show: for the tests of
the notebooks, the browser and the live rehearsal."""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.support.kernels import private_kernel
from tests.support.paths import ROOT
from tests.support.sandbox_server import SandboxServer

NOTEBOOKS = ROOT / "notebooks"
ARTIFACTS = ROOT / "artifacts" / "notebooks"
CELL_TIMEOUT = 120


def walkthrough() -> list[Path]:
    """Every numbered notebook, in order (later engineers' notebooks included)."""
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def execute(path: Path) -> nbformat.NotebookNode:
    book = nbformat.read(path, as_version=4)
    with private_kernel() as kernel:
        NotebookClient(
            book,
            km=kernel,
            timeout=CELL_TIMEOUT,
            kernel_name="python3",
            resources={"metadata": {"path": str(NOTEBOOKS)}},
        ).execute()
    return book


def point_kernels_at(server: SandboxServer, env: pytest.MonkeyPatch) -> None:
    """Kernels inherit this environment: sandbox mode, this server, no Twilio credentials."""
    env.setenv("SANDBOX_URL", server.url)
    env.setenv("SANDBOX_DB", str(server.db_path))
    env.setenv("KIT_MODE", "sandbox")
    env.setenv("KIT_STATE_DIR", str(server.kit_state_dir))
    env.delenv("TWILIO_ACCOUNT_SID", raising=False)
    env.delenv("TWILIO_AUTH_TOKEN", raising=False)
    # This environment's kernel spec first, ahead of any `python3` spec in the user's home.
    env.setenv("JUPYTER_PATH", str(Path(sys.prefix) / "share" / "jupyter"))


SHOWN = ("text/plain", "text/html", "image/svg+xml")
WIDGET = "application/vnd.jupyter.widget-view+json"


def shown_by(cell: nbformat.NotebookNode, kinds: tuple[str, ...] = SHOWN) -> list[str]:
    """What one code cell shows, output by output: its streams and `kinds` of data.

    Printed text that came in pieces is one output, as a notebook shows it: the kernel sends
    what was printed so far every few milliseconds, so on a busy machine one `print` can arrive
    as two stream messages ("stored:" and " (checked) See you at noon")."""
    parts: list[str] = []
    stream = None  # the name of the stream the last output was, if it was one
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        name = output.get("name") if output.get("output_type") == "stream" else None
        if name is not None and name == stream:
            parts[-1] += output.get("text", "")
        elif name is not None:
            parts.append(output.get("text", ""))
        else:
            parts.append("\n".join([output.get("text", ""), *(data.get(k, "") for k in kinds)]))
        stream = name
    return parts


def displayed(cell: nbformat.NotebookNode, kinds: tuple[str, ...] = SHOWN) -> list[str]:
    """What one code cell displays (its titles, tables and result), output by output, without
    its printed lines or a progress bar: a bar appears only when a wait is long (a busy
    machine), so it must not shift the outputs a test reads by position."""
    return [
        "\n".join(output.get("data", {}).get(k, "") for k in kinds)
        for output in cell.get("outputs", [])
        if output.get("output_type") in ("display_data", "execute_result")
        and WIDGET not in output.get("data", {})
    ]


def shown(book: nbformat.NotebookNode, marker: str, kinds: tuple[str, ...] = SHOWN) -> str:
    """What the first code cell containing `marker` shows."""
    for cell in book.cells:
        if cell.cell_type == "code" and marker in cell.source:
            return "\n".join(shown_by(cell, kinds))
    raise AssertionError(f"no code cell contains {marker!r}")


def everything_shown(book: nbformat.NotebookNode) -> str:
    return "\n".join("\n".join(shown_by(cell)) for cell in book.cells)
