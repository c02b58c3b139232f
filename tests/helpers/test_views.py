"""pandas views of the account, read through the real SDK from the sandbox."""

from __future__ import annotations

import pandas as pd
from twilio.rest import Client

from helpers import views
from helpers.journey import journey
from helpers.receipts import await_receipts
from tests.support.group import PHONE_1, PHONE_2, WALKTHROUGH_CHAT_IDENTITY, make_group


def quickstart(client: Client, numbers: list[str]) -> str:
    """The quickstart's conversation: #1 on number #1, #2 on number #2, #3 on chat."""
    made = make_group(client, "views", buy_numbers=False, chat_identity=WALKTHROUGH_CHAT_IDENTITY)
    return made.conversation_sid


# What a learner sees as the tables' headers, written out: a column dropped from a view (or from
# its module's list of columns) fails here.
CONVERSATION_COLUMNS = [
    "sid", "unique_name", "friendly_name", "state", "attributes", "date_created", "date_updated",
]  # fmt: skip
PARTICIPANT_COLUMNS = [
    "sid", "kind", "identity", "address", "proxy_address", "attributes", "date_created",
    "projected_address",
]  # fmt: skip
MESSAGE_COLUMNS = [
    "index", "author", "author_kind", "participant_sid", "body", "delivery", "date_created", "sid",
]  # fmt: skip
RECEIPT_COLUMNS = [
    "index", "body", "recipient", "recipient_kind", "status", "channel_message_sid",
    "participant_sid", "message_sid", "error_code",
]  # fmt: skip
SMS_COLUMNS = ["date_sent", "direction", "from", "to", "body", "status", "sid"]
PAIR_COLUMNS = [
    "address", "proxy_address", "conversation_sid", "unique_name", "state", "participant_sid",
]  # fmt: skip


def test_empty_account_gives_empty_frames_with_columns(client: Client) -> None:
    assert list(views.conversations(client).columns) == CONVERSATION_COLUMNS
    table = views.pairs(client)
    assert table.empty and list(table.columns) == PAIR_COLUMNS
    log = views.sms_log(client, PHONE_1)
    assert log.empty and list(log.columns) == SMS_COLUMNS
    empty = client.conversations.v1.conversations.create().sid
    assert list(views.participants(client, empty).columns) == PARTICIPANT_COLUMNS
    assert list(views.messages(client, empty).columns) == MESSAGE_COLUMNS
    assert list(views.delivery_receipts(client, empty).columns) == RECEIPT_COLUMNS


def test_every_view_fills_every_column(client: Client, numbers: list[str], text) -> None:
    """With rows, each view has its columns and a value in each one a learner reads."""
    sid = quickstart(client, numbers)
    text(PHONE_1, numbers[0], "hello")
    await_receipts(client, sid)  # the carriers report a moment after the send
    tables = {
        "conversations": (views.conversations(client), CONVERSATION_COLUMNS),
        "participants": (views.participants(client, sid), PARTICIPANT_COLUMNS),
        "messages": (views.messages(client, sid), MESSAGE_COLUMNS),
        "receipts": (views.delivery_receipts(client, sid), RECEIPT_COLUMNS),
        "sms_log": (views.sms_log(client, PHONE_1), SMS_COLUMNS),
        "pairs": (views.pairs(client), PAIR_COLUMNS),
    }
    for name, (table, columns) in tables.items():
        assert list(table.columns) == columns, name
        assert len(table) > 0, name
    (receipt,) = tables["receipts"][0].itertuples(index=False)
    assert receipt._asdict() == {
        "index": 0,
        "body": "hello",
        "recipient": PHONE_2,
        "recipient_kind": "sms",
        "status": "delivered",
        "channel_message_sid": receipt.channel_message_sid,
        "participant_sid": tables["participants"][0]["sid"].iloc[1],
        "message_sid": tables["messages"][0]["sid"].iloc[0],
        "error_code": None,  # delivered: no error
    }
    pairs = tables["pairs"][0]
    assert list(pairs["unique_name"]) == ["views", "views"]
    assert list(pairs["participant_sid"]) == list(tables["participants"][0]["sid"][:2])


def test_participants_have_kind_and_binding(client: Client, numbers: list[str]) -> None:
    sid = quickstart(client, numbers)
    table = views.participants(client, sid)
    assert list(table["kind"]) == ["sms", "sms", "chat"]
    assert list(table["address"][:2]) == [PHONE_1, PHONE_2]
    assert list(table["proxy_address"][:2]) == numbers
    assert table["identity"].iloc[2] == WALKTHROUGH_CHAT_IDENTITY and pd.isna(
        table["address"].iloc[2]
    )
    assert table["sid"].str.startswith("MB").all()


def test_messages_know_their_authors_kind(client: Client, numbers: list[str], text) -> None:
    sid = quickstart(client, numbers)
    text(PHONE_1, numbers[0], "from the phone")
    client.conversations.v1.conversations(sid).messages.create(
        author=WALKTHROUGH_CHAT_IDENTITY, body="from chat"
    )
    client.conversations.v1.conversations(sid).messages.create(body="from a program")
    history = views.messages(client, sid)
    assert list(history["index"]) == [0, 1, 2]
    assert list(history["author"]) == [PHONE_1, WALKTHROUGH_CHAT_IDENTITY, "system"]
    assert list(history["author_kind"]) == ["sms", "chat", "system"]
    assert pd.isna(history["participant_sid"].iloc[2])
    latest = views.messages(client, sid, limit=2)
    assert list(latest["body"]) == ["from chat", "from a program"]


def test_messages_page_through_long_histories(client: Client, numbers: list[str]) -> None:
    sid = quickstart(client, numbers)
    for n in range(250):
        client.conversations.v1.conversations(sid).messages.create(body=f"#{n}")
    history = views.messages(client, sid)
    assert list(history["index"]) == list(range(250))
    assert list(views.messages(client, sid, limit=120)["index"]) == list(range(130, 250))


def test_delivery_receipts_are_message_by_recipient(client: Client, numbers, text) -> None:
    sid = quickstart(client, numbers)
    text(PHONE_1, numbers[0], "hello")
    client.conversations.v1.conversations(sid).messages.create(
        author=WALKTHROUGH_CHAT_IDENTITY, body="hi both"
    )
    await_receipts(client, sid)  # the carriers report a moment after the send
    receipts = views.delivery_receipts(client, sid)
    rows = list(receipts[["index", "recipient", "status"]].itertuples(index=False, name=None))
    assert rows == [(0, PHONE_2, "delivered"), (1, PHONE_1, "delivered"), (1, PHONE_2, "delivered")]
    assert receipts["channel_message_sid"].str.startswith("SM").all()
    assert list(views.delivery_receipts(client, sid, limit=1)["index"]) == [1, 1]


def test_sms_log_has_both_directions_oldest_first(client: Client, numbers, text) -> None:
    sid = quickstart(client, numbers)
    text(PHONE_1, numbers[0], "first")
    client.conversations.v1.conversations(sid).messages.create(
        author=WALKTHROUGH_CHAT_IDENTITY, body="second"
    )
    text(PHONE_2, numbers[1], "third")
    log = views.sms_log(client, PHONE_1)
    assert list(log["body"]) == ["first", "second", "third"]
    assert list(log["direction"]) == ["inbound", "outbound-api", "outbound-api"]
    assert list(log["from"]) == [PHONE_1, numbers[0], numbers[0]]
    assert log["sid"].is_unique
    assert list(views.sms_log(client, PHONE_1, limit=2)["body"]) == ["second", "third"]


def test_pairs_lists_every_pair_with_its_state(client: Client, numbers: list[str]) -> None:
    first = quickstart(client, numbers)
    second = client.conversations.v1.conversations.create()
    client.conversations.v1.conversations(second.sid).participants.create(
        messaging_binding_address=PHONE_1, messaging_binding_proxy_address=numbers[1]
    )
    client.conversations.v1.conversations(second.sid).update(state="closed")
    table = views.pairs(client)
    pairs = set(
        table[["address", "proxy_address", "conversation_sid", "state"]].itertuples(
            index=False, name=None
        )
    )
    assert pairs == {
        (PHONE_1, numbers[0], first, "active"),
        (PHONE_2, numbers[1], first, "active"),
        (PHONE_1, numbers[1], second.sid, "closed"),
    }


def summary(total: int, **states: str) -> dict[str, object]:
    """A message's `delivery` as Twilio gives it: each state `all`, `some` or `none`."""
    keys = ("sent", "delivered", "read", "failed", "undelivered")
    return {"total": total, **{key: states.get(key, "none") for key in keys}}


def test_a_messages_delivery_reads_in_a_word_as_a_phone_shows_it() -> None:
    """Twilio's summary (all/some/none per state) becomes what a phone shows under a text."""
    assert views.delivery_state(None) == ""
    assert views.delivery_state(summary(0)) == ""  # chat only: no SMS to deliver
    assert views.delivery_state(summary(2, sent="all")) == "sent"
    assert views.delivery_state(summary(2, sent="some", delivered="some")) == "sent"
    assert views.delivery_state(summary(2, delivered="all")) == "delivered"
    assert views.delivery_state(summary(2, read="all")) == "delivered"
    assert views.delivery_state(summary(2, delivered="some", failed="some")) == "failed"
    assert views.delivery_state(summary(2, delivered="some", undelivered="some")) == "failed"


def test_a_group_mms_shows_projected_addresses_and_each_phones_screen(
    client: Client, numbers: list[str]
) -> None:
    group = client.conversations.v1.conversations.create(friendly_name="Group MMS").sid
    people = client.conversations.v1.conversations(group).participants
    people.create(messaging_binding_address=PHONE_1)
    people.create(messaging_binding_address=PHONE_2)
    people.create(
        identity=WALKTHROUGH_CHAT_IDENTITY, messaging_binding_projected_address=numbers[0]
    )
    table = views.participants(client, group)
    assert list(table["kind"]) == ["sms", "sms", "chat"]
    assert list(table["projected_address"].fillna("")) == ["", "", numbers[0]]
    client.conversations.v1.conversations(group).messages.create(
        author=WALKTHROUGH_CHAT_IDENTITY, body="hi all"
    )
    screen = views.phone_screen(client, PHONE_2)
    assert list(screen["members"]) == [f"{PHONE_1}, {numbers[0]}"]
    assert list(screen[["direction", "from", "body"]].iloc[0]) == ["received", numbers[0], "hi all"]
    picture = journey(client, group)
    assert picture.group and picture.sender.twilio_number == numbers[0]
    assert [(hop.who, hop.twilio_number) for hop in picture.recipients] == [
        (PHONE_1, f"MMS from {numbers[0]}"),
        (PHONE_2, f"MMS from {numbers[0]}"),
    ]
    assert "Group MMS" in picture._repr_svg_()
