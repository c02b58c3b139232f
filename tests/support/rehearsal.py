"""The live rehearsal's stage: a sandbox posing as the learner's Twilio account, an HTTPS proxy
(mitmproxy, outside the kit) carrying Twilio's hosts to it, the account's own prior contents,
and the learner, who texts from their phone when a cell asks them to.

The kit runs in live mode, unchanged: its SDK speaks HTTPS to *.twilio.com through the
standard HTTPS_PROXY and trusts the proxy's CA through REQUESTS_CA_BUNDLE. Only this module
(the test, playing the learner and the phone network) calls the sandbox directly.
"""

from __future__ import annotations

import ast
import json
import os
import re
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import requests
from nbclient import NotebookClient
from twilio.rest import Client

from helpers.receipts import FINAL, await_receipts
from helpers.sandbox_api import phone_texts
from sandbox.proxy.command import mitmdump_command
from tests.support.paths import ROOT
from tests.support.sandbox_server import SandboxServer, free_port

MITMDUMP = Path(os.environ.get("MITMDUMP") or ROOT / ".venv-proxy" / "bin" / "mitmdump")
ADDON = Path(__file__).resolve().parent / "rehearsal_proxy.py"

ACCOUNT_SID = "AC" + "5" * 32
AUTH_TOKEN = "rehearsal-auth-token"

# The learner's configuration: their own phones, and two of their account's numbers.
PHONE_1, PHONE_2, PHONE_3 = "+14155550101", "+14155550102", "+14155550103"
# SUPPORT_LINE: one of the learner's numbers that they did not give the kit (not in
# GROUP_TWILIO_NUMBERS), on which participant #1's phone already talks to their support desk.
NUMBER_1, NUMBER_2, SUPPORT_LINE = "+15005550006", "+15005550007", "+15005550008"
CAST = (PHONE_1, PHONE_2, PHONE_3)
PROMPT = re.compile(r"From the phone (\+\d+), text (.+) to (\+\d+) now\.")


def delivered(client: Client, conversation_sid: str) -> None:
    """Wait, as the kit does, until the carriers have reported on the conversation's latest
    message."""
    receipts = await_receipts(client, conversation_sid)
    assert receipts["status"].isin(FINAL).all(), receipts


@contextmanager
def https_proxy(sandbox_port: int, directory: Path) -> Iterator[Proxy]:
    """mitmdump on a free port, carrying *.twilio.com to the sandbox; its CA in `directory`."""
    if not MITMDUMP.is_file():
        raise RuntimeError(
            f"The live rehearsal needs mitmproxy at {MITMDUMP}: run `make test` (it installs "
            "requirements-proxy.txt into .venv-proxy), or set MITMDUMP to a mitmdump binary."
        )
    port = free_port()
    proxy = Proxy(port, directory / "mitmproxy-ca-cert.pem", directory / "paths.jsonl")
    command = [
        *mitmdump_command(
            MITMDUMP,
            port,
            directory,
            ADDON,
            sandbox_port=sandbox_port,
            path_log=proxy.path_log,
        ),
        "--quiet",
    ]
    log = (directory / "mitmdump.log").open("wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        proxy.wait_until_ready(process)
        yield proxy
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@dataclass(frozen=True)
class Proxy:
    port: int
    ca_bundle: Path
    path_log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_until_ready(self, process: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"mitmdump exited with {process.returncode}")
            if self.ca_bundle.is_file():
                try:
                    socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                    return
                except OSError:
                    pass
            time.sleep(0.1)
        raise RuntimeError("mitmdump did not start listening in time")

    def requests_seen(self) -> list[dict[str, str]]:
        if not self.path_log.is_file():
            return []
        lines = self.path_log.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line]


def live_environment(proxy: Proxy, *, allow_charges: bool) -> dict[str, str]:
    """What a learner sets for live mode, plus the standard proxy variables of the network."""
    return {
        "KIT_MODE": "live",
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "GROUP_PHONE_1": PHONE_1,
        "GROUP_PHONE_2": PHONE_2,
        "GROUP_PHONE_3": PHONE_3,
        "GROUP_CHAT_IDENTITY": "participant-3",
        "GROUP_TWILIO_NUMBERS": f"{NUMBER_1},{NUMBER_2}",
        "KIT_ALLOW_CHARGES": "yes" if allow_charges else "no",
        "HTTPS_PROXY": proxy.url,
        "https_proxy": proxy.url,
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
        "REQUESTS_CA_BUNDLE": str(proxy.ca_bundle),
    }


# --- the account as the learner had it before the kit ---------------------------------------


@dataclass
class Seeded:
    """The URLs of every resource the account held before the kit ran, read back as JSON."""

    urls: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    pair_holder: str = ""  # the conversation holding (third phone, number #2)
    support: str = ""  # the conversation of (participant #1's phone, the support line)

    def snapshot(self, client: Client) -> dict[str, Any]:
        return {url: read(client, url) for url in self.urls}


def read(client: Client, url: str) -> Any:
    response = client.request("GET", url)
    assert response.status_code == 200, (url, response.status_code, response.text)
    return json.loads(response.text)


def seed_account(client: Client) -> Seeded:
    """Numbers with their own names, conversations (one holding a pair the kit will want: the
    third phone on number #2; one where participant #1's phone texts the support line, a number
    the learner did not give the kit), an address configuration on number #2, account webhooks.
    Each conversation's fields, participants and messages are read back afterwards."""
    seeded = Seeded()
    api = f"https://api.twilio.com/2010-04-01/Accounts/{client.account_sid}"
    for number, name in (
        (NUMBER_1, "Main line"),
        (NUMBER_2, "Store: order updates"),
        (SUPPORT_LINE, "Support line"),
    ):
        bought = client.incoming_phone_numbers.create(phone_number=number, friendly_name=name)
        seeded.urls.append(f"{api}/IncomingPhoneNumbers/{bought.sid}.json")
        seeded.numbers.append(number)
    v1 = client.conversations.v1
    customer = v1.conversations.create(
        unique_name="customer-4711", friendly_name="Customer 4711", attributes='{"crm": 4711}'
    )
    holder = customer.participants.create(
        messaging_binding_address=PHONE_3,
        messaging_binding_proxy_address=NUMBER_2,
        attributes='{"role": "customer"}',
    )
    agent = customer.participants.create(identity="agent-ann", attributes='{"role": "agent"}')
    note = customer.messages.create(author="agent-ann", body="Your order has shipped.")
    delivered(client, customer.sid)  # a long-delivered text, as an account's would be
    seeded.pair_holder = customer.sid
    support = seed_support_ticket(client)
    seeded.support = support.sid
    standup = v1.conversations.create(friendly_name="Team standup", attributes="{}")
    base = "https://conversations.twilio.com/v1"
    seeded.urls += [
        f"{base}/Conversations/{customer.sid}/Participants/{holder.sid}",
        f"{base}/Conversations/{customer.sid}/Participants/{agent.sid}",
        f"{base}/Conversations/{customer.sid}/Messages/{note.sid}",
    ]
    for conversation in (customer, support, standup):
        seeded.urls += [
            f"{base}/Conversations/{conversation.sid}",
            f"{base}/Conversations/{conversation.sid}/Participants",
            f"{base}/Conversations/{conversation.sid}/Messages",
        ]
    config = v1.address_configurations.create(
        type="sms",
        address=NUMBER_2,
        friendly_name="Store: inbound orders",
        auto_creation_enabled=False,
    )
    seeded.urls.append(f"{base}/Configuration/Addresses/{config.sid}")
    v1.configuration.webhooks().update(
        post_webhook_url="https://hooks.example.invalid/conversations",
        method="POST",
        filters=["onConversationRemoved"],
    )
    seeded.urls += [f"{base}/Configuration/Webhooks", f"{base}/Configuration"]
    return seeded


def seed_support_ticket(client: Client) -> Any:
    """The learner's own support desk: participant #1's phone texted the support line, an agent
    answered by chat. It is the phone's first conversation, so a kit that offered every number
    the phone texts would offer the support line first."""
    ticket = client.conversations.v1.conversations.create(
        friendly_name="Support ticket 981", attributes='{"desk": "support"}'
    )
    ticket.participants.create(
        messaging_binding_address=PHONE_1, messaging_binding_proxy_address=SUPPORT_LINE
    )
    ticket.participants.create(identity="agent-sam")
    asked = phone_texts(client, PHONE_1, SUPPORT_LINE, "My router blinks red.")
    assert asked["conversation_sid"] == ticket.sid, asked
    ticket.messages.create(author="agent-sam", body="Unplug it for ten seconds.")
    delivered(client, ticket.sid)
    return ticket


# --- the learner ------------------------------------------------------------------------------


@dataclass
class Learner:
    """Texts from the phone a cell names, through the sandbox's phone network (never the kit)."""

    sandbox: SandboxServer
    texted: list[tuple[str, str, str]] = field(default_factory=list)

    def answer(self, line: str) -> None:
        found = PROMPT.search(line)
        if found is None:
            return
        phone, body, number = found.group(1), ast.literal_eval(found.group(2)), found.group(3)
        self.texted.append((phone, body, number))
        threading.Thread(target=self._text, args=(phone, number, body), daemon=True).start()

    def _text(self, phone: str, number: str, body: str) -> None:
        time.sleep(0.5)  # a person reads the prompt, then types
        reply = requests.post(
            f"{self.sandbox.url}/sandbox/Phones/{requests.utils.quote(phone)}/Messages",
            data={"To": number, "Body": body},
            auth=(self.sandbox.account_sid, self.sandbox.auth_token),
            timeout=30,
        )
        reply.raise_for_status()


class LearnerAtTheKeyboard(NotebookClient):
    """nbclient that shows the learner each line a cell prints, while the cell still runs."""

    def __init__(self, book: nbformat.NotebookNode, learner: Learner, **options: Any) -> None:
        super().__init__(book, **options)
        self.learner = learner

    def output(
        self,
        outs: list[nbformat.NotebookNode],
        msg: dict[str, Any],
        display_id: str | None,
        cell_index: int,
    ) -> nbformat.NotebookNode | None:
        if msg["msg_type"] == "stream":
            for line in msg["content"].get("text", "").splitlines():
                self.learner.answer(line)
        return super().output(outs, msg, display_id, cell_index)
