"""`python -m solutions 01`: run exercise 01's solution against your kit, and check it."""

from __future__ import annotations

import sys

from helpers import connect
from helpers.exercises import check
from solutions import exercises, solution


def main(args: list[str]) -> int:
    if len(args) != 1 or args[0] not in exercises():
        print(f"usage: python -m solutions <exercise>, one of {', '.join(exercises())}")
        return 2
    client = connect()
    verdict = check(client, args[0], solution(args[0])(client))
    print(verdict)
    return 0 if verdict.ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
