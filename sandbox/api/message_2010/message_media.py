"""HTTP handlers of a message's media on the 2010 API: `Messages/{MessageSid}/Media.json` (list)
and `Messages/{MessageSid}/Media/{Sid}.json` (fetch, delete)."""

from __future__ import annotations

from sandbox.api import links, representations
from sandbox.api.calls import NO_CONTENT, Call, Reply, ok
from sandbox.api.listing import v2010_page
from sandbox.engine.message_2010 import message_log, message_media
from sandbox.rows import MessageMedia


def list_media(call: Call) -> Reply:
    """GET Messages/{Sid}/Media.json: the media an MMS carried, oldest first."""
    call.require_own_account()
    sent = message_log.get_sms(call.ctx, call.path["message"])
    request = call.page_request()
    created_on = call.params.get_date_filter("DateCreated")
    result = message_media.page(call.ctx, sent.sid, request, created_on)
    items = [
        representations.message_media(call.account_sid, MessageMedia.from_row(row))
        for row in result.rows
    ]
    uri = links.account_uri(call.account_sid, f"Messages/{sent.sid}/Media.json")
    filters = [(f"DateCreated{'' if op == '=' else op}", v) for op, v in created_on.items()]
    return ok(v2010_page("media_list", uri, filters, request, result, items))


def _media(call: Call) -> MessageMedia:
    call.require_own_account()
    sent = message_log.get_sms(call.ctx, call.path["message"])
    return message_media.get(call.ctx, sent.sid, call.path["sid"])


def fetch_media(call: Call) -> Reply:
    return ok(representations.message_media(call.account_sid, _media(call)))


def delete_media(call: Call) -> Reply:
    """The file goes; the message stays (its `num_media` still counts what it carried)."""
    message_media.delete(call.ctx, _media(call))
    return NO_CONTENT
