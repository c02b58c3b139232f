"""HTTP handlers of a message's Delivery Receipts (`…/Messages/{sid}/Receipts`): list, fetch."""

from __future__ import annotations

from sandbox.api import links, representations
from sandbox.api.calls import Call, Reply, ok
from sandbox.api.listing import v1_page
from sandbox.api.messages import message_of
from sandbox.engine import delivery_receipts
from sandbox.rows import Receipt


def list_receipts(call: Call) -> Reply:
    conversation, message = message_of(call)
    request = call.page_request()
    result = delivery_receipts.page(call.ctx, message, request)
    items = [representations.receipt(call.account_sid, Receipt.from_row(r)) for r in result.rows]
    url = f"{links.message(conversation.sid, message.sid)}/Receipts"
    return ok(v1_page("delivery_receipts", url, [], request, result, items))


def fetch_receipt(call: Call) -> Reply:
    _, message = message_of(call)
    receipt = delivery_receipts.get(call.ctx, message, call.path["receipt"])
    return ok(representations.receipt(call.account_sid, receipt))
