"""The number planner: how many Twilio numbers a set of group texts needs, and what they cost.

Pure arithmetic, no client. A person needs a different Twilio number for each open
conversation they are in (the pair rule, 50416); different people may share one. So the
account needs as many numbers as the busiest person has open conversations.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from helpers.prices import US_LOCAL_NUMBER_PER_MONTH

__all__ = ["US_LOCAL_NUMBER_PER_MONTH", "Plan", "plan"]


@dataclass(frozen=True)
class Plan:
    """Numbers needed, who uses which number slot where, and the monthly cost."""

    numbers_needed: int
    assignment: dict[tuple[str, str], int] = field(default_factory=dict)
    price_per_number: float = US_LOCAL_NUMBER_PER_MONTH

    @property
    def cost_per_month(self) -> float:
        return round(self.numbers_needed * self.price_per_number, 2)

    def table(self, numbers: Sequence[str] | None = None) -> pd.DataFrame:
        """The assignment as rows: person, conversation, number slot (and the number, if given)."""
        rows = [
            {
                "person": person,
                "conversation": conversation,
                "number_slot": slot,
                "twilio_number": numbers[slot - 1] if numbers and slot <= len(numbers) else None,
            }
            for (person, conversation), slot in self.assignment.items()
        ]
        return pd.DataFrame.from_records(
            rows, columns=["person", "conversation", "number_slot", "twilio_number"]
        )


def plan(
    memberships: Mapping[str, Sequence[str]],
    price_per_number: float = US_LOCAL_NUMBER_PER_MONTH,
) -> Plan:
    """Plan numbers for `memberships`: each person → the open conversations they are in.

    Number slots count from 1; a person's conversations get slots 1, 2, 3… in the order
    given, so nobody is given the same number twice, and slot n is shared by everyone's
    n-th conversation.
    """
    if price_per_number < 0:
        raise ValueError("price_per_number cannot be negative.")
    assignment: dict[tuple[str, str], int] = {}
    for person, conversations in memberships.items():
        for slot, conversation in enumerate(dict.fromkeys(conversations), start=1):
            assignment[(person, conversation)] = slot
    needed = max(assignment.values(), default=0)
    return Plan(needed, assignment, price_per_number)
