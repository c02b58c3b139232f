"""Send a message to a conversation as your program: every participant gets it."""

from __future__ import annotations

import argparse
import sys

from cli import run
from group_text import send_message
from twilio.rest import Client


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("conversation", help="the conversation's SID (CH...)")
    parser.add_argument("body", help="the text to send")
    parser.add_argument("--author", default="system", help="who it is from (default: system)")
    args = parser.parse_args(argv)

    def send(client: Client) -> None:
        sid = send_message(client, args.conversation, args.body, args.author)
        print(f"Sent message {sid}.")

    return run(send)


if __name__ == "__main__":
    sys.exit(main())
