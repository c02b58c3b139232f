"""Media, as Twilio's Media Content Service keeps it: an upload to a service's Media endpoint
returns an `ME…` SID that a message then names (`MediaSid`), and phones receive it as MMS.

Upload and resource as in "Using Media Messaging with Conversations"
(https://www.twilio.com/docs/conversations/media-support-conversations). Sizes are the
Conversations Limits page's (https://www.twilio.com/docs/conversations/conversations-limits,
read 2026-12-05): "Any media file type of up to 150MB is supported between chat-based
participants"; a message whose media is over 5 MB "will not be fanned out as an MMS message",
while chat still gets it (the phones' receipts fail: `messages.py`).
"""

from __future__ import annotations

import json
import tempfile
from typing import BinaryIO

from sandbox.engine.context import Context
from sandbox.errors import InvalidParameter, MediaTooLarge, NotFound
from sandbox.rows import Media
from sandbox.sids import new_sid

MEDIA_CONTENT_SERVICE = "https://mcs.us1.twilio.com/v1"
MAX_BYTES = 150 * 1024 * 1024  # a file chat participants can share (Limits: "up to 150MB")
# An MMS's media in all: larger is not sent on (https://www.twilio.com/docs/api/errors/11751).
MMS_MAX_BYTES = 5 * 1024 * 1024
MAX_PER_MESSAGE = 10  # MMS: up to 10 media files a message
CHUNK_BYTES = 1024 * 1024  # an upload is written to the database a chunk at a time


def url(service_sid: str, sid: str) -> str:
    """The media resource's URL; its bytes are at `…/Content`."""
    return f"{MEDIA_CONTENT_SERVICE}/Services/{service_sid}/Media/{sid}"


COLUMNS = "sid, chat_service_sid, content_type, filename, size, message_sid, date_created,"
COLUMNS += " date_updated"


def upload(
    ctx: Context,
    service_sid: str,
    content_type: str,
    filename: str | None,
    content: BinaryIO,
    size: int,
) -> Media:
    """Keep `size` bytes read from `content`, a chunk at a time: a 150 MB file never sits in
    memory whole."""
    if not size:
        raise InvalidParameter("The media is empty: send the file's bytes as the request body")
    if size > MAX_BYTES:
        raise MediaTooLarge(
            f"Message media size is too large: the file is {size} bytes, and Conversations keeps "
            f"{MAX_BYTES} (150 MB) at most"
        )
    now, sid = ctx.now(), new_sid("ME")
    row = ctx.db.execute(
        "INSERT INTO media (sid, chat_service_sid, content_type, filename, size, content,"
        " date_created, date_updated) VALUES (?,?,?,?,?,x'',?,?)",
        (sid, service_sid, content_type or "application/octet-stream", filename, size, now, now),
    )
    ctx.db.execute(
        "INSERT INTO media_content (media_id, content) VALUES (?, zeroblob(?))",
        (row.lastrowid, size),
    )
    with ctx.db.blobopen("media_content", "content", row.lastrowid) as blob:
        while chunk := content.read(min(CHUNK_BYTES, size - blob.tell())):
            blob.write(chunk)
    return get(ctx, sid)


def get(ctx: Context, sid: str, service_sid: str | None = None) -> Media:
    row = ctx.db.execute(f"SELECT {COLUMNS} FROM media WHERE sid = ?", (sid,)).fetchone()
    if row is None or (service_sid is not None and row["chat_service_sid"] != service_sid):
        raise NotFound(f"The requested resource Media/{sid} was not found")
    return Media.from_row(row)


def content(ctx: Context, media: Media) -> BinaryIO:
    """The file's bytes, copied a chunk at a time into a temporary file (on disk past a
    megabyte) that the response then streams: a 150 MB file never sits in memory whole, and
    the database is free again as soon as the copy is made."""
    row = ctx.db.execute(
        "SELECT m.id, c.media_id IS NOT NULL AS apart FROM media m"
        " LEFT JOIN media_content c ON c.media_id = m.id WHERE m.sid = ?",
        (media.sid,),
    ).fetchone()
    copy = tempfile.SpooledTemporaryFile(max_size=CHUNK_BYTES)  # noqa: SIM115 (the reply closes it)
    if row["apart"]:
        with ctx.db.blobopen("media_content", "content", row["id"], readonly=True) as blob:
            while chunk := blob.read(CHUNK_BYTES):
                copy.write(chunk)
    else:  # a database made before media_content kept the bytes in media.content
        kept = ctx.db.execute("SELECT content FROM media WHERE id = ?", (row["id"],)).fetchone()
        copy.write(kept["content"])
    copy.seek(0)
    return copy


def attach(ctx: Context, sids: list[str], message_sid: str) -> str | None:
    """Name these media as the message's: the message's `media`, as JSON, or None for none."""
    if not sids:
        return None
    if len(sids) > MAX_PER_MESSAGE:
        raise InvalidParameter(f"A message carries {MAX_PER_MESSAGE} media at most")
    found = []
    for sid in sids:
        row = ctx.db.execute(f"SELECT {COLUMNS} FROM media WHERE sid = ?", (sid,)).fetchone()
        if row is None or row["chat_service_sid"] != ctx.service_sid:
            raise InvalidParameter(f"MediaSid {sid} is not media uploaded to this service")
        found.append(Media.from_row(row))
    ctx.db.executemany(
        "UPDATE media SET message_sid = ? WHERE sid = ?", [(message_sid, m.sid) for m in found]
    )
    return json.dumps([m.described() for m in found])


def too_large_for_mms(described: str | None) -> bool:
    """Whether a message's media (its `media`, as `attach` wrote it) is over an MMS's 5 MB."""
    return described is not None and sum(m["size"] for m in json.loads(described)) > MMS_MAX_BYTES
