"""Close a conversation: it keeps its history and takes no new messages."""

from __future__ import annotations

import argparse
import sys

from cli import run
from group_text import close_conversation
from twilio.rest import Client


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("conversation", help="the conversation's SID (CH...)")
    args = parser.parse_args(argv)

    def close(client: Client) -> None:
        state = close_conversation(client, args.conversation)
        print(f"Conversation {args.conversation} is now {state}.")

    return run(close)


if __name__ == "__main__":
    sys.exit(main())
