"""A message's media on the 2010 API (a Message's `Media` subresource): one `ME…` resource per file
an MMS carried, listed, fetched and deleted on its own
(https://www.twilio.com/docs/messaging/api/media-resource).

Each MMS gets resources of its own, as on Twilio: a conversation's media sent to three phones is
three MMS, each listing its own `ME…` SIDs (the chat's media keeps the Media Content Service's).
Media given by URL is never fetched offline: its content type is guessed from the URL's name.
"""

from __future__ import annotations

import mimetypes
from urllib.parse import urlsplit

from sandbox.engine.context import Context
from sandbox.engine.paging import PageRequest, PageResult, date_clauses, fetch_page
from sandbox.errors import NotFound
from sandbox.rows import MessageMedia
from sandbox.sids import new_sids

UNKNOWN_TYPE = "application/octet-stream"


COLUMNS = "sid, message_sid, content_type, date_created, date_updated"


def url_content_type(url: str) -> str:
    """What a MediaUrl's name says it holds (the sandbox fetches no URL)."""
    guessed, _ = mimetypes.guess_type(urlsplit(url).path)
    return guessed or UNKNOWN_TYPE


def add(
    ctx: Context, message_sids: list[str], media: tuple[str, ...], media_urls: tuple[str, ...]
) -> None:
    """Each of these MMS carries the media uploaded as `media` (ME… of the Media Content
    Service), then the files of `media_urls`, each MMS with resources of its own."""
    types: list[str] = []
    if media:
        marks = ",".join("?" * len(media))
        found = dict(
            ctx.db.execute(f"SELECT sid, content_type FROM media WHERE sid IN ({marks})", media)
        )
        types += [found.get(sid, UNKNOWN_TYPE) for sid in media]
    types += [url_content_type(url) for url in media_urls]
    if not types:
        return
    now = ctx.now()
    sids = iter(new_sids("ME", len(types) * len(message_sids)))
    ctx.db.executemany(
        "INSERT INTO message_media (sid, message_sid, content_type, date_created, date_updated)"
        " VALUES (?,?,?,?,?)",
        [(next(sids), message, kind, now, now) for message in message_sids for kind in types],
    )


def page(
    ctx: Context, message_sid: str, request: PageRequest, created_on: dict[str, str]
) -> PageResult:
    """The message's media, oldest first; `created_on` filters by DateCreated (`=`, `<`, `>`)."""
    clauses, args = ["message_sid = ?"], [message_sid]
    for clause, value in date_clauses("date_created", "DateCreated", created_on):
        clauses.append(clause)
        args.append(value)
    return fetch_page(ctx.db, "message_media", " AND ".join(clauses), args, "id", request)


def get(ctx: Context, message_sid: str, sid: str) -> MessageMedia:
    row = ctx.db.execute(
        f"SELECT {COLUMNS} FROM message_media WHERE sid = ? AND message_sid = ?",
        (sid, message_sid),
    ).fetchone()
    if row is None:
        raise NotFound(f"The requested resource Messages/{message_sid}/Media/{sid} was not found")
    return MessageMedia.from_row(row)


def delete(ctx: Context, item: MessageMedia) -> None:
    ctx.db.execute("DELETE FROM message_media WHERE sid = ?", (item.sid,))


def delete_of(ctx: Context, message_sid: str) -> None:
    """A deleted message's media goes with it."""
    ctx.db.execute("DELETE FROM message_media WHERE message_sid = ?", (message_sid,))
