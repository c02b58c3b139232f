"""HTTP handlers of Conversations v1's Conversations: create, fetch, update, delete, list."""

from __future__ import annotations

from typing import Any

from sandbox.api import links, representations
from sandbox.api.calls import NO_CONTENT, Call, Reply, asks, created, ok
from sandbox.api.listing import v1_page
from sandbox.engine import conversations, pre_events
from sandbox.engine.pre_events import changed
from sandbox.engine.validation import Dates, moment
from sandbox.rows import Conversation


def conversation_fields(call: Call) -> dict[str, Any]:
    p = call.params
    return {
        "friendly_name": p.get("FriendlyName"),
        "unique_name": p.get("UniqueName"),
        "attributes": p.get("Attributes"),
        "state": p.get("State"),
        "timers_inactive": p.get("Timers.Inactive"),
        "timers_closed": p.get("Timers.Closed"),
        "messaging_service_sid": p.get("MessagingServiceSid"),
    }


def dates(call: Call) -> Dates:
    """DateCreated and DateUpdated, which imports and backfills give."""
    p = call.params
    return moment("DateCreated", p.get("DateCreated")), moment("DateUpdated", p.get("DateUpdated"))


def conversation_of(call: Call) -> Conversation:
    return conversations.get(call.ctx, call.path["conversation"])


@asks(lambda call: pre_events.conversation_add(call.ctx, **conversation_fields(call)))
def create_conversation(call: Call) -> Reply:
    fields = changed(conversation_fields(call), call.verdict)
    conversation = conversations.create(call.ctx, **fields, dates=dates(call))
    return created(representations.conversation(call.account_sid, conversation))


def fetch_conversation(call: Call) -> Reply:
    return ok(representations.conversation(call.account_sid, conversation_of(call)))


@asks(lambda call: pre_events.conversation_change("onConversationUpdate", conversation_of(call)))
def update_conversation(call: Call) -> Reply:
    fields = changed(conversation_fields(call), call.verdict)
    conversation = conversations.update(
        call.ctx, conversation_of(call), **fields, dates=dates(call)
    )
    return ok(representations.conversation(call.account_sid, conversation))


@asks(lambda call: pre_events.conversation_change("onConversationRemove", conversation_of(call)))
def delete_conversation(call: Call) -> Reply:
    conversations.delete(call.ctx, conversation_of(call))
    return NO_CONTENT


def list_conversations(call: Call) -> Reply:
    request = call.page_request()
    p = call.params
    state, start, end = p.get("State"), p.get("StartDate"), p.get("EndDate")
    result = conversations.page(call.ctx, request, state, (start, end))
    items = [
        representations.conversation(call.account_sid, Conversation.from_row(r))
        for r in result.rows
    ]
    url = f"{links.CONVERSATIONS}/Conversations"
    filters = [("StartDate", start), ("EndDate", end), ("State", state)]
    return ok(v1_page("conversations", url, filters, request, result, items))
