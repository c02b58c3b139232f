"""`python -m sandbox [serve|stop]`: run the sandbox in the foreground, or stop it."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import socket
import sys
from pathlib import Path

import uvicorn

from sandbox.api.app import create_app
from sandbox.config import LOOPBACK_HOSTS, SandboxConfig, load_config
from sandbox.process import pid_file, stop
from sandbox.store import DatabaseInUse, SchemaOutdated


def _arguments(argv: list[str] | None, config: SandboxConfig) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m sandbox",
        description="An offline Twilio Conversations API for the Group Texting Lab.",
    )
    parser.add_argument("command", nargs="?", choices=("serve", "stop"), default="serve")
    parser.add_argument(
        "--host",
        default=config.host,
        help="loopback address to bind (default from SANDBOX_URL: %(default)s)",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=config.port,
        help="port (default from SANDBOX_URL: %(default)s)",
    )
    parser.add_argument(
        "--db",
        type=Path,
        default=config.db,
        help="SQLite database file (default: %(default)s)",
    )
    parser.add_argument("--log-level", default="warning")
    return parser.parse_args(argv)


def _port_is_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def main(argv: list[str] | None = None) -> int:
    config = load_config()
    args = _arguments(argv, config)
    if args.command == "stop":
        stopped = stop(args.db)
        print("Sandbox stopped." if stopped else f"No sandbox is running for {args.db}.")
        return 0
    if args.host not in LOOPBACK_HOSTS:
        print(
            f"The sandbox binds to loopback only (127.0.0.1, ::1), not {args.host}.",
            file=sys.stderr,
        )
        return 2
    if not _port_is_free(args.host, args.port):
        print(
            f"Port {args.port} on {args.host} is taken by another program: stop it, or choose "
            "another with --port (and SANDBOX_URL for connect()).",
            file=sys.stderr,
        )
        return 3
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(name)s %(message)s")
    try:
        app = create_app(
            args.db,
            config.account_sid,
            config.auth_token,
            webhook_timeout=config.webhook_timeout,
            api_key=(config.api_key_sid, config.api_key_secret),
        )
    except DatabaseInUse as error:
        print(error, file=sys.stderr)
        return 4
    except SchemaOutdated as error:
        print(error, file=sys.stderr)
        return 5
    pid_path = pid_file(args.db)
    pid_path.write_text(str(os.getpid()))
    print(f"Sandbox serving on http://{args.host}:{args.port} with {args.db}", flush=True)
    try:
        uvicorn.run(
            app,
            host=args.host,
            port=args.port,
            log_level=args.log_level,
            access_log=False,
            lifespan="off",
        )
    finally:
        with contextlib.suppress(OSError, ValueError):
            if int(pid_path.read_text()) == os.getpid():
                pid_path.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
