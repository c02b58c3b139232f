"""HTTP handlers of the Media Content Service (mcs.us1.twilio.com): a service's media upload,
the media resource, and its content."""

from __future__ import annotations

from sandbox.api.calls import Call, Reply, created, ok
from sandbox.engine import media
from sandbox.errors import InvalidParameter
from sandbox.rows import Media


def _described(call: Call, item: Media) -> dict[str, object]:
    url = media.url(item.chat_service_sid, item.sid)
    return {
        "sid": item.sid,
        "account_sid": call.account_sid,
        "service_sid": item.chat_service_sid,
        "date_created": item.date_created,
        "date_upload_updated": item.date_created,
        "date_updated": item.date_updated,
        "links": {"content": f"{url}/Content", "content_direct_temporary": f"{url}/Content"},
        "size": item.size,
        "content_type": item.content_type,
        "filename": item.filename,
        "author": "system",
        "category": "media",
        "message_sid": item.message_sid,
        "channel_sid": None,
        "url": url,
        "is_multipart_upstream": False,
    }


def _service_sid(call: Call) -> str:
    """Media is kept for the account's service; another service SID is one it cannot see."""
    sid = call.path["service"]
    if sid != call.ctx.service_sid:
        raise InvalidParameter(f"Service {sid} is not a Conversations service of this account")
    return sid


def upload_media(call: Call) -> Reply:
    """POST /v1/Services/{ChatServiceSid}/Media with the file as the body and its type as
    Content-Type: returns the media's ME… SID."""
    service_sid = _service_sid(call)
    if call.upload is None:
        raise InvalidParameter("Send the media file as the request body")
    upload = call.upload
    item = media.upload(
        call.ctx, service_sid, upload.content_type, None, upload.content, upload.size
    )
    return created(_described(call, item))


def fetch_media(call: Call) -> Reply:
    item = media.get(call.ctx, call.path["sid"], _service_sid(call))
    return ok(_described(call, item))


def fetch_media_content(call: Call) -> Reply:
    item = media.get(call.ctx, call.path["sid"], _service_sid(call))
    return Reply(200, media.content(call.ctx, item), media_type=item.content_type)
