"""What imports and backfills give, through the real SDK: DateCreated and DateUpdated on
conversation, participant and message writes, the conversations list's StartDate and EndDate,
and a message's ContentSid and ContentVariables kept (no templates offline)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from tests.support.group import PHONE_1

THEN = datetime(2020, 5, 17, 9, 30, tzinfo=UTC)
LATER = datetime(2020, 5, 18, 10, 0, tzinfo=UTC)


def test_an_imported_conversation_keeps_its_dates(client: Client) -> None:
    conversations = client.conversations.v1.conversations
    imported = conversations.create(friendly_name="2020 trip", date_created=THEN)
    assert imported.date_created == THEN and imported.date_updated == THEN
    updated = conversations(imported.sid).update(date_updated=LATER)
    assert (updated.date_created, updated.date_updated) == (THEN, LATER)
    touched = conversations(imported.sid).update(friendly_name="renamed")
    assert touched.date_updated > LATER  # no date given: now


def test_imported_participants_and_messages_keep_their_dates(
    client: Client, numbers: list[str]
) -> None:
    conversation = client.conversations.v1.conversations.create(date_created=THEN)
    participant = conversation.participants.create(
        identity="ana", date_created=THEN, date_updated=LATER
    )
    assert (participant.date_created, participant.date_updated) == (THEN, LATER)
    moved = conversation.participants(participant.sid).update(date_created=LATER)
    assert moved.date_created == LATER
    message = conversation.messages.create(author="ana", body="from 2020", date_created=THEN)
    assert (message.date_created, message.date_updated) == (THEN, THEN)
    edited = conversation.messages(message.sid).update(body="edited", date_updated=LATER)
    assert (edited.body, edited.date_updated) == ("edited", LATER)


def test_a_date_that_is_not_iso_8601_is_refused_and_nothing_is_stored(client: Client) -> None:
    conversations = client.conversations.v1.conversations
    with pytest.raises(TwilioRestException) as refused:
        conversations.create(friendly_name="bad", date_created="17/05/2020")
    assert (refused.value.code, refused.value.status) == (20001, 400)
    assert "ISO 8601" in refused.value.msg
    assert conversations.list() == []
    conversation = conversations.create()
    with pytest.raises(TwilioRestException):
        conversation.messages.create(body="x", date_updated="yesterday")
    assert conversation.messages.list() == []


def test_the_conversations_list_filters_by_creation_dates(client: Client) -> None:
    conversations = client.conversations.v1.conversations
    old = conversations.create(friendly_name="old", date_created=THEN).sid
    new = conversations.create(friendly_name="new").sid
    assert [c.sid for c in conversations.list(start_date="2021-01-01")] == [new]
    assert [c.sid for c in conversations.list(end_date="2020-05-17")] == [old]
    assert [c.sid for c in conversations.list(end_date="2020-05-17T09:00:00Z")] == []
    both = conversations.list(start_date="2020-05-17", end_date="2099-01-01")
    assert [c.sid for c in both] == [old, new]


def test_content_sid_and_variables_are_kept_and_read_back(
    client: Client, numbers: list[str]
) -> None:
    conversation = client.conversations.v1.conversations.create()
    conversation.participants.create(
        messaging_binding_address=PHONE_1, messaging_binding_proxy_address=numbers[0]
    )
    message = conversation.messages.create(
        author="shop",
        content_sid="HX" + "1" * 32,
        content_variables='{"1": "Ana"}',
        subject="ignored offline",
    )
    assert message.content_sid == "HX" + "1" * 32 and message.body is None
    assert conversation.messages(message.sid).fetch().content_sid == "HX" + "1" * 32
    assert client.messages.list() == []  # no template is rendered offline: nothing to text


@pytest.mark.parametrize(
    ("sid", "variables"), [("HX123", None), ("HX" + "1" * 32, "not json"), ("MM" + "1" * 32, None)]
)
def test_a_wrong_content_sid_or_variables_is_refused(
    client: Client, sid: str, variables: str | None
) -> None:
    conversation = client.conversations.v1.conversations.create()
    with pytest.raises(TwilioRestException) as refused:
        conversation.messages.create(content_sid=sid, content_variables=variables)
    assert (refused.value.code, refused.value.status) == (20001, 400)
    assert conversation.messages.list() == []


def test_conversation_with_participants_keeps_an_imports_dates(client: Client) -> None:
    made = client.conversations.v1.conversation_with_participants.create(
        friendly_name="imported", date_created=THEN, participant=['{"identity": "ana"}']
    )
    assert client.conversations.v1.conversations(made.sid).fetch().date_created == THEN
