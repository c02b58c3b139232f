"""Media through the real SDK's HTTP client: an upload to the service's Media endpoint (as on
mcs.us1.twilio.com), its content, a message that names it, the MMS SMS participants receive,
and a phone's MMS into a conversation."""

from __future__ import annotations

import base64
import http.client
import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from tests.support.group import PHONE_1, PHONE_2, make_group
from tests.support.media import PICTURE, service_sid, upload, uploaded
from tests.support.sandbox_server import SandboxServer, start_sandbox

MMS_BYTES = 5 * 1024 * 1024  # an MMS's media at most (https://www.twilio.com/docs/api/errors/11751)


def test_an_upload_returns_a_media_sid_and_keeps_the_content(
    client: Client, sandbox_server: SandboxServer
) -> None:
    media = uploaded(client)
    assert media["sid"].startswith("ME") and media["size"] == len(PICTURE)
    assert (media["content_type"], media["category"]) == ("image/png", "media")
    path = urlsplit(media["links"]["content"]).path
    content = requests.get(
        sandbox_server.url + path, auth=(client.account_sid, sandbox_server.auth_token), timeout=10
    )
    assert content.status_code == 200 and content.content == PICTURE
    assert content.headers["content-type"].startswith("image/png")
    fetched = client.request("GET", media["url"])
    assert fetched.status_code == 200 and '"message_sid":null' in fetched.text


def test_an_upload_needs_the_accounts_credentials(client: Client) -> None:
    stranger = Client("AC" + "0" * 32, "wrong", http_client=client.http_client)
    url = f"https://mcs.us1.twilio.com/v1/Services/{service_sid(client)}/Media"
    answer = stranger.request("POST", url, data=PICTURE, headers={"Content-Type": "image/png"})
    assert answer.status_code == 401 and '"code":20003' in answer.text


def test_media_over_5_mb_reaches_chat_but_fails_to_each_phone_with_11751(
    client: Client, numbers: list[str], sandbox_server: SandboxServer
) -> None:
    # Conversations Limits: up to 150 MB between chat participants; media over 5 MB "will not
    # be fanned out as an MMS message", and 11751 is Twilio's code for an MMS over 5 MB.
    conversation = make_group(client, buy_numbers=False, chat_identity=None).conversation
    large = bytes(range(256)) * (MMS_BYTES // 256) + b"!"
    media = uploaded(client, large)
    assert media["size"] == MMS_BYTES + 1
    message = conversation.messages.create(author=PHONE_1, media_sid=media["sid"])
    assert message.media[0]["size"] == MMS_BYTES + 1
    (receipt,) = conversation.messages(message.sid).delivery_receipts.list()
    assert (receipt.status, receipt.error_code, receipt.channel_message_sid) == (
        "failed", 11751, None,
    )  # fmt: skip
    assert client.messages.list(to=PHONE_2) == []
    path = urlsplit(media["links"]["content"]).path
    content = requests.get(
        sandbox_server.url + path, auth=(client.account_sid, sandbox_server.auth_token), timeout=30
    )
    assert content.status_code == 200 and content.content == large
    # sent a megabyte at a time from a copy, its length said first as Twilio's is
    assert content.headers["content-length"] == str(len(large))
    just_fits = uploaded(client, large[:MMS_BYTES])
    conversation.messages.create(author=PHONE_1, media_sid=just_fits["sid"])
    (mms,) = client.messages.list(to=PHONE_2)
    assert mms.num_media == "1"


def test_media_over_150_mb_is_refused_before_it_is_read(
    client: Client, sandbox_server: SandboxServer
) -> None:
    # A body declared larger than Conversations keeps is refused at once, unread: 50512.
    where = urlsplit(sandbox_server.url)
    token = base64.b64encode(f"{client.account_sid}:{sandbox_server.auth_token}".encode())
    connection = http.client.HTTPConnection(where.hostname or "", where.port, timeout=30)
    try:
        connection.putrequest("POST", f"/v1/Services/{service_sid(client)}/Media")
        connection.putheader("Authorization", f"Basic {token.decode()}")
        connection.putheader("Content-Type", "video/mp4")
        connection.putheader("Content-Length", str(150 * 1024 * 1024 + 1))
        connection.endheaders()
        answer = connection.getresponse()
        assert answer.status == 400 and b'"code":50512' in answer.read()
    finally:
        connection.close()
    empty = upload(client, b"")
    assert empty.status_code == 400 and '"code":20001' in empty.text


def test_media_streamed_past_150_mb_is_refused(
    client: Client, sandbox_server: SandboxServer
) -> None:
    # No Content-Length (chunked): the sandbox counts as the file streams in, a megabyte in
    # memory at most on either side, and refuses it once past Twilio's 150 MB.
    megabyte = bytes(range(256)) * 4096

    def file() -> Iterator[bytes]:
        yield from [megabyte] * 150
        yield b"!"

    answer = requests.post(
        f"{sandbox_server.url}/v1/Services/{service_sid(client)}/Media",
        data=file(),
        headers={"Content-Type": "video/mp4"},
        auth=(client.account_sid, sandbox_server.auth_token),
        timeout=120,
    )
    refusal = json.loads(answer.text)
    assert (answer.status_code, refusal["code"]) == (400, 50512)
    assert "150 MB" in refusal["message"]


def test_a_message_with_media_reaches_sms_participants_as_mms(
    client: Client, numbers: list[str]
) -> None:
    conversation = make_group(client, buy_numbers=False, chat_identity=None).conversation
    media = uploaded(client)
    message = conversation.messages.create(author=PHONE_1, media_sid=media["sid"])
    assert message.body is None
    assert message.media == [
        {"sid": media["sid"], "size": len(PICTURE), "content_type": "image/png",
         "filename": None, "category": "media"}
    ]  # fmt: skip
    assert conversation.messages(message.sid).fetch().media == message.media
    (mms,) = client.messages.list(to=PHONE_2)
    assert mms.sid.startswith("MM") and mms.num_media == "1" and mms.from_ == numbers[1]
    (listed,) = client.messages(mms.sid).media.list()  # the MMS's own record of it
    assert (listed.parent_sid, listed.content_type) == (mms.sid, "image/png")
    assert client.messages.list(to=PHONE_1) == []  # the author gets no echo


def test_an_unknown_media_sid_is_refused_and_nothing_is_stored(
    client: Client, numbers: list[str]
) -> None:
    conversation = make_group(client, buy_numbers=False, chat_identity=None).conversation
    with pytest.raises(TwilioRestException) as refused:
        conversation.messages.create(body="look", media_sid="ME" + "0" * 32)
    assert (refused.value.code, refused.value.status) == (20001, 400)
    assert conversation.messages.list() == [] and client.messages.list() == []


def test_a_phone_sends_an_mms_into_its_conversation(client: Client, numbers: list[str]) -> None:
    conversation = make_group(client, buy_numbers=False, chat_identity=None).conversation
    media = uploaded(client)
    client.request(
        "POST",
        f"{client.http_client.sandbox_url}/sandbox/Phones/{PHONE_1}/Messages",
        data={"To": numbers[0], "Body": "our table", "MediaSid": media["sid"]},
    )
    (message,) = conversation.messages.list()
    assert message.body == "our table" and message.media[0]["sid"] == media["sid"]
    (mms,) = client.messages.list(to=PHONE_2)
    assert mms.num_media == "1" and mms.body == "our table"


def test_media_of_a_database_made_before_media_content_still_reads(tmp_path: Path) -> None:
    # Such a database kept a file's bytes in media.content, with no media_content row.
    server = start_sandbox(tmp_path)
    try:
        media = uploaded(server.client())
        server.stop()
        with closing(sqlite3.connect(server.db_path)) as db, db:
            db.execute("UPDATE media SET content = ? WHERE sid = ?", (PICTURE, media["sid"]))
            db.execute("DELETE FROM media_content")
        server.start()
        path = urlsplit(media["links"]["content"]).path
        content = requests.get(
            server.url + path, auth=(server.account_sid, server.auth_token), timeout=10
        )
        assert content.status_code == 200 and content.content == PICTURE
    finally:
        server.stop()
