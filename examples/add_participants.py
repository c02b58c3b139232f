"""Add people to a conversation: phones by SMS through your Twilio number, and chat users."""

from __future__ import annotations

import argparse
import sys

from cli import run
from group_text import add_chat_participant, add_sms_participant
from twilio.rest import Client


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("conversation", help="the conversation's SID (CH...)")
    parser.add_argument(
        "--sms",
        nargs=2,
        action="append",
        default=[],
        metavar=("PHONE", "TWILIO_NUMBER"),
        help="a phone (E.164, e.g. +14155550101) and the Twilio number it texts; repeat it",
    )
    parser.add_argument("--chat", action="append", default=[], metavar="IDENTITY")
    parser.add_argument(
        "--projected-address",
        metavar="TWILIO_NUMBER",
        help="the number phones see chat users' messages come from (group texting)",
    )
    args = parser.parse_args(argv)
    if not args.sms and not args.chat:
        parser.error("give at least one --sms PHONE TWILIO_NUMBER or --chat IDENTITY")

    def add(client: Client) -> None:
        for phone, number in args.sms:
            joined = add_sms_participant(client, args.conversation, phone, number)
            print(f"Added {phone} by SMS through {number}: participant {joined.sid}.")
        for identity in args.chat:
            joined = add_chat_participant(
                client, args.conversation, identity, args.projected_address
            )
            print(f"Added {identity} by chat: participant {joined.sid}.")

    return run(add)


if __name__ == "__main__":
    sys.exit(main())
