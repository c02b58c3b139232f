"""Show a conversation's messages, oldest first."""

from __future__ import annotations

import argparse
import sys

from cli import run
from group_text import history
from twilio.rest import Client


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("conversation", help="the conversation's SID (CH...)")
    args = parser.parse_args(argv)

    def show(client: Client) -> None:
        lines = history(client, args.conversation)
        print("\n".join(lines) if lines else "No messages yet.")

    return run(show)


if __name__ == "__main__":
    sys.exit(main())
