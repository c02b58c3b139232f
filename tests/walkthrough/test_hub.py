"""A class on one JupyterHub: two learners run the walkthrough at once, each on their own sandbox.

The hub runs `teaching/jupyterhub_config.py` (LocalProcessSpawner) from a world-readable copy
of the kit, as root; two system users are made for the test and removed after it. Both servers
are started through the hub's REST API, and notebooks 00 and 01 (the group text) run in each
at the same time, cell by cell, over the servers' kernel websockets. Each learner must see only
their own messages.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import pytest

from sandbox.process import alive, stop
from tests.support.paths import ROOT
from tests.support.sandbox_server import free_port

pytestmark = [pytest.mark.hub, pytest.mark.timeout(900)]

PROXY = ROOT / ".hub" / "node_modules" / ".bin" / "configurable-http-proxy"
NOTEBOOKS = ["00_setup", "01_the_group_text"]
CELL_TIMEOUT = 180.0


def missing() -> str | None:
    """Why this machine cannot run a hub for the test, or None."""
    if shutil.which("useradd") is None or os.geteuid() != 0:
        return "the hub test makes two system users (useradd, as root)"
    try:
        import jupyterhub  # noqa: F401
    except ImportError:
        return "jupyterhub is not installed (pip install -r requirements.txt)"
    if not PROXY.exists():
        return "configurable-http-proxy is not installed: `make hub-proxy` puts it in .hub/"
    return None


pytestmark.append(pytest.mark.skipif(missing() is not None, reason=str(missing())))


@dataclass
class Learner:
    name: str
    home: Path

    @property
    def uid(self) -> int:
        return pwd.getpwnam(self.name).pw_uid


@dataclass
class Hub:
    url: str
    token: str
    process: subprocess.Popen[bytes]

    def api(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        request = urllib.request.Request(
            self.url + path,
            method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=60) as reply:
            text = reply.read().decode()
        return json.loads(text) if text else None


def world_readable_kit(folder: Path) -> Path:
    """What learners' servers need of the kit, where every user can read it (the checkout may
    be in a home no one else can enter)."""
    kit = folder / "kit"
    for part in ("helpers", "lab_contract", "sandbox", "notebooks", "teaching"):
        shutil.copytree(ROOT / part, kit / part, ignore=shutil.ignore_patterns("__pycache__"))
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return kit


def runs_for(learner: Learner, python: Path, kit: Path, env: dict[str, str]) -> str | None:
    """None if the learner can run `python` with the kit's packages, else why not."""
    check = "import jupyterhub.singleuser, ipykernel, twilio, helpers"
    try:
        result = subprocess.run(
            [str(python), "-c", check],
            user=learner.uid,
            env={**env, "PYTHONPATH": str(kit), "HOME": str(learner.home), "PATH": "/usr/bin:/bin"},
            cwd=learner.home,
            capture_output=True,
            text=True,
            check=False,
        )
    except PermissionError as error:
        return str(error)
    return None if result.returncode == 0 else (result.stderr.strip().splitlines() or ["?"])[-1]


def python_for_learners(learner: Learner, kit: Path, folder: Path) -> tuple[Path, dict[str, str]]:
    """The kit's Python as learners can run it, and the environment it needs.

    This one if they can; else a mirror of it and of its base interpreter made of hard links
    in `folder` (no copy: a checkout and a Python under /root are closed to other users).
    """
    if runs_for(learner, Path(sys.executable), kit, {}) is None:
        return Path(sys.executable), {}
    base, venv = folder / "python", folder / "venv"
    for source, target in ((Path(sys.base_prefix), base), (Path(sys.prefix), venv)):
        subprocess.run(["cp", "-al", str(source), str(target)], check=True, capture_output=True)
    (venv / "pyvenv.cfg").unlink()  # a link to the original: replace, never write through
    (venv / "pyvenv.cfg").write_text(
        f"home = {base / 'bin'}\ninclude-system-site-packages = false\n"
    )
    (venv / "bin" / "python3").unlink()
    (venv / "bin" / "python3").symlink_to(base / "bin" / "python3")
    env = {"LD_LIBRARY_PATH": str(base / "lib")}
    why = runs_for(learner, venv / "bin" / "python", kit, env)
    if why is not None:
        pytest.skip(f"other users cannot run the kit's Python ({sys.prefix}), even mirrored: {why}")
    return venv / "bin" / "python", env


@pytest.fixture
def learners() -> Iterator[list[Learner]]:
    folder = Path(tempfile.mkdtemp(prefix="gtl-homes-"))
    folder.chmod(0o755)
    made = []
    try:
        for letter in "ab":
            name = f"gtl{letter}{secrets.token_hex(3)}"
            home = folder / name
            subprocess.run(
                ["useradd", "--create-home", "--home-dir", str(home), "--shell", "/bin/sh", name],
                check=True,
                capture_output=True,
            )
            made.append(Learner(name, home))
        yield made
    finally:
        for learner in made:
            for db in learner.home.glob(".local/state/group-texting-lab/*/sandbox.db"):
                stop(db)
            subprocess.run(["userdel", learner.name], check=False, capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def start_hub(
    kit: Path, folder: Path, learners: list[Learner], python: Path, python_env: dict[str, str]
) -> Hub:
    token = secrets.token_hex(24)
    port, hub_port, proxy_port = free_port(), free_port(), free_port()
    config = folder / "test_config.py"
    config.write_text(
        f"load_subconfig({str(kit / 'teaching' / 'jupyterhub_config.py')!r})\n"
        "c = get_config()\n"
        f"c.JupyterHub.hub_bind_url = 'http://127.0.0.1:{hub_port}'\n"
        f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{proxy_port}'\n"
        f"c.ConfigurableHTTPProxy.command = [{str(PROXY)!r}]\n"
        f"c.Spawner.cmd = [{str(python)!r}, '-m', 'jupyterhub.singleuser']\n"
        f"c.Spawner.environment.update({python_env!r})\n"
        f"c.JupyterHub.db_url = 'sqlite:///{folder / 'jupyterhub.sqlite'}'\n"
        f"c.JupyterHub.cookie_secret_file = {str(folder / 'cookie_secret')!r}\n"
        f"c.JupyterHub.services = [{{'name': 'class-test', 'api_token': {token!r}}}]\n"
        "c.JupyterHub.load_roles = [{'name': 'class-test', 'services': ['class-test'],\n"
        "    'scopes': ['admin:users', 'admin:servers', 'access:servers']}]\n"
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SANDBOX_", "TWILIO_"))},
        "CLASS_LEARNERS": ",".join(learner.name for learner in learners),
        "CLASS_HUB_URL": f"http://127.0.0.1:{port}",
    }
    with open(folder / "hub.log", "ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(config)],
            cwd=folder,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    hub = Hub(f"http://127.0.0.1:{port}", token, process)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            hub.api("GET", "/hub/api/")
            return hub
        if process.poll() is not None:
            break
        time.sleep(0.5)
    raise AssertionError(f"the hub did not start: {(folder / 'hub.log').read_text()[-3000:]}")


def stop_hub(hub: Hub) -> None:
    if hub.process.poll() is None:
        os.kill(hub.process.pid, signal.SIGTERM)  # the hub stops the servers and the proxy
        try:
            hub.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(hub.process.pid, signal.SIGKILL)
            hub.process.wait(timeout=10)


def start_server(hub: Hub, learner: Learner) -> None:
    hub.api("POST", f"/hub/api/users/{learner.name}/server")
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        server = hub.api("GET", f"/hub/api/users/{learner.name}")["servers"].get("", {})
        if server.get("ready"):
            return
        time.sleep(1)
    raise AssertionError(f"{learner.name}'s server did not become ready")


async def run_notebook(hub: Hub, learner: Learner, notebook: str, extra: list[str]) -> list[str]:
    """Run `notebook` (then `extra` cells) in a new kernel of the learner's server; each code
    cell's text output, in order. A cell that raises fails the test with its traceback."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    base = f"/user/{learner.name}/api"
    session = await asyncio.to_thread(
        hub.api,
        "POST",
        f"{base}/sessions",
        {"path": f"{notebook}.ipynb", "type": "notebook", "kernel": {"name": "python3"}},
    )
    kernel = session["kernel"]["id"]
    ws_url = hub.url.replace("http", "ws", 1) + f"{base}/kernels/{kernel}/channels"
    socket = await websocket_connect(
        HTTPRequest(ws_url, headers={"Authorization": f"token {hub.token}"})
    )
    book = nbformat.read(ROOT / "notebooks" / f"{notebook}.ipynb", as_version=4)
    cells = [cell.source for cell in book.cells if cell.cell_type == "code"] + extra
    shown = []
    try:
        for code in cells:
            shown.append(await execute(socket, code, f"{learner.name} {notebook}"))
    finally:
        socket.close()
        await asyncio.to_thread(hub.api, "DELETE", f"{base}/sessions/{session['id']}")
    return shown


async def execute(socket: Any, code: str, where: str) -> str:
    msg_id = uuid.uuid4().hex
    await socket.write_message(
        json.dumps(
            {
                "header": {
                    "msg_id": msg_id,
                    "msg_type": "execute_request",
                    "session": uuid.uuid4().hex,
                    "username": "test",
                    "version": "5.3",
                },
                "parent_header": {},
                "metadata": {},
                "channel": "shell",
                "buffers": [],
                "content": {
                    "code": code,
                    "silent": False,
                    "store_history": True,
                    "user_expressions": {},
                    "allow_stdin": False,
                    "stop_on_error": True,
                },
            }
        )
    )
    text, replied, idle = [], None, False
    while replied is None or not idle:
        raw = await asyncio.wait_for(socket.read_message(), CELL_TIMEOUT)
        assert raw is not None, f"{where}: the kernel's websocket closed"
        message = json.loads(raw)
        if message.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind, content = message["msg_type"], message["content"]
        if kind == "stream":
            text.append(content["text"])
        elif kind in ("execute_result", "display_data"):
            text.append(content["data"].get("text/plain", ""))
        elif kind == "error":
            text.append("\n".join(content["traceback"]))
        elif kind == "execute_reply":
            replied = content
        elif kind == "status" and content["execution_state"] == "idle":
            idle = True
    assert replied["status"] == "ok", f"{where}: a cell failed:\n{code}\n" + "\n".join(text)
    return "".join(text)


MARK = """
from helpers.walkthrough import find_conversation
mine = find_conversation(client)
client.conversations.v1.conversations(mine.sid).messages.create(author="me", body="from {name}")
print(sorted(m.body for c in client.conversations.v1.conversations.list()
             for m in client.conversations.v1.conversations(c.sid).messages.list()))
"""


async def walkthrough(hub: Hub, learner: Learner) -> list[str]:
    shown = []
    for notebook in NOTEBOOKS:
        extra = [MARK.format(name=learner.name)] if notebook == NOTEBOOKS[-1] else []
        shown = await run_notebook(hub, learner, notebook, extra)
    return shown


async def both(hub: Hub, learners: list[Learner]) -> list[list[str]]:
    return list(await asyncio.gather(*(walkthrough(hub, learner) for learner in learners)))


def test_two_learners_on_one_hub_each_see_only_their_own_messages(
    learners: list[Learner],
) -> None:
    folder = Path(tempfile.mkdtemp(prefix="gtl-hub-"))
    hub = None
    try:
        kit = world_readable_kit(folder)
        python, python_env = python_for_learners(learners[0], kit, folder)
        hub = start_hub(kit, folder, learners, python, python_env)
        for learner in learners:
            start_server(hub, learner)
        shown = asyncio.run(both(hub, learners))
        for learner, other, cells in zip(learners, reversed(learners), shown, strict=True):
            bodies = cells[-1]
            assert f"from {learner.name}" in bodies and f"from {other.name}" not in bodies
            assert bodies.count("from gtl") == 1
        # Each learner's sandbox: their own state folder, their own 0600 record, their own port.
        records = []
        for learner in learners:
            [record] = learner.home.glob(".local/state/group-texting-lab/kit-*/sandbox.json")
            info = record.stat()
            assert (info.st_uid, info.st_mode & 0o777) == (learner.uid, 0o600)
            records.append(json.loads(record.read_text()))
            assert alive(records[-1]["pid"])
        assert records[0]["url"] != records[1]["url"]
        assert records[0]["auth_token"] != records[1]["auth_token"]
    finally:
        if hub is not None:
            stop_hub(hub)
        shutil.rmtree(folder, ignore_errors=True)
