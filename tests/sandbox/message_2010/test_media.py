"""A message's media on the 2010 API (issue 25.10), through the real SDK: every MMS the sandbox
logs (an app's CreateMessage with MediaUrl, a conversation's media sent on to phones, a phone's
MMS in) lists its own ME… resources; fetch reads one, delete removes it, and Twilio's 404 answers
what is not there. Twilio's documentation sample for deleting an MMS's media runs unchanged."""

from __future__ import annotations

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from tests.support.group import PHONE_1, PHONE_2, make_group
from tests.support.media import uploaded

PHOTO, CHART = "https://example.com/photo.jpg", "https://example.com/chart.png"


def mms_with_urls(client: Client, numbers: list[str]) -> str:
    sent = client.messages.create(from_=numbers[0], to=PHONE_1, media_url=[PHOTO, CHART])
    return str(sent.sid)


def test_an_apps_mms_lists_one_record_per_media_url(client: Client, numbers: list[str]) -> None:
    sid = mms_with_urls(client, numbers)
    listed = client.messages(sid).media.list()
    assert [m.content_type for m in listed] == ["image/jpeg", "image/png"]
    assert {m.parent_sid for m in listed} == {sid}
    assert all(m.sid.startswith("ME") for m in listed) and len({m.sid for m in listed}) == 2
    first = listed[0]
    assert first.uri == (
        f"/2010-04-01/Accounts/{client.account_sid}/Messages/{sid}/Media/{first.sid}.json"
    )
    fetched = client.messages(sid).media(first.sid).fetch()
    assert (fetched.sid, fetched.content_type, fetched.parent_sid) == (first.sid, "image/jpeg", sid)


def test_twilios_sample_deletes_one_media_and_keeps_the_message(
    client: Client, numbers: list[str]
) -> None:
    """https://www.twilio.com/docs/messaging/api/media-resource#delete-a-media-resource"""
    sid = mms_with_urls(client, numbers)
    photo, chart = client.messages(sid).media.list()
    client.messages(sid).media(photo.sid).delete()
    assert [m.sid for m in client.messages(sid).media.list()] == [chart.sid]
    with pytest.raises(TwilioRestException) as gone:
        client.messages(sid).media(photo.sid).fetch()
    assert (gone.value.status, gone.value.code) == (404, 20404)
    assert sid in gone.value.msg and photo.sid in gone.value.msg
    assert client.messages(sid).fetch().num_media == "2"  # the message still says what it carried


def test_a_conversations_media_gives_each_phones_mms_records_of_its_own(
    client: Client, numbers: list[str]
) -> None:
    conversation = make_group(client, buy_numbers=False, chat_identity=None).conversation
    media = uploaded(client)
    conversation.messages.create(author="alice", media_sid=media["sid"])
    to_p1, to_p2 = client.messages.list(to=PHONE_1)[0], client.messages.list(to=PHONE_2)[0]
    (of_p1,) = client.messages(to_p1.sid).media.list()
    (of_p2,) = client.messages(to_p2.sid).media.list()
    assert of_p1.content_type == of_p2.content_type == "image/png"
    assert len({of_p1.sid, of_p2.sid, media["sid"]}) == 3
    client.messages(to_p1.sid).media(of_p1.sid).delete()
    assert client.messages(to_p1.sid).media.list() == []
    assert [m.sid for m in client.messages(to_p2.sid).media.list()] == [of_p2.sid]
    assert conversation.messages.list()[0].media[0]["sid"] == media["sid"]  # the chat keeps it


def test_a_phones_mms_in_lists_its_media(client: Client, numbers: list[str]) -> None:
    make_group(client, buy_numbers=False, chat_identity=None)
    media = uploaded(client)
    client.request(
        "POST",
        f"{client.http_client.sandbox_url}/sandbox/Phones/{PHONE_1}/Messages",
        data={"To": numbers[0], "Body": "our table", "MediaSid": media["sid"]},
    )
    (inbound,) = client.messages.list(from_=PHONE_1)
    assert inbound.direction == "inbound"
    assert [m.content_type for m in client.messages(inbound.sid).media.list()] == ["image/png"]


def test_what_is_not_there_is_twilios_404(client: Client, numbers: list[str]) -> None:
    sid = mms_with_urls(client, numbers)
    other = mms_with_urls(client, numbers)
    stranger = client.messages(other).media.list()[0].sid
    plain = client.messages.create(from_=numbers[0], to=PHONE_2, body="no media").sid
    assert client.messages(plain).media.list() == []
    for call in (
        lambda: client.messages(sid).media(stranger).fetch(),  # another message's media
        lambda: client.messages(sid).media(stranger).delete(),
        lambda: client.messages(sid).media("ME" + "0" * 32).fetch(),
    ):
        with pytest.raises(TwilioRestException) as missing:
            call()
        assert (missing.value.status, missing.value.code) == (404, 20404)
    assert len(client.messages(other).media.list()) == 2  # nothing deleted
    unknown = f"{client.account_sid}/Messages/MM{'0' * 32}/Media.json"
    listed = client.request("GET", f"https://api.twilio.com/2010-04-01/Accounts/{unknown}")
    assert listed.status_code == 404 and '"code":20404' in listed.text


def test_deleting_a_message_deletes_its_media(client: Client, numbers: list[str]) -> None:
    sid = mms_with_urls(client, numbers)
    photo = client.messages(sid).media.list()[0].sid
    client.messages(sid).delete()
    with pytest.raises(TwilioRestException) as gone:
        client.messages(sid).media(photo).fetch()
    assert gone.value.status == 404


def test_the_media_list_filters_by_date_created(client: Client, numbers: list[str]) -> None:
    sid = mms_with_urls(client, numbers)
    created = client.messages(sid).fetch().date_created
    media = client.messages(sid).media
    assert len(media.list(date_created=created.strftime("%Y-%m-%d"))) == 2
    assert len(media.list(date_created_before=created.replace(year=created.year + 1))) == 2
    assert media.list(date_created_after=created.replace(year=created.year + 1)) == []
    url = (
        f"https://api.twilio.com/2010-04-01/Accounts/{client.account_sid}/Messages/{sid}/Media.json"
    )
    refused = client.request("GET", url, params={"DateCreated": "yesterday"})
    assert refused.status_code == 400 and '"code":20001' in refused.text
