"""Conversations through the real SDK: create, fetch by SID or unique name, update, list, delete."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.rest import Client

from helpers.phones import send_text
from tests.support.group import PHONE_1
from tests.support.sandbox_server import start_sandbox


def test_create_returns_twilio_shaped_conversation(client: Client) -> None:
    conversation = client.conversations.v1.conversations.create(
        friendly_name="Dinner plans", unique_name="dinner", attributes=json.dumps({"kit": True})
    )
    assert conversation.sid.startswith("CH") and len(conversation.sid) == 34
    assert conversation.account_sid == client.account_sid
    assert conversation.chat_service_sid.startswith("IS")
    assert conversation.state == "active"
    assert json.loads(conversation.attributes) == {"kit": True}
    assert (
        conversation.url == f"https://conversations.twilio.com/v1/Conversations/{conversation.sid}"
    )
    assert set(conversation.links) == {"participants", "messages", "webhooks", "export"}
    assert conversation.date_created is not None and conversation.date_created.tzinfo is not None


def test_attributes_default_to_empty_json_object(client: Client) -> None:
    assert client.conversations.v1.conversations.create().attributes == "{}"


def test_fetch_by_sid_and_by_unique_name(client: Client) -> None:
    created = client.conversations.v1.conversations.create(unique_name="book-club")
    by_sid = client.conversations.v1.conversations(created.sid).fetch()
    by_name = client.conversations.v1.conversations("book-club").fetch()
    assert by_sid.sid == by_name.sid == created.sid


def test_update_friendly_name_attributes_and_state(client: Client) -> None:
    created = client.conversations.v1.conversations.create(friendly_name="Old")
    updated = client.conversations.v1.conversations(created.sid).update(
        friendly_name="New", attributes='{"topic": "trip"}', state="inactive"
    )
    assert (updated.friendly_name, updated.attributes, updated.state) == (
        "New",
        '{"topic": "trip"}',
        "inactive",
    )
    assert client.conversations.v1.conversations(created.sid).fetch().friendly_name == "New"


def test_a_unique_name_can_change_but_not_to_a_taken_one(client: Client) -> None:
    conversations = client.conversations.v1.conversations
    club = conversations.create(unique_name="book-club")
    team = conversations.create(unique_name="team")
    assert conversations(club.sid).update(unique_name="reading-group").unique_name == (
        "reading-group"
    )
    assert conversations("reading-group").fetch().sid == club.sid
    assert refusal(conversations("book-club").fetch) == (404, 20404)
    for taken, status, code in (("team", 409, 50353), ("CH" + "b" * 32, 400, 50390)):
        with pytest.raises(TwilioRestException) as error:
            conversations(club.sid).update(unique_name=taken)
        assert (error.value.status, error.value.code) == (status, code)
    assert [(c.sid, c.unique_name) for c in conversations.list()] == [
        (club.sid, "reading-group"),
        (team.sid, "team"),
    ]


def test_list_pages_through_every_conversation(client: Client) -> None:
    sids = [client.conversations.v1.conversations.create().sid for _ in range(7)]
    listed = [c.sid for c in client.conversations.v1.conversations.list(page_size=3)]
    assert listed == sids
    page = client.conversations.v1.conversations.page(page_size=3)
    assert page.next_page_url.startswith("https://conversations.twilio.com/v1/Conversations?")
    assert [c.sid for c in page.next_page()] == sids[3:6]


def test_list_filters_by_state(client: Client) -> None:
    active = client.conversations.v1.conversations.create()
    closed = client.conversations.v1.conversations.create(state="closed")
    assert [c.sid for c in client.conversations.v1.conversations.list(state="closed")] == [
        closed.sid
    ]
    assert active.sid in [c.sid for c in client.conversations.v1.conversations.list()]


def refusal(call: Callable[[], object]) -> tuple[int, int]:
    """(status, code) of Twilio's error; a list's refused page comes as TwilioException(msg,
    response) from the SDK, a fetch's as TwilioRestException."""
    with pytest.raises(TwilioException) as error:
        call()
    if isinstance(error.value, TwilioRestException):
        return error.value.status, error.value.code
    response = error.value.args[1]
    return response.status_code, json.loads(response.text)["code"]


def test_delete_removes_conversation_participants_and_messages(tmp_path: Path) -> None:
    """Everything in a deleted conversation goes with it (participants, messages, receipts,
    webhooks) and its pairs are free: seen through the API, then in the database for what no
    API shows (rows left behind that no list reaches; the sandbox holds its database alone, so
    this test has a sandbox of its own, stopped before the database is read)."""
    server = start_sandbox(tmp_path)
    try:
        deleted = delete_a_full_conversation(server.client())
    finally:
        server.stop()
    with closing(sqlite3.connect(server.db_path)) as db:
        left = {
            table: db.execute(
                f"SELECT COUNT(*) FROM {table} WHERE conversation_sid = ?", (deleted,)
            ).fetchone()[0]
            for table in ("participants", "messages", "receipts", "conversation_webhooks")
        }
    assert left == {"participants": 0, "messages": 0, "receipts": 0, "conversation_webhooks": 0}


def delete_a_full_conversation(client: Client) -> str:
    """A conversation with a phone, a chat user, a message, its receipt and a webhook, deleted,
    and what the API shows of it afterwards checked; its SID."""
    number = client.incoming_phone_numbers.create(phone_number="+15005550006").phone_number
    v1 = client.conversations.v1
    conversation = v1.conversations.create()
    handle = v1.conversations(conversation.sid)
    handle.participants.create(
        messaging_binding_address=PHONE_1, messaging_binding_proxy_address=number
    )
    handle.participants.create(identity="alice")
    message = handle.messages.create(author="alice", body="hello")
    (receipt,) = handle.messages(message.sid).delivery_receipts.list()
    webhook = handle.webhooks.create(
        target="webhook",
        configuration_url="https://hooks.example.com/deleted",
        configuration_filters=["onMessageAdded"],
    )
    assert handle.delete() is True
    for gone in (
        handle.fetch,
        handle.participants.list,
        handle.messages.list,
        handle.messages(message.sid).fetch,
        handle.messages(message.sid).delivery_receipts.list,
        handle.messages(message.sid).delivery_receipts(receipt.sid).fetch,
        handle.webhooks.list,
        handle.webhooks(webhook.sid).fetch,
    ):
        assert refusal(gone) == (404, 20404)
    # Its participants are in no conversation any more, for the phone and for the chat user ...
    assert v1.participant_conversations.list(address=PHONE_1) == []
    assert v1.participant_conversations.list(identity="alice") == []
    # ... the pair it held is free again: another conversation can take it, and the phone's
    # next text to that number lands there ...
    other = v1.conversations.create()
    joined = v1.conversations(other.sid).participants.create(
        messaging_binding_address=PHONE_1, messaging_binding_proxy_address=number
    )
    assert [p.sid for p in v1.conversations(other.sid).participants.list()] == [joined.sid]
    assert send_text(client, PHONE_1, number, "still there?").conversation_sid == other.sid
    # ... and its messages are not there to be found.
    assert [m.body for m in v1.conversations(other.sid).messages.list()] == ["still there?"]
    assert [c.sid for c in v1.conversations.list()] == [other.sid]
    return str(conversation.sid)


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"unique_name": "CH" + "a" * 32}, 400, 50390),
        ({"timers_closed": "PT10M"}, 400, 50382),
        ({"state": "sleeping"}, 400, 20001),
        ({"attributes": "{not json"}, 400, 20001),
        ({"timers_closed": "ten minutes", "state": "active"}, 400, 20001),
    ],
)
def test_create_refuses_bad_input(client: Client, kwargs: dict, status: int, code: int) -> None:
    with pytest.raises(TwilioRestException) as error:
        client.conversations.v1.conversations.create(**kwargs)
    assert (error.value.status, error.value.code) == (status, code)
    assert list(client.conversations.v1.conversations.list()) == []


def test_unique_name_taken_is_409_50353(client: Client) -> None:
    first = client.conversations.v1.conversations.create(unique_name="team")
    with pytest.raises(TwilioRestException) as error:
        client.conversations.v1.conversations.create(unique_name="team")
    assert (error.value.status, error.value.code) == (409, 50353)
    assert first.sid in error.value.msg
    assert [c.sid for c in client.conversations.v1.conversations.list()] == [first.sid]


def test_closed_conversation_cannot_be_reopened(client: Client) -> None:
    conversation = client.conversations.v1.conversations.create(state="closed")
    with pytest.raises(TwilioRestException) as error:
        client.conversations.v1.conversations(conversation.sid).update(state="active")
    assert (error.value.status, error.value.code) == (400, 50377)
    assert client.conversations.v1.conversations(conversation.sid).fetch().state == "closed"


def test_unknown_conversation_is_404_20404(client: Client) -> None:
    for key in ("CH" + "0" * 32, "no-such-unique-name"):
        with pytest.raises(TwilioRestException) as error:
            client.conversations.v1.conversations(key).fetch()
        assert (error.value.status, error.value.code) == (404, 20404)
