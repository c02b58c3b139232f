"""Four clients write into one conversation at once: every message kept, indexes gap-free."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from tests.support.group import CHAT_IDENTITY, PHONE_1, SMS_PEOPLE, make_group
from tests.support.sandbox_server import SandboxServer

WRITERS = 4
MESSAGES_EACH = 250
TOTAL = WRITERS * MESSAGES_EACH
# Half the writers speak as the chat participant, half as the system (no participant):
# neither is an SMS participant, so each SMS participant must receive every message.
AUTHORS = [CHAT_IDENTITY, "system", CHAT_IDENTITY, "system"]


def _write(server: SandboxServer, conversation_sid: str, writer: int) -> list[str]:
    client = server.client()  # one Client (and one HTTP session) per writer
    handle = client.conversations.v1.conversations(conversation_sid)
    return [
        handle.messages.create(author=AUTHORS[writer], body=f"writer {writer} message {n}").sid
        for n in range(MESSAGES_EACH)
    ]


def test_four_clients_250_messages_each_into_one_conversation(
    sandbox_server: SandboxServer, client: Client
) -> None:
    group = make_group(client, "busy")
    handle = client.conversations.v1.conversations(group.conversation_sid)

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        futures = [
            pool.submit(_write, sandbox_server, group.conversation_sid, w) for w in range(WRITERS)
        ]
        acknowledged = [sid for future in futures for sid in future.result()]

    assert len(acknowledged) == len(set(acknowledged)) == TOTAL
    stored = handle.messages.list(page_size=100)
    assert sorted(m.sid for m in stored) == sorted(acknowledged)
    assert sorted(m.index for m in stored) == list(range(TOTAL))
    assert sum(m.participant_sid == group.chat_participant_sid for m in stored) == TOTAL // 2
    assert sum(m.participant_sid is None for m in stored) == TOTAL // 2
    for address, proxy in SMS_PEOPLE.items():
        received = client.messages.list(to=address, page_size=1000)
        assert len(received) == TOTAL, address
        assert {sms.from_ for sms in received} == {proxy}
        assert {sms.body for sms in received} == {m.body for m in stored}
    assert all(m.delivery["total"] == len(SMS_PEOPLE) for m in stored)


def test_concurrent_participant_adds_keep_the_pair_rule(
    sandbox_server: SandboxServer, client: Client
) -> None:
    """Many clients race to put the same (address, proxy) pair in different conversations."""
    proxy = client.incoming_phone_numbers.create(phone_number="+15005550006").phone_number
    sids = [client.conversations.v1.conversations.create().sid for _ in range(8)]

    def join(conversation_sid: str) -> str:
        racer = sandbox_server.client()
        try:
            racer.conversations.v1.conversations(conversation_sid).participants.create(
                messaging_binding_address=PHONE_1, messaging_binding_proxy_address=proxy
            )
        except TwilioRestException as error:
            return f"{error.status} {error.code}"
        return "joined"

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        outcomes = list(pool.map(join, sids))
    assert sorted(outcomes) == ["409 50416"] * 7 + ["joined"]
    rows = client.conversations.v1.participant_conversations.list(address=PHONE_1)
    assert len(rows) == 1
