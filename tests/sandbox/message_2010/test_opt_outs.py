"""Opt-outs: a phone that texts STOP to a Twilio number gets nothing more from that number.

Keywords and replies from Twilio's "Twilio support for opt-out keywords (SMS STOP filtering)"
(help.twilio.com/articles/223134027) and the Advanced Opt-Out tutorial
(https://www.twilio.com/docs/messaging/tutorials/advanced-opt-out), read 2026-11-26; a send
to an opted-out pair fails with 21610 (https://www.twilio.com/docs/api/errors/21610).
"""

from __future__ import annotations

from typing import Any

import pytest
from twilio.rest import Client

from tests.support.group import CHAT_IDENTITY, PHONE_1, PHONE_2, make_group

UNSUBSCRIBED = (
    "You have successfully been unsubscribed. You will not receive any more messages from "
    "this number. Reply START to resubscribe."
)
RESUBSCRIBED = (
    "You have successfully been re-subscribed to messages from this number. Reply HELP for "
    "help. Reply STOP to unsubscribe. Msg&Data Rates May Apply."
)
HELP = "Reply STOP to unsubscribe. Msg&Data Rates May Apply."


def received(client: Client, phone: str) -> list[tuple[str, str]]:
    """(from which Twilio number, body) of each text `phone` got, oldest first."""
    return [(m.from_, m.body) for m in reversed(client.messages.list(to=phone))]


@pytest.fixture
def group(client: Client, numbers: list[str]) -> Any:
    return make_group(client, buy_numbers=False).conversation


@pytest.mark.parametrize("word", ["STOP", "stop", "Unsubscribe", "END", "QUIT", "STOPALL",
                                  "REVOKE", "OPTOUT", "CANCEL"])  # fmt: skip
def test_an_opt_out_word_gets_twilios_reply_and_stops_that_number(
    client: Client, numbers: list[str], group: Any, text: Any, word: str
) -> None:
    text(PHONE_1, numbers[0], word)
    assert received(client, PHONE_1) == [(numbers[0], UNSUBSCRIBED)]
    reply = client.messages.list(to=PHONE_1)[0]
    assert reply.direction == "outbound-reply"

    news = group.messages.create(author=CHAT_IDENTITY, body="News for everyone")
    assert received(client, PHONE_1) == [(numbers[0], UNSUBSCRIBED)]  # nothing more from number #1
    assert received(client, PHONE_2)[-1] == (numbers[1], "News for everyone")
    receipts = {r.participant_sid: r for r in group.messages(news.sid).delivery_receipts.list()}
    p1 = next(p for p in group.participants.list() if p.messaging_binding and
              p.messaging_binding["address"] == PHONE_1)  # fmt: skip
    assert (receipts[p1.sid].status, receipts[p1.sid].error_code) == ("failed", 21610)
    assert group.messages(news.sid).fetch().delivery["failed"] == "some"


def test_only_a_single_word_is_a_keyword(
    client: Client, numbers: list[str], group: Any, text: Any
) -> None:
    text(PHONE_1, numbers[0], "Stop the car, please")
    assert received(client, PHONE_1) == []
    group.messages.create(author=CHAT_IDENTITY, body="Still here")
    assert received(client, PHONE_1) == [(numbers[0], "Still here")]


def test_start_opts_back_in(client: Client, numbers: list[str], group: Any, text: Any) -> None:
    text(PHONE_1, numbers[0], "STOP")
    text(PHONE_1, numbers[0], "start")
    assert received(client, PHONE_1) == [(numbers[0], UNSUBSCRIBED), (numbers[0], RESUBSCRIBED)]
    group.messages.create(author=CHAT_IDENTITY, body="Welcome back")
    assert received(client, PHONE_1)[-1] == (numbers[0], "Welcome back")


@pytest.mark.parametrize("word", ["YES", "UNSTOP"])
def test_the_other_opt_in_words(
    client: Client, numbers: list[str], group: Any, text: Any, word: str
) -> None:
    text(PHONE_1, numbers[0], "STOP")
    text(PHONE_1, numbers[0], word)
    group.messages.create(author=CHAT_IDENTITY, body="Welcome back")
    assert received(client, PHONE_1)[-1] == (numbers[0], "Welcome back")


@pytest.mark.parametrize("word", ["HELP", "info"])
def test_help_gets_the_help_reply_and_changes_nothing(
    client: Client, numbers: list[str], group: Any, text: Any, word: str
) -> None:
    text(PHONE_1, numbers[0], word)
    assert received(client, PHONE_1) == [(numbers[0], HELP)]
    group.messages.create(author=CHAT_IDENTITY, body="Hello")
    assert received(client, PHONE_1)[-1] == (numbers[0], "Hello")


def test_the_keyword_still_reaches_the_conversation(
    client: Client, numbers: list[str], group: Any, text: Any
) -> None:
    # Twilio blocks the pair, replies, "and then pass[es] the message on" to the application.
    text(PHONE_1, numbers[0], "STOP")
    assert [(m.author, m.body) for m in group.messages.list()] == [(PHONE_1, "STOP")]
    assert received(client, PHONE_2) == [(numbers[1], "STOP")]


def test_an_opt_out_is_per_twilio_number(
    client: Client, numbers: list[str], group: Any, text: Any
) -> None:
    # The same phone in another conversation through number #2 still gets its texts: the
    # block is for the pair (phone, number #1) only, which is what cuts P1 off every
    # conversation that reaches them through number #1.
    other = client.conversations.v1.conversations(
        client.conversations.v1.conversations.create().sid
    )
    other.participants.create(
        messaging_binding_address=PHONE_1, messaging_binding_proxy_address=numbers[1]
    )
    text(PHONE_1, numbers[0], "STOP")
    other.messages.create(body="From the other group")
    assert received(client, PHONE_1)[-1] == (numbers[1], "From the other group")
