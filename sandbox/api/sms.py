"""HTTP handlers of the 2010 API's Messages: the log of every SMS in or out of the account."""

from __future__ import annotations

from sandbox.api import links, render
from sandbox.api.calls import Call, Reply, ok
from sandbox.api.listing import MAX_2010_PAGE, v2010_page
from sandbox.engine import sms
from sandbox.records import Sms


def fetch_sms(call: Call) -> Reply:
    call.require_own_account()
    return ok(render.sms(call.account_sid, sms.get_sms(call.ctx, call.path["sid"])))


def list_sms(call: Call) -> Reply:
    call.require_own_account()
    request = call.params.page_request(max_size=MAX_2010_PAGE)
    recipient, sender = call.params.get("To"), call.params.get("From")
    result = sms.sms_page(call.ctx, request, recipient, sender)
    items = [render.sms(call.account_sid, Sms.from_row(r)) for r in result.rows]
    uri = links.account_uri(call.account_sid, "Messages.json")
    filters = [("To", recipient), ("From", sender)]
    return ok(v2010_page("messages", uri, filters, request, result, items))
