"""Each notebook's state is its own: the walkthrough's conversation stays as 01 built it (two
phones, each on its own Twilio number, and one chat user) after every notebook up to 99, which
deletes it. The notebooks run in order, once, on a sandbox of their own; after each one the
test reads the conversation through the SDK."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from nbclient.exceptions import CellExecutionError
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from tests.support.group import PHONE_1, PHONE_2
from tests.support.notebooks import execute, point_kernels_at, walkthrough
from tests.support.sandbox_server import start_sandbox

pytestmark = pytest.mark.notebooks

AS_01_BUILT_IT = [
    ("chat", "participant-3", None),
    ("sms", PHONE_1, "+15005550006"),  # participant #1 on number #1
    ("sms", PHONE_2, "+15005550007"),  # participant #2 on number #2
]
Members = list[tuple[str, str, str | None]] | None


def members(client: Client) -> Members:
    """The walkthrough's conversation as (kind, who, Twilio number), or None if there is none."""
    conversation = client.conversations.v1.conversations("group-texting-lab")
    try:
        conversation.fetch()
    except TwilioRestException as error:
        if error.status == 404:
            return None
        raise
    people = conversation.participants.list()
    found: list[tuple[str, str, str | None]] = []
    for person in people:
        binding = person.messaging_binding or {}
        if binding.get("address"):
            found.append(("sms", str(binding["address"]), binding.get("proxy_address")))
        else:
            found.append(("chat", str(person.identity), None))
    return sorted(found)


@pytest.fixture(scope="module")
def after_each(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Members]]:
    """The walkthrough's conversation after each notebook, by notebook name."""
    server = start_sandbox(tmp_path_factory.mktemp("state-sandbox"))
    seen: dict[str, Members] = {}
    try:
        with pytest.MonkeyPatch.context() as env:
            point_kernels_at(server, env)
            for path in walkthrough():
                try:
                    execute(path)
                except CellExecutionError as error:
                    pytest.fail(f"{path.name} failed:\n{str(error)[-3000:]}")
                seen[path.name] = members(server.client())
        yield seen
    finally:
        server.stop()


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
