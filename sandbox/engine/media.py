"""Media, as Twilio's Media Content Service keeps it: an upload to a service's Media endpoint
returns an `ME…` SID that a message then names (`MediaSid`), and phones receive it as MMS.

Upload and resource as in "Using Media Messaging with Conversations"
(https://www.twilio.com/docs/conversations/media-support-conversations). The sandbox keeps at
most 5 MB a file, Twilio's MMS limit (https://www.twilio.com/docs/api/errors/11751): larger
media could not reach the SMS participants a group has.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sandbox.engine.context import Context
from sandbox.errors import InvalidParameter, MediaTooLarge, NotFound
from sandbox.sids import new_sid

MEDIA_CONTENT_SERVICE = "https://mcs.us1.twilio.com/v1"
MAX_BYTES = 5 * 1024 * 1024
MAX_PER_MESSAGE = 10  # MMS: up to 10 media files a message


@dataclass(frozen=True)
class Media:
    sid: str
    chat_service_sid: str
    content_type: str
    filename: str | None
    size: int
    message_sid: str | None
    date_created: str
    date_updated: str

    def described(self) -> dict[str, object]:
        """The media as a message's `media` lists it."""
        return {
            "sid": self.sid,
            "size": self.size,
            "content_type": self.content_type,
            "filename": self.filename,
            "category": "media",
        }


def url(service_sid: str, sid: str) -> str:
    """The media resource's URL; its bytes are at `…/Content`."""
    return f"{MEDIA_CONTENT_SERVICE}/Services/{service_sid}/Media/{sid}"


COLUMNS = "sid, chat_service_sid, content_type, filename, size, message_sid, date_created,"
COLUMNS += " date_updated"


def upload(
    ctx: Context, service_sid: str, content_type: str, filename: str | None, content: bytes
) -> Media:
    if not content:
        raise InvalidParameter("The media is empty: send the file's bytes as the request body")
    if len(content) > MAX_BYTES:
        raise MediaTooLarge(
            f"The media is {len(content)} bytes; the sandbox keeps {MAX_BYTES} at most (5 MB)"
        )
    now, sid = ctx.now(), new_sid("ME")
    ctx.db.execute(
        "INSERT INTO media (sid, chat_service_sid, content_type, filename, size, content,"
        " date_created, date_updated) VALUES (?,?,?,?,?,?,?,?)",
        (sid, service_sid, content_type or "application/octet-stream", filename, len(content),
         content, now, now),
    )  # fmt: skip
    return get(ctx, sid)


def get(ctx: Context, sid: str, service_sid: str | None = None) -> Media:
    row = ctx.db.execute(f"SELECT {COLUMNS} FROM media WHERE sid = ?", (sid,)).fetchone()
    if row is None or (service_sid is not None and row["chat_service_sid"] != service_sid):
        raise NotFound(f"The requested resource Media/{sid} was not found")
    return Media(*row)


def content(ctx: Context, media: Media) -> bytes:
    return bytes(
        ctx.db.execute("SELECT content FROM media WHERE sid = ?", (media.sid,)).fetchone()[0]
    )


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
        found.append(Media(*row))
    ctx.db.executemany(
        "UPDATE media SET message_sid = ? WHERE sid = ?", [(message_sid, m.sid) for m in found]
    )
    return json.dumps([m.described() for m in found])
