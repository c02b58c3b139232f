"""Per-call latency through the real SDK, servers measured side by side, interleaved."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from twilio.rest import Client

from bench import floor
from bench.floor import Recorded, Recorder
from bench.servers import Server, start_floor
from bench.stats import Timing, timed
from helpers.sandbox_api import phone_texts

PROXY = "+14152000000"
SMS_PEOPLE = ("+16502000001", "+16502000002")
LISTED = 50
CROWD = 50  # Twilio's cap of SMS participants in one conversation
WARMUP = 20  # untimed rounds first
# SMS participants the timed calls add to one conversation: one short of Twilio's 50 (which the
# sandbox enforces), as the floor's recording adds one more to the first
ROOM = 49
MOCKED_SID = "CH" + "f" * 32  # a server that keeps nothing (Prism) accepts any well-formed SID


@dataclass(frozen=True)
class Scene:
    """The resources the timed calls use on one server."""

    roomy: tuple[str, ...]  # participants are added here, ROOM to a conversation
    three: str  # 2 SMS participants + 1 chat: messages are sent and texted here
    fifty: str  # holds 50 messages: listed here
    crowd: str  # 50 SMS participants: a message here is 50 texts
    listed: int | None = LISTED  # how many a listing must return (None: whatever it mocks)


def mocked() -> Scene:
    """Fixed SIDs, for a server that keeps nothing and returns whatever it mocks."""
    return Scene((MOCKED_SID,), MOCKED_SID, MOCKED_SID, MOCKED_SID, listed=None)


def prepare(client: Client, participants: int) -> Scene:
    """Real resources on a sandbox: the conversations the timed calls use, with room for
    `participants` SMS participants."""
    conversations = client.conversations.v1.conversations
    client.incoming_phone_numbers.create(phone_number=PROXY)
    rooms = -(-participants // ROOM)
    roomy = tuple(conversations.create(friendly_name=f"a{n}").sid for n in range(rooms))
    three, fifty, crowd = (conversations.create(friendly_name=n).sid for n in ("b", "c", "d"))
    for address in SMS_PEOPLE:
        conversations(three).participants.create(
            messaging_binding_address=address, messaging_binding_proxy_address=PROXY
        )
    conversations(three).participants.create(identity="alice")
    for n in range(LISTED):
        conversations(fifty).messages.create(author="alice", body=f"message {n}")
    for n in range(CROWD):
        conversations(crowd).participants.create(
            messaging_binding_address=f"+1650400{n:04d}", messaging_binding_proxy_address=PROXY
        )
    return Scene(roomy, three, fifty, crowd)


def addresses() -> Iterator[str]:
    """Distinct valid phone numbers for the SMS participants the benchmark adds."""
    for n in itertools.count(100):
        yield f"+1650300{n:04d}"


Operation = Callable[[Client, Scene], object]
INBOUND_TEXT = "a phone's inbound text"
SANDBOX_ONLY = frozenset({INBOUND_TEXT})  # the sandbox's own endpoint: no spec mocks it


def operations() -> dict[str, Operation]:
    fresh = addresses()
    # Each server's participants counted apart (by its client): every server fills the rooms
    # in order, ROOM to a conversation, however many servers take turns.
    added: defaultdict[int, Iterator[int]] = defaultdict(itertools.count)
    joined: defaultdict[int, Iterator[int]] = defaultdict(itertools.count)
    names = itertools.count()

    def create_conversation(client: Client, scene: Scene) -> object:
        return client.conversations.v1.conversations.create(friendly_name="bench")

    def create_participant(client: Client, scene: Scene) -> object:
        room = scene.roomy[next(added[id(client)]) // ROOM % len(scene.roomy)]
        return client.conversations.v1.conversations(room).participants.create(
            messaging_binding_address=next(fresh), messaging_binding_proxy_address=PROXY
        )

    def create_chat_participant(client: Client, scene: Scene) -> object:
        room = scene.roomy[next(joined[id(client)]) // ROOM % len(scene.roomy)]
        identity = f"chat-{next(names)}"  # never the same twice, whichever server
        return client.conversations.v1.conversations(room).participants.create(identity=identity)

    def create_message(client: Client, scene: Scene) -> object:
        handle = client.conversations.v1.conversations(scene.three)
        return handle.messages.create(author="alice", body="hello, group")

    def create_message_to_crowd(client: Client, scene: Scene) -> object:
        handle = client.conversations.v1.conversations(scene.crowd)
        return handle.messages.create(body="hello, fifty phones")

    def list_messages(client: Client, scene: Scene) -> object:
        found = client.conversations.v1.conversations(scene.fifty).messages.list(limit=LISTED)
        assert scene.listed is None or len(found) == scene.listed, len(found)
        return found

    def list_participants(client: Client, scene: Scene) -> object:
        found = client.conversations.v1.conversations(scene.three).participants.list()
        assert scene.listed is None or len(found) == len(SMS_PEOPLE) + 1, len(found)
        return found

    def inbound_text(client: Client, scene: Scene) -> object:
        return phone_texts(client, SMS_PEOPLE[0], PROXY, "hello from a phone")

    return {
        "conversation create": create_conversation,
        "participant create (SMS)": create_participant,
        "participant create (chat)": create_chat_participant,
        "message create (3 participants)": create_message,
        f"message create ({CROWD} SMS participants)": create_message_to_crowd,
        "list 50 messages": list_messages,
        "list participants (3)": list_participants,
        INBOUND_TEXT: inbound_text,
    }


def record(server: Server, scene: Scene) -> list[Recorded]:
    """Every operation once on `server`, and the responses it gave, byte for byte."""
    recorder = Recorder()
    client = server.client(response_hook=recorder)
    for operation in operations().values():
        operation(client, scene)
    return recorder.recorded


def floor_of(sandbox: Server, scene: Scene, work: Path) -> Server:
    """The floor, started in `work`, replaying what `sandbox` answered to each call on `scene`."""
    recording = work / "floor-replay.json"
    floor.save(record(sandbox, scene), recording)
    return start_floor(work, recording)


def measured(operation: str, server: Server) -> bool:
    """Whether `server` answers `operation`: Prism mocks Twilio's spec, not the sandbox's own."""
    return server.name != "prism" or operation not in SANDBOX_ONLY


def compare(
    servers: Sequence[Server], scenes: dict[str, Scene], rounds: int, warmup: int = WARMUP
) -> list[Timing]:
    """Each round runs every operation once on every server, the server order rotating."""
    clients = {s.name: s.client() for s in servers}
    ops = operations()
    samples: dict[tuple[str, str], list[float]] = {
        (op, s.name): [] for op in ops for s in servers if measured(op, s)
    }
    for round_number in range(warmup + rounds):
        shift = round_number % len(servers)
        order = [*servers[shift:], *servers[:shift]]
        for name, operation in ops.items():
            for server in order:
                if not measured(name, server):
                    continue
                client, scene = clients[server.name], scenes[server.name]
                seconds = timed(lambda: operation(client, scene))  # noqa: B023
                if round_number >= warmup:
                    samples[(name, server.name)].append(seconds)
    return [Timing(op, server, tuple(values)) for (op, server), values in samples.items()]
