"""`python -m sandbox proxy`: an HTTPS proxy in front of your running sandbox, so that any program
(Python, Node, curl), unchanged, reaches it as it would reach Twilio.

The proxy is mitmproxy (`mitmdump`, from its own environment, `.venv-proxy`: `make proxy`
creates it), with a certificate authority of your own: made on first use in your sandbox's state
folder, its key readable by you alone, never shared with another user. A program trusts that CA
(`REQUESTS_CA_BUNDLE`, `SSL_CERT_FILE`, `NODE_EXTRA_CA_CERTS`) and sends its HTTPS through the
proxy (`HTTPS_PROXY`); the proxy carries Twilio's hosts to the sandbox and refuses all others.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from urllib.parse import urlsplit

from lab_contract.paths import KIT_ROOT, record_file
from lab_contract.record import Record, RecordRefused, read_record
from sandbox.process import alive

DEFAULT_PROXY_PORT = 8877
LISTEN_HOST = "127.0.0.1"
ADDON = Path(__file__).with_name("addon.py")
CA_FOLDER = "proxy-ca"
CA_CERT = "mitmproxy-ca-cert.pem"  # mitmproxy's name for the CA's certificate (no key inside)
ENV_FILE = "proxy.env"
LOG_FILE = "proxy.log"
START_TIMEOUT = 60.0
LOG_LINES = 15


class ProxyUnavailable(RuntimeError):
    """The proxy cannot start; the message says what to do."""


@dataclass(frozen=True)
class ProxyFiles:
    """Where the proxy keeps its CA, its log and the variables a program needs, beside the
    sandbox's database."""

    folder: Path

    @property
    def ca_folder(self) -> Path:
        return self.folder / CA_FOLDER

    @property
    def ca_cert(self) -> Path:
        return self.ca_folder / CA_CERT

    @property
    def env_file(self) -> Path:
        return self.folder / ENV_FILE

    @property
    def log(self) -> Path:
        return self.folder / LOG_FILE


def mitmdump() -> Path:
    """The mitmdump to run: MITMDUMP, else the kit's `.venv-proxy`."""
    path = Path(os.environ.get("MITMDUMP") or KIT_ROOT / ".venv-proxy" / "bin" / "mitmdump")
    if not path.is_file():
        raise ProxyUnavailable(
            f"The proxy mode needs mitmproxy at {path}: run `make proxy` (it installs "
            "requirements-proxy.txt into .venv-proxy), or set MITMDUMP to a mitmdump program."
        )
    return path


def running_sandbox(db_path: Path) -> Record:
    """The record of the sandbox serving `db_path`, proved alive by its health answer."""
    record = _own_record(record_file(db_path))
    if record is None or not alive(record.pid) or _health_pid(record.url) != record.pid:
        raise ProxyUnavailable(
            f"No sandbox of yours is running for {db_path}: start one first (`make sandbox`, or "
            "`python -m sandbox` in another terminal; running a notebook starts one too), then "
            "run this again."
        )
    return record


def _own_record(path: Path) -> Record | None:
    """The record at `path` if it is its user's own and closed to others; else None."""
    try:
        return read_record(path)
    except RecordRefused:
        return None


def _health_pid(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url + "/sandbox/Health", timeout=2) as reply:
            return int(json.loads(reply.read())["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def choose_port(requested: int) -> tuple[int, str | None]:
    """`requested` if it is free on loopback, else a free one and the sentence that says so."""
    for port in (requested, 0):
        with socket.socket() as probe:
            try:
                probe.bind((LISTEN_HOST, port))
            except OSError:
                continue
            chosen = int(probe.getsockname()[1])
        if port == requested:
            return chosen, None
        return chosen, (
            f"Port {requested} is taken by another program, so the proxy listens on port "
            f"{chosen} instead (the lines below say so)."
        )
    raise ProxyUnavailable(f"No free port on {LISTEN_HOST} for the proxy.")


def private_folder(folder: Path) -> None:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if folder.stat().st_uid == os.geteuid():
        folder.chmod(0o700)


def program_environment(proxy_url: str, ca_cert: Path, record: Record) -> dict[str, str]:
    """What a program needs to reach the sandbox through the proxy, as it would reach Twilio.

    twilio-node ignores HTTPS_PROXY and reads HTTP_PROXY alone (it opens its HTTPS tunnels
    through it), so both are set; NO_PROXY keeps this machine's own addresses (your webhook app,
    the sandbox itself) off the proxy, which would refuse them."""
    return {
        "HTTPS_PROXY": proxy_url,
        "HTTP_PROXY": proxy_url,
        "NO_PROXY": "127.0.0.1,localhost,::1",
        "REQUESTS_CA_BUNDLE": str(ca_cert),
        "SSL_CERT_FILE": str(ca_cert),
        "NODE_EXTRA_CA_CERTS": str(ca_cert),
        "CURL_CA_BUNDLE": str(ca_cert),
        "TWILIO_ACCOUNT_SID": record.account_sid,
        "TWILIO_AUTH_TOKEN": record.auth_token,
    }


def write_env_file(path: Path, values: dict[str, str]) -> None:
    """`KEY=value` lines, readable by their user alone (the sandbox's token is among them)."""
    path.unlink(missing_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as out:
        out.write("".join(f"{name}={value}\n" for name, value in values.items()))


def instructions(values: dict[str, str], env_file: Path) -> str:
    """The lines to set, printed; the sandbox's token stays in the 0600 file."""
    lines = [
        f"export {name}={value}" for name, value in values.items() if name != "TWILIO_AUTH_TOKEN"
    ]
    lines.append(f"export TWILIO_AUTH_TOKEN=...  # your sandbox's token, in {env_file}")
    return "\n".join(
        [
            "Set these in the shell that runs your program (all at once: "
            f"set -a; . {env_file}; set +a):",
            *(f"  {line}" for line in lines),
        ]
    )


def _last_lines(path: Path) -> str:
    with contextlib.suppress(OSError):
        return "\n".join(path.read_text(errors="replace").splitlines()[-LOG_LINES:])
    return ""


def _wait_until_ready(process: subprocess.Popen[bytes], port: int, files: ProxyFiles) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ProxyUnavailable(
                f"mitmproxy stopped (exit {process.returncode}); the end of {files.log}:\n"
                + _last_lines(files.log)
            )
        if files.ca_cert.is_file():
            with contextlib.suppress(OSError):
                socket.create_connection((LISTEN_HOST, port), timeout=0.5).close()
                return
        time.sleep(0.05)
    raise ProxyUnavailable(f"mitmproxy did not start listening; see {files.log}.")


def mitmdump_command(
    program: Path, port: int, ca_folder: Path, addon: Path, **options: object
) -> list[str]:
    """mitmdump listening on loopback `port`, its CA in `ca_folder`, running `addon` with its
    `options` (`--set name=value`). It never dials Twilio itself: it answers the TLS handshake
    at once and forwards as the addon says. The live rehearsal's proxy is started the same way."""
    command = [
        str(program),
        "--listen-host",
        LISTEN_HOST,
        "--listen-port",
        str(port),
        "--set",
        f"confdir={ca_folder}",
        "--set",
        "connection_strategy=lazy",
        "--set",
        "upstream_cert=false",
        "--scripts",
        str(addon),
    ]
    for name, value in options.items():
        command += ["--set", f"{name}={value}"]
    return command


def _start(record: Record, port: int, files: ProxyFiles) -> subprocess.Popen[bytes]:
    target = urlsplit(record.url)
    command = mitmdump_command(
        mitmdump(),
        port,
        files.ca_folder,
        ADDON,
        sandbox_host=target.hostname,
        sandbox_port=target.port,
    )
    with files.log.open("ab") as log:
        return subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            umask=0o077,  # the CA's key and everything else it writes: yours alone
        )


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _exit_on_terminate(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


def run_proxy(db_path: Path, requested_port: int = DEFAULT_PROXY_PORT) -> int:
    """Serve the proxy in the foreground until Ctrl-C (or SIGTERM); 0 when stopped, 2 when it
    cannot start (the sentence on stderr says why)."""
    files = ProxyFiles(db_path.parent)
    try:
        record = running_sandbox(db_path)
        private_folder(files.ca_folder)
        port, moved = choose_port(requested_port)
        process = _start(record, port, files)
    except ProxyUnavailable as error:
        print(error, file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _exit_on_terminate)
    try:
        _wait_until_ready(process, port, files)
        proxy_url = f"http://{LISTEN_HOST}:{port}"
        values = program_environment(proxy_url, files.ca_cert, record)
        write_env_file(files.env_file, values)
        if moved:
            print(moved)
        print(
            f"HTTPS proxy on {proxy_url}: Twilio's hosts go to your sandbox at {record.url}; "
            "every other host is refused."
        )
        print(instructions(values, files.env_file))
        print("Ready. Stop it with Ctrl-C.", flush=True)
        process.wait()
        return 0
    except ProxyUnavailable as error:
        print(error, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
    finally:
        _stop(process)
