"""HTTP handlers of a conversation's Messages: create, fetch, update, delete, list."""

from __future__ import annotations

from sandbox.api import links, representations
from sandbox.api.calls import NO_CONTENT, Call, Reply, asks, created, ok
from sandbox.api.conversations import conversation_of, dates
from sandbox.api.listing import v1_page
from sandbox.engine import messages, pre_events
from sandbox.engine.pre_events import changed
from sandbox.rows import Conversation, Message


def message_fields(call: Call) -> dict[str, str | None]:
    p = call.params
    return {"author": p.get("Author"), "body": p.get("Body"), "attributes": p.get("Attributes")}


@asks(lambda call: pre_events.message_add(call.ctx, conversation_of(call), **message_fields(call)))
def create_message(call: Call) -> Reply:
    p = call.params
    p.accept_unused("Subject")  # an email's subject: no email channel offline
    content_sid, variables = p.get("ContentSid"), p.get("ContentVariables")
    fields = changed(message_fields(call), call.verdict)
    message = messages.create(
        call.ctx,
        conversation_of(call),
        **fields,
        media_sids=p.get_list("MediaSid"),
        content=(content_sid, variables) if content_sid else None,
        dates=dates(call),
    )
    return created(representations.message(call.account_sid, message))


def message_of(call: Call) -> tuple[Conversation, Message]:
    conversation = conversation_of(call)
    return conversation, messages.get(call.ctx, conversation, call.path["message"])


def fetch_message(call: Call) -> Reply:
    _, message = message_of(call)
    return ok(representations.message(call.account_sid, message))


@asks(lambda call: pre_events.message_change("onMessageUpdate", message_of(call)[1]))
def update_message(call: Call) -> Reply:
    conversation, message = message_of(call)
    call.params.accept_unused("Subject")
    fields = changed(message_fields(call), call.verdict)
    updated = messages.update(call.ctx, conversation, message, **fields, dates=dates(call))
    return ok(representations.message(call.account_sid, updated))


@asks(lambda call: pre_events.message_change("onMessageRemove", message_of(call)[1]))
def delete_message(call: Call) -> Reply:
    conversation, message = message_of(call)
    messages.delete(call.ctx, conversation, message)
    return NO_CONTENT


def list_messages(call: Call) -> Reply:
    conversation = conversation_of(call)
    request = call.page_request()
    order = call.params.get("Order") or "asc"
    found, result = messages.page(call.ctx, conversation, request, order)
    items = [representations.encoded_message(call.account_sid, m) for m in found]
    url = f"{links.conversation(conversation.sid)}/Messages"
    return ok(v1_page("messages", url, [("Order", order)], request, result, items))
