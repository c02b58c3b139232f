"""`python -m sandbox proxy`: programs that know nothing of the sandbox (the examples in Python,
curl, a Node program with twilio from npm) reach it, unchanged, as they would reach Twilio.

One proxy for the whole module, in front of the session's sandbox, asked for a port that is
taken (so it also shows what it says then). Each program runs with only the variables the proxy
wrote to its 0600 file, in a folder with no `.env`.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from dotenv import dotenv_values
from twilio.rest import Client

from helpers.sandbox_api import phone_inbox
from tests.support.paths import ROOT
from tests.support.sandbox_server import SandboxServer, start_sandbox

EXAMPLES = ROOT / "examples"
NODE_EXAMPLE = EXAMPLES / "node"
MITMDUMP = Path(os.environ.get("MITMDUMP") or ROOT / ".venv-proxy" / "bin" / "mitmdump")
PHONE_1, PHONE_2 = "+14155550101", "+14155550102"

pytestmark = pytest.mark.skipif(
    not MITMDUMP.is_file(),
    reason=f"the proxy mode needs mitmproxy at {MITMDUMP} (make test installs .venv-proxy)",
)


@dataclass(frozen=True)
class RunningProxy:
    output: list[str]
    env_file: Path
    folder: Path

    @property
    def variables(self) -> dict[str, str]:
        return {k: v or "" for k, v in dotenv_values(self.env_file).items()}

    def run(self, command: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
        """`command` in a clean folder, with the proxy's variables over a plain environment."""
        env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), **self.variables}
        return subprocess.run(
            command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
        )

    def example(self, tmp_path: Path, script: str, *args: str) -> subprocess.CompletedProcess[str]:
        return self.run([sys.executable, str(EXAMPLES / script), *args], tmp_path)


@pytest.fixture(scope="module")
def taken_port() -> Iterator[int]:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen(1)
        yield int(holder.getsockname()[1])


@pytest.fixture(scope="module")
def proxy(sandbox_server: SandboxServer, taken_port: int) -> Iterator[RunningProxy]:
    command = [sys.executable, "-m", "sandbox", "proxy", "--db", str(sandbox_server.db_path)]
    command += ["--proxy-port", str(taken_port)]
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    assert process.stdout is not None
    output: list[str] = []
    for line in process.stdout:  # until it says it is ready, or stops
        output.append(line.rstrip("\n"))
        if line.startswith("Ready."):
            break
    try:
        assert output and output[-1].startswith("Ready."), "\n".join(output)
        folder = sandbox_server.db_path.parent
        yield RunningProxy(output, folder / "proxy.env", folder)
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_a_taken_port_moves_the_proxy_and_the_sentence_says_where(
    proxy: RunningProxy, taken_port: int
) -> None:
    port = proxy.variables["HTTPS_PROXY"].rsplit(":", 1)[1]
    assert port != str(taken_port)
    assert (
        f"Port {taken_port} is taken by another program, so the proxy listens on port {port} "
        "instead" in proxy.output[0]
    )
    assert f"  export HTTPS_PROXY=http://127.0.0.1:{port}" in proxy.output


def test_the_ca_and_the_token_are_the_users_alone(
    proxy: RunningProxy, sandbox_server: SandboxServer
) -> None:
    ca_folder = proxy.folder / "proxy-ca"
    assert ca_folder.stat().st_mode & 0o777 == 0o700
    assert {p.name for p in ca_folder.iterdir()} >= {"mitmproxy-ca.pem", "mitmproxy-ca-cert.pem"}
    assert all(p.stat().st_mode & 0o077 == 0 for p in ca_folder.iterdir())
    assert proxy.env_file.stat().st_mode & 0o777 == 0o600
    assert proxy.variables["TWILIO_AUTH_TOKEN"] == sandbox_server.auth_token
    assert sandbox_server.auth_token not in "\n".join(proxy.output)
    ca = str(ca_folder / "mitmproxy-ca-cert.pem")
    for name in ("REQUESTS_CA_BUNDLE", "SSL_CERT_FILE", "NODE_EXTRA_CA_CERTS", "CURL_CA_BUNDLE"):
        assert proxy.variables[name] == ca


def test_the_examples_run_the_scenario_unchanged_through_the_proxy(
    proxy: RunningProxy, client: Client, numbers: list[str], tmp_path: Path
) -> None:
    def example(script: str, *args: str) -> str:
        result = proxy.example(tmp_path, script, *args)
        assert result.returncode == 0, result.stderr
        return result.stdout

    created = example("create_conversation.py", "--name", "team")
    conversation = created.split()[2]
    assert created == f"Created conversation {conversation} (team).\n"
    added = example(
        "add_participants.py",
        conversation,
        *("--sms", PHONE_1, numbers[0], "--sms", PHONE_2, numbers[0], "--chat", "coach"),
    )
    assert (
        f"Added {PHONE_1} by SMS through {numbers[0]}" in added and "Added coach by chat" in added
    )
    assert example("send_message.py", conversation, "practice at 6", "--author", "coach")
    assert [m["body"] for m in phone_inbox(client, PHONE_1)] == ["practice at 6"]
    assert example("show_history.py", conversation) == "#0 coach: practice at 6\n"
    first = client.conversations.v1.conversations(conversation).participants.list()[0]
    assert example("remove_participant.py", conversation, first.sid)
    assert len(client.conversations.v1.conversations(conversation).participants.list()) == 2
    closed = example("close_conversation.py", conversation)
    assert closed == f"Conversation {conversation} is now closed.\n"
    assert client.conversations.v1.conversations(conversation).fetch().state == "closed"


def test_wrong_credentials_are_twilios_20003_in_one_line(
    proxy: RunningProxy, client: Client, tmp_path: Path
) -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "create_conversation.py")],
        cwd=tmp_path,
        env={**proxy.variables, "PATH": os.environ["PATH"], "TWILIO_AUTH_TOKEN": "wrong"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "error 20003" in result.stderr and "https://www.twilio.com/docs/errors/20003" in (
        result.stderr
    )
    assert client.conversations.v1.conversations.list() == []


def test_a_program_set_to_a_twilio_region_and_edge_reaches_the_sandbox_too(
    proxy: RunningProxy, client: Client, tmp_path: Path
) -> None:
    """TWILIO_EDGE makes the SDK call conversations.ashburn.us1.twilio.com: still Twilio's."""
    result = proxy.run(
        ["env", "TWILIO_EDGE=ashburn", sys.executable, str(EXAMPLES / "create_conversation.py")],
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert [c.friendly_name for c in client.conversations.v1.conversations.list()] == [
        "group-texting"
    ]


def test_an_unknown_conversation_is_twilios_20404_in_one_line(
    proxy: RunningProxy, client: Client, tmp_path: Path
) -> None:
    result = proxy.example(tmp_path, "show_history.py", "CH" + "0" * 32)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("Twilio refused (HTTP 404, error 20404): ")
    assert result.stderr.endswith(" https://www.twilio.com/docs/errors/20404\n")
    assert result.stderr.count("\n") == 1


def test_credentials_from_a_dot_env_file_are_used(proxy: RunningProxy, tmp_path: Path) -> None:
    variables = proxy.variables
    token = variables.pop("TWILIO_AUTH_TOKEN")
    (tmp_path / ".env").write_text(f"TWILIO_AUTH_TOKEN={token}\n")
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "create_conversation.py"), "--name", "from-dotenv"],
        cwd=tmp_path,
        env={**variables, "PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and "(from-dotenv)" in result.stdout, result.stderr


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_reaches_the_sandbox_as_twilio(
    proxy: RunningProxy, client: Client, tmp_path: Path
) -> None:
    conversation = client.conversations.v1.conversations.create(friendly_name="by-curl")
    auth = f"{proxy.variables['TWILIO_ACCOUNT_SID']}:{proxy.variables['TWILIO_AUTH_TOKEN']}"
    url = "https://conversations.twilio.com/v1/Conversations"
    result = proxy.run(["curl", "--silent", "--show-error", "--user", auth, url], tmp_path)
    assert result.returncode == 0, result.stderr
    assert conversation.sid in result.stdout and '"by-curl"' in result.stdout


class Counting(BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self) -> None:
        Counting.hits += 1
        self.send_response(200)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_any_other_host_is_refused_and_nothing_is_forwarded(
    proxy: RunningProxy, tmp_path: Path
) -> None:
    other = HTTPServer(("127.0.0.1", 0), Counting)
    thread = threading.Thread(target=other.serve_forever, daemon=True)
    thread.start()
    try:
        target = f"http://127.0.0.1:{other.server_address[1]}/"
        via = ["--proxy", proxy.variables["HTTPS_PROXY"], "--noproxy", ""]
        plain = proxy.run(["curl", "--silent", "--include", *via, target], tmp_path)
        tunnel = proxy.run(
            ["curl", "--silent", "--show-error", *via, "https://example.com/"], tmp_path
        )
    finally:
        other.shutdown()
        other.server_close()
    assert plain.stdout.startswith("HTTP/1.1 403")
    assert "carries only Twilio's hosts (*.twilio.com) to your offline sandbox: it refused " in (
        plain.stdout
    )
    assert Counting.hits == 0
    assert tunnel.returncode != 0 and "403" in tunnel.stderr


@pytest.fixture(scope="module")
def node_example() -> Path:
    """twilio from npm in examples/node (git-ignored), installed once from its lock file."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node and npm are not installed: the Node example needs them")
    if not (NODE_EXAMPLE / "node_modules" / "twilio").is_dir():
        installed = subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=NODE_EXAMPLE,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if installed.returncode != 0:
            pytest.skip(f"npm could not install twilio (no registry?): {installed.stderr[-300:]}")
    return NODE_EXAMPLE / "send_message.js"


def test_a_node_program_with_twilio_from_npm_reaches_the_sandbox(
    proxy: RunningProxy, client: Client, node_example: Path, tmp_path: Path
) -> None:
    conversation = client.conversations.v1.conversations.create(friendly_name="node")
    result = proxy.run(["node", str(node_example), conversation.sid, "hi from node"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("#0 node: hi from node\n")
    assert [
        m.body for m in client.conversations.v1.conversations(conversation.sid).messages.list()
    ] == ["hi from node"]


def test_a_sandbox_record_others_could_read_is_not_used(tmp_path: Path) -> None:
    server = start_sandbox(tmp_path)
    try:
        server.db_path.with_suffix(".json").chmod(0o644)
        result = subprocess.run(
            [sys.executable, "-m", "sandbox", "proxy", "--db", str(server.db_path)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        server.stop()
    assert result.returncode == 2 and "No sandbox of yours is running" in result.stderr
    assert not (tmp_path / "proxy.env").exists()


def test_without_a_running_sandbox_it_says_to_start_one(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sandbox", "proxy", "--db", str(tmp_path / "sandbox.db")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert f"No sandbox of yours is running for {tmp_path / 'sandbox.db'}: start one" in (
        result.stderr
    )


def test_without_mitmproxy_it_says_how_to_install_it(
    sandbox_server: SandboxServer, tmp_path: Path
) -> None:
    missing = tmp_path / "no-mitmdump"
    result = subprocess.run(
        [sys.executable, "-m", "sandbox", "proxy", "--db", str(sandbox_server.db_path)],
        cwd=ROOT,
        env={**os.environ, "MITMDUMP": str(missing)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert f"The proxy mode needs mitmproxy at {missing}: run `make proxy`" in result.stderr
