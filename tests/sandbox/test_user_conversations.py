"""User Conversations (`/v1/Users/{User}/Conversations`, and a service's): the conversations a
User is in, with its read horizon, unread count and notification level, through the real SDK."""

from __future__ import annotations

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

USERS = "https://conversations.twilio.com/v1/Users"


def _group(client: Client, name: str, messages: int) -> str:
    conversation = client.conversations.v1.conversations.create(friendly_name=name)
    chat = client.conversations.v1.conversations(conversation.sid)
    chat.participants.create(identity="ann")
    for n in range(messages):
        chat.messages.create(author="system", body=f"{name} {n}")
    return conversation.sid


def test_a_user_lists_the_conversations_they_are_in_only(client: Client) -> None:
    user = client.conversations.v1.users.create(identity="ann")
    first, second = _group(client, "walk", 1), _group(client, "run", 0)
    client.conversations.v1.conversations.create(friendly_name="not ann's")
    listed = client.conversations.v1.users(user.sid).user_conversations.list(page_size=1)
    assert [(uc.conversation_sid, uc.friendly_name) for uc in listed] == [
        (first, "walk"),
        (second, "run"),
    ]
    one = listed[0]
    assert one.user_sid == user.sid and one.chat_service_sid.startswith("IS")
    assert one.participant_sid.startswith("MB") and one.conversation_state == "active"
    assert one.notification_level == "default" and one.created_by == "system"
    assert one.url == f"{USERS}/{user.sid}/Conversations/{first}"
    assert one.links["participant"].endswith(
        f"/Conversations/{first}/Participants/{one.participant_sid}"
    )
    # Addressed by identity as well as by SID, as Users are.
    by_identity = client.conversations.v1.users("ann").user_conversations(first).fetch()
    assert by_identity.participant_sid == one.participant_sid


def test_unread_count_follows_the_read_horizon_and_moves_the_participants_own(
    client: Client,
) -> None:
    client.conversations.v1.users.create(identity="ann")
    sid = _group(client, "book club", 4)
    mine = client.conversations.v1.users("ann").user_conversations(sid)
    fetched = mine.fetch()
    assert (fetched.last_read_message_index, fetched.unread_messages_count) == (None, None)
    updated = mine.update(last_read_message_index=1, notification_level="muted")
    assert updated.last_read_message_index == 1
    assert updated.unread_messages_count == 2  # indices 2 and 3
    assert updated.notification_level == "muted"
    participant = client.conversations.v1.conversations(sid).participants("ann").fetch()
    assert participant.last_read_message_index == 1  # one horizon: the participant's
    client.conversations.v1.conversations(sid).messages.create(author="bo", body="one more")
    assert mine.fetch().unread_messages_count == 3
    assert mine.fetch().notification_level == "muted"


def test_a_read_timestamp_moves_the_participants_and_bad_input_changes_nothing(
    client: Client,
) -> None:
    client.conversations.v1.users.create(identity="ann")
    sid = _group(client, "horizons", 2)
    mine = client.conversations.v1.users("ann").user_conversations(sid)
    mine.update(last_read_timestamp="2026-01-02T03:04:05Z")
    participant = client.conversations.v1.conversations(sid).participants("ann")
    assert participant.fetch().last_read_timestamp == "2026-01-02T03:04:05Z"
    refusals = (
        ({"notification_level": "loud"}, "NotificationLevel must be one of"),
        ({"last_read_message_index": -1}, "LastReadMessageIndex must be at least 0; got -1"),
        ({"last_read_timestamp": "yesterday"}, "LastReadTimestamp must be a date in ISO 8601"),
    )
    for bad, words in refusals:
        with pytest.raises(TwilioRestException) as caught:
            mine.update(**{"notification_level": "muted", "last_read_message_index": 0, **bad})
        assert (caught.value.status, caught.value.code) == (400, 20001)
        assert words in caught.value.msg and not caught.value.msg.endswith(".")
    after = mine.fetch()
    assert (after.notification_level, after.last_read_message_index) == ("default", None)
    assert participant.fetch().last_read_timestamp == "2026-01-02T03:04:05Z"


def test_deleting_a_user_conversation_removes_the_user_from_it(client: Client) -> None:
    client.conversations.v1.users.create(identity="ann")
    sid = _group(client, "leaving", 0)
    assert client.conversations.v1.users("ann").user_conversations(sid).delete()
    assert client.conversations.v1.conversations(sid).participants.list() == []
    assert client.conversations.v1.users("ann").user_conversations.list() == []
    with pytest.raises(TwilioRestException) as caught:
        client.conversations.v1.users("ann").user_conversations(sid).fetch()
    assert (caught.value.status, caught.value.code) == (404, 20404)


def test_unknown_user_or_conversation_is_a_404(client: Client) -> None:
    sid = _group(client, "ann's", 0)
    client.conversations.v1.users.create(identity="ann")
    for user, conversation in (("nobody", sid), ("ann", "CH" + "0" * 32)):
        with pytest.raises(TwilioRestException) as caught:
            client.conversations.v1.users(user).user_conversations(conversation).fetch()
        assert (caught.value.status, caught.value.code) == (404, 20404)
        assert caught.value.msg.endswith(
            f"The requested resource /v1/Users/{user}/Conversations/{conversation} was not found"
        )


def test_a_services_user_conversations_are_that_services(client: Client) -> None:
    service = client.conversations.v1.services.create(friendly_name="staging")
    scoped = client.conversations.v1.services(service.sid)
    scoped.users.create(identity="ann")
    conversation = scoped.conversations.create(friendly_name="in staging")
    scoped.conversations(conversation.sid).participants.create(identity="ann")
    _group(client, "in the default service", 0)  # ann's too, but elsewhere
    listed = scoped.users("ann").user_conversations.list()
    assert [uc.conversation_sid for uc in listed] == [conversation.sid]
    assert listed[0].chat_service_sid == service.sid
    assert listed[0].url.startswith(
        f"https://conversations.twilio.com/v1/Services/{service.sid}/Users/"
    )
    updated = (
        scoped.users("ann").user_conversations(conversation.sid).update(notification_level="muted")
    )
    assert updated.notification_level == "muted"
