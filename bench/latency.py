"""Per-call latency through the real SDK, servers measured side by side, interleaved."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from twilio.rest import Client

from bench.floor import Recorded, Recorder
from bench.servers import Server
from bench.stats import Timing, timed

PROXY = "+14152000000"
SMS_PEOPLE = ("+16502000001", "+16502000002")
LISTED = 50
WARMUP = 20  # untimed rounds first
# SMS participants the timed calls add to one conversation: one short of Twilio's 50 (which the
# sandbox enforces), as the floor's recording adds one more to the first
ROOM = 49
MOCKED_SID = "CH" + "f" * 32  # a server that keeps nothing (Prism) accepts any well-formed SID


@dataclass(frozen=True)
class Scene:
    """The resources the timed calls use on one server."""

    roomy: tuple[str, ...]  # participants are added here, ROOM to a conversation
    three: str  # 2 SMS participants + 1 chat: messages are sent here
    fifty: str  # holds 50 messages: listed here
    listed: int | None = LISTED  # how many a listing must return (None: whatever it mocks)


def mocked() -> Scene:
    """Fixed SIDs, for a server that keeps nothing and returns whatever it mocks."""
    return Scene((MOCKED_SID,), MOCKED_SID, MOCKED_SID, listed=None)


def prepare(client: Client, participants: int) -> Scene:
    """Real resources on a sandbox: the conversations the timed calls use, with room for
    `participants` SMS participants."""
    conversations = client.conversations.v1.conversations
    client.incoming_phone_numbers.create(phone_number=PROXY)
    rooms = -(-participants // ROOM)
    roomy = tuple(conversations.create(friendly_name=f"a{n}").sid for n in range(rooms))
    three, fifty = (conversations.create(friendly_name=n).sid for n in ("b", "c"))
    for address in SMS_PEOPLE:
        conversations(three).participants.create(
            messaging_binding_address=address, messaging_binding_proxy_address=PROXY
        )
    conversations(three).participants.create(identity="alice")
    for n in range(LISTED):
        conversations(fifty).messages.create(author="alice", body=f"message {n}")
    return Scene(roomy, three, fifty)


def addresses() -> Iterator[str]:
    """Distinct valid phone numbers for the SMS participants the benchmark adds."""
    for n in itertools.count(100):
        yield f"+1650300{n:04d}"


Operation = Callable[[Client, Scene], object]


def operations() -> dict[str, Operation]:
    fresh = addresses()
    added = itertools.count()

    def create_conversation(client: Client, scene: Scene) -> object:
        return client.conversations.v1.conversations.create(friendly_name="bench")

    def create_participant(client: Client, scene: Scene) -> object:
        room = scene.roomy[next(added) // ROOM % len(scene.roomy)]
        return client.conversations.v1.conversations(room).participants.create(
            messaging_binding_address=next(fresh), messaging_binding_proxy_address=PROXY
        )

    def create_message(client: Client, scene: Scene) -> object:
        handle = client.conversations.v1.conversations(scene.three)
        return handle.messages.create(author="alice", body="hello, group")

    def list_messages(client: Client, scene: Scene) -> object:
        found = client.conversations.v1.conversations(scene.fifty).messages.list(limit=LISTED)
        assert scene.listed is None or len(found) == scene.listed, len(found)
        return found

    return {
        "conversation create": create_conversation,
        "participant create (SMS)": create_participant,
        "message create (3 participants)": create_message,
        "list 50 messages": list_messages,
    }


def record(server: Server, scene: Scene) -> list[Recorded]:
    """Every operation once on `server`, and the responses it gave, byte for byte."""
    recorder = Recorder()
    client = server.client(response_hook=recorder)
    for operation in operations().values():
        operation(client, scene)
    return recorder.recorded


def compare(
    servers: Sequence[Server], scenes: dict[str, Scene], rounds: int, warmup: int = WARMUP
) -> list[Timing]:
    """Each round runs every operation once on every server, the server order rotating."""
    clients = {s.name: s.client() for s in servers}
    ops = operations()
    samples: dict[tuple[str, str], list[float]] = {(op, s.name): [] for op in ops for s in servers}
    for round_number in range(warmup + rounds):
        shift = round_number % len(servers)
        order = [*servers[shift:], *servers[:shift]]
        for name, operation in ops.items():
            for server in order:
                client, scene = clients[server.name], scenes[server.name]
                seconds = timed(lambda: operation(client, scene))  # noqa: B023
                if round_number >= warmup:
                    samples[(name, server.name)].append(seconds)
    return [Timing(op, server, tuple(values)) for (op, server), values in samples.items()]
