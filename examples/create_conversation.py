"""Create a conversation and print its SID, which the other examples take."""

from __future__ import annotations

import argparse
import sys

from cli import run
from group_text import create_conversation
from twilio.rest import Client


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--name", default="group-texting", help="its friendly name")
    args = parser.parse_args(argv)

    def create(client: Client) -> None:
        conversation = create_conversation(client, args.name)
        print(f"Created conversation {conversation.sid} ({conversation.friendly_name}).")

    return run(create)


if __name__ == "__main__":
    sys.exit(main())
