"""Prism (`@stoplight/prism-cli` from npm) mocking Twilio's Conversations spec: a peer to compare.

Installed on first use into `bench/.node/` (git-ignored); where npm or the spec is missing,
`start` says why and the benchmark goes on without it.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from bench.servers import Server, start_process, unused_port

PACKAGE = "@stoplight/prism-cli"
HERE = Path(__file__).resolve().parent
NODE_DIR = HERE / ".node"
PRISM = NODE_DIR / "node_modules" / ".bin" / "prism"
SPEC = HERE.parent.parent / "shared" / "twilio" / "twilio_conversations_v1.json"


@dataclass(frozen=True)
class PrismStart:
    server: Server | None
    reason: str  # why there is no server, or which Prism it is


def install() -> str | None:
    """npm-install Prism into bench/.node/ if it is not there; the reason it cannot, or None."""
    if PRISM.exists():
        return None
    if shutil.which("npm") is None:
        return "npm is not installed, so Prism cannot be installed"
    NODE_DIR.mkdir(exist_ok=True)
    command = ["npm", "install", "--prefix", str(NODE_DIR), "--no-audit", "--no-fund", PACKAGE]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"`npm install {PACKAGE}` failed: {error}"
    if done.returncode != 0 or not PRISM.exists():
        last = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        return f"`npm install {PACKAGE}` failed: {last[0]}"
    return None


def version() -> str:
    try:
        done = subprocess.run([str(PRISM), "--version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown version"
    return done.stdout.strip() or "unknown version"


def start(directory: Path) -> PrismStart:
    if not SPEC.exists():
        return PrismStart(None, f"Twilio's spec is not at {SPEC} (a clone has no ../shared/)")
    problem = install()
    if problem:
        return PrismStart(None, problem)
    port = unused_port()
    command = [str(PRISM), "mock", "--host", "127.0.0.1", "--port", str(port), str(SPEC)]
    try:
        server = start_process("prism", command, port, directory / "prism.log")
    except RuntimeError as error:
        return PrismStart(None, f"Prism did not start: {error} (see {directory / 'prism.log'})")
    return PrismStart(server, f"{PACKAGE} {version()}")
