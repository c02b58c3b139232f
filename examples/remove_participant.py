"""Remove a participant from a conversation (their phone or app gets no more of its messages)."""

from __future__ import annotations

import argparse
import sys

from cli import run
from group_text import remove_participant
from twilio.rest import Client


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("conversation", help="the conversation's SID (CH...)")
    parser.add_argument("participant", help="the participant's SID (MB...)")
    args = parser.parse_args(argv)

    def remove(client: Client) -> None:
        remove_participant(client, args.conversation, args.participant)
        print(f"Removed participant {args.participant}.")

    return run(remove)


if __name__ == "__main__":
    sys.exit(main())
