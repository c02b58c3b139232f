"""`python -m sandbox [serve|stop|proxy]`: run the sandbox in the foreground, stop it, or put an
HTTPS proxy in front of it (sandbox/proxy/)."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import socket
import sys
from pathlib import Path

import uvicorn

from lab_contract.defaults import LOOPBACK_HOSTS
from lab_contract.paths import record_file
from lab_contract.record import Record, remove_record, write_record
from sandbox.api.app import create_app
from sandbox.config import SandboxConfig, load_config
from sandbox.process import pid_file, stop
from sandbox.proxy.command import DEFAULT_PROXY_PORT, run_proxy
from sandbox.store import DatabaseInUse, SchemaOutdated


def _arguments(argv: list[str] | None, config: SandboxConfig) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m sandbox",
        description="An offline Twilio Conversations API for the Group Texting Lab.",
    )
    parser.add_argument("command", nargs="?", choices=("serve", "stop", "proxy"), default="serve")
    parser.add_argument(
        "--host",
        default=config.host,
        help="loopback address to bind (default from SANDBOX_URL: %(default)s)",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=config.port,
        help="port (default from SANDBOX_URL, else 0: a free one, written to its record)",
    )
    parser.add_argument(
        "--db",
        type=Path,
        default=config.db,
        help="SQLite database file (default: %(default)s)",
    )
    parser.add_argument("--log-level", default="warning")
    parser.add_argument(
        "--proxy-port",
        type=int,
        default=DEFAULT_PROXY_PORT,
        help="proxy: its port on 127.0.0.1 (default %(default)s; taken: a free one, and it says)",
    )
    return parser.parse_args(argv)


def _listen(host: str, port: int) -> socket.socket | None:
    """A socket listening on (host, port), port 0 meaning a free one; None if it is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit it: without it a kept-alive connection's response waits out
    # the client's delayed ACK (40 ms a call, measured by bench/ on Linux), as uvicorn writes
    # headers and body apart.
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        listener.bind((host, port))
        listener.listen(2048)
    except OSError:
        listener.close()
        return None
    return listener


def _url(listener: socket.socket) -> str:
    host, port = listener.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def main(argv: list[str] | None = None) -> int:
    config = load_config()
    args = _arguments(argv, config)
    if args.command == "stop":
        stopped = stop(args.db)
        print("Sandbox stopped." if stopped else f"No sandbox is running for {args.db}.")
        return 0
    if args.command == "proxy":
        return run_proxy(args.db, args.proxy_port)
    if args.host not in LOOPBACK_HOSTS:
        print(
            f"The sandbox binds to loopback only (127.0.0.1, ::1), not {args.host}.",
            file=sys.stderr,
        )
        return 2
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(name)s %(message)s")
    args.db.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        app = create_app(
            args.db,
            config.account_sid,
            config.auth_token,
            webhook_timeout=config.webhook_timeout,
            delivery_seconds=config.delivery_seconds,
            group_mms=config.group_mms,
            api_key=(config.api_key_sid, config.api_key_secret),
        )
    except DatabaseInUse as error:
        print(error, file=sys.stderr)
        return 4
    except SchemaOutdated as error:
        print(error, file=sys.stderr)
        return 5
    listener = _listen(args.host, args.port)
    if listener is None:
        print(
            f"Port {args.port} on {args.host} is taken by another program: stop it, or choose "
            "another with --port (and SANDBOX_URL for connect()), or give none for a free one.",
            file=sys.stderr,
        )
        return 3
    url, pid = _url(listener), os.getpid()
    pid_path, record_path = pid_file(args.db), record_file(args.db)
    pid_path.write_text(str(pid))
    write_record(record_path, _record(url, config, pid))
    print(f"Sandbox serving on {url} with {args.db}", flush=True)
    server = uvicorn.Server(
        uvicorn.Config(app, log_level=args.log_level, access_log=False, lifespan="on")
    )
    try:
        server.run(sockets=[listener])
    finally:
        remove_record(record_path, pid)
        with contextlib.suppress(OSError, ValueError):
            if int(pid_path.read_text()) == pid:
                pid_path.unlink()
    return 0


def _record(url: str, config: SandboxConfig, pid: int) -> Record:
    return Record(
        url=url,
        account_sid=config.account_sid,
        auth_token=config.auth_token,
        api_key_sid=config.api_key_sid,
        api_key_secret=config.api_key_secret,
        pid=pid,
    )


if __name__ == "__main__":
    sys.exit(main())
