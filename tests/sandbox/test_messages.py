"""Messages: gap-free index, authors, delivery summaries and receipts, order and paging."""

from __future__ import annotations

from typing import Any

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from helpers.receipts import await_receipts
from tests.support.group import CHAT_IDENTITY, PHONE_1, make_group
from tests.support.pages import list_error


@pytest.fixture
def group(client: Client, numbers: list[str]) -> Any:
    """The quickstart's cast: two SMS participants on different numbers, one chat participant."""
    return make_group(client, buy_numbers=False).conversation


def test_index_counts_from_zero_without_gaps(group: Any) -> None:
    created = [group.messages.create(author=CHAT_IDENTITY, body=f"message {i}") for i in range(5)]
    assert [m.index for m in created] == [0, 1, 2, 3, 4]
    group.messages(created[2].sid).delete()
    assert group.messages.create(body="after a delete").index == 5
    assert [m.index for m in group.messages.list()] == [0, 1, 3, 4, 5]


def test_an_index_is_never_reused_after_the_newest_message_is_deleted(group: Any) -> None:
    """Twilio's Message resource: indices are in order but may skip numbers, never repeat."""
    newest = [group.messages.create(body=f"message {i}") for i in range(3)][-1]
    group.messages(newest.sid).delete()
    assert group.messages.create(body="after deleting the newest").index == 3
    assert [(m.index, m.body) for m in group.messages.list()] == [
        (0, "message 0"),
        (1, "message 1"),
        (3, "after deleting the newest"),
    ]


def test_author_defaults_to_system_and_participant_sid_follows_author(group: Any) -> None:
    alice = group.participants(CHAT_IDENTITY).fetch()
    program = group.messages.create(body="from a program")
    chat = group.messages.create(author=CHAT_IDENTITY, body="from alice")
    phone = group.messages.create(author=PHONE_1, body="as if from the phone")
    assert (program.author, program.participant_sid) == ("system", None)
    assert (chat.author, chat.participant_sid) == (CHAT_IDENTITY, alice.sid)
    assert phone.participant_sid.startswith("MB")
    assert chat.sid.startswith("IM") and len(chat.sid) == 34
    assert set(chat.links) == {"delivery_receipts", "channel_metadata"}


def test_delivery_summary_and_receipts(client: Client, group: Any) -> None:
    message = group.messages.create(author=CHAT_IDENTITY, body="hi")
    assert message.delivery["sent"] == "all"  # handed to the carriers; they report a moment later
    await_receipts(client, message.conversation_sid)  # until the carriers report, as the kit waits
    message = group.messages(message.sid).fetch()
    assert message.delivery == {
        "total": 2,
        "sent": "none",
        "delivered": "all",
        "read": "none",
        "failed": "none",
        "undelivered": "none",
    }
    receipts = group.messages(message.sid).delivery_receipts.list()
    assert len(receipts) == 2 and {r.status for r in receipts} == {"delivered"}
    assert all(r.sid.startswith("DY") and r.channel_message_sid.startswith("SM") for r in receipts)
    fetched = group.messages(message.sid).delivery_receipts(receipts[0].sid).fetch()
    assert fetched.participant_sid == receipts[0].participant_sid
    # Each receipt names the SMS that carried the message to its participant, in the SMS log.
    for receipt in receipts:
        phone = group.participants(receipt.participant_sid).fetch().messaging_binding["address"]
        sms = client.messages(receipt.channel_message_sid).fetch()
        assert (sms.to, sms.body, sms.direction) == (phone, "hi", "outbound-api")
    assert {r.participant_sid for r in receipts} == {
        p.sid for p in group.participants.list() if p.messaging_binding
    }


def test_attributes_given_at_creation_are_kept(group: Any) -> None:
    tagged = group.messages.create(
        author=CHAT_IDENTITY, body="hi", attributes='{"importance": "high"}'
    )
    plain = group.messages.create(author=CHAT_IDENTITY, body="hello")
    assert [(m.sid, m.attributes) for m in group.messages.list()] == [
        (tagged.sid, '{"importance": "high"}'),
        (plain.sid, "{}"),
    ]


def test_update_and_fetch(group: Any) -> None:
    message = group.messages.create(author=CHAT_IDENTITY, body="typo")
    group.messages(message.sid).update(body="fixed", attributes='{"edited": true}')
    fetched = group.messages(message.sid).fetch()
    assert (fetched.body, fetched.attributes, fetched.index) == ("fixed", '{"edited": true}', 0)


def test_order_and_paging_over_several_pages(group: Any) -> None:
    for i in range(23):
        group.messages.create(body=f"m{i}")
    ascending = [m.index for m in group.messages.list(page_size=5)]
    assert ascending == list(range(23))
    descending = [m.index for m in group.messages.list(order="desc", page_size=5)]
    assert descending == list(range(22, -1, -1))
    first = group.messages.page(page_size=10)
    second = first.next_page()
    third = second.next_page()
    assert [len(list(p)) for p in (first, second, third)] == [10, 10, 3]
    assert third.next_page() is None
    assert [m.index for m in second.previous_page()] == list(range(10))


def test_message_without_body_is_refused(group: Any) -> None:
    with pytest.raises(TwilioRestException) as error:
        group.messages.create(body="")
    assert (error.value.status, error.value.code) == (400, 50503)
    assert group.messages.list() == []


def test_unknown_order_is_refused(group: Any) -> None:
    body = list_error(lambda: group.messages.list(order="sideways"))
    assert (body["status"], body["code"]) == (400, 20001)


def test_unknown_message_is_404(group: Any) -> None:
    with pytest.raises(TwilioRestException) as error:
        group.messages("IM" + "0" * 32).fetch()
    assert (error.value.status, error.value.code) == (404, 20404)


def test_page_size_over_the_maximum_is_refused(group: Any) -> None:
    body = list_error(lambda: group.messages.page(page_size=101))
    assert (body["status"], body["code"]) == (400, 20007)  # "Page size too large"
    assert "PageSize" in body["message"]
