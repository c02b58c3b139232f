"""Each notebook's state is its own: the walkthrough's conversation stays as 01 built it (two
phones, each on its own Twilio number, and one chat user) after every notebook up to 99, which
deletes it. The notebooks run in order on a sandbox of their own (the first pass of the
walkthrough that tests/walkthrough/test_notebooks.py reads too); after each one the
conversation was read through the SDK."""

from __future__ import annotations

import pytest

from tests.support.group import PHONE_1, PHONE_2
from tests.support.notebooks import walkthrough
from tests.support.walkthrough_passes import SHARED_BY, Members, Walkthrough

pytestmark = [pytest.mark.notebooks, SHARED_BY]

AS_01_BUILT_IT = [
    ("chat", "participant-3", None),
    ("sms", PHONE_1, "+15005550006"),  # participant #1 on number #1
    ("sms", PHONE_2, "+15005550007"),  # participant #2 on number #2
]


@pytest.fixture(scope="module")
def after_each(walked: Walkthrough) -> dict[str, Members]:
    """The walkthrough's conversation after each notebook of the first pass, by notebook name."""
    first = walked.runs[0]
    for name, error in first.failures.items():
        pytest.fail(f"{name} failed:\n{error}")
    return first.after_each


def test_the_walkthrough_ran(after_each: dict[str, Members]) -> None:
    assert list(after_each) == [p.name for p in walkthrough()]


@pytest.mark.parametrize(
    "name", [p.name for p in walkthrough() if not p.name.startswith(("00_", "99_"))]
)
def test_the_conversation_is_as_01_built_it_after(
    after_each: dict[str, Members], name: str
) -> None:
    assert after_each[name] == AS_01_BUILT_IT, f"after {name}: {after_each[name]}"


def test_there_is_none_before_01_and_after_99(after_each: dict[str, Members]) -> None:
    assert after_each["00_setup.ipynb"] is None
    assert after_each["99_clean_up.ipynb"] is None
