"""HTTP handlers of User Conversations: `/v1/Users/{User}/Conversations[/{Conversation}]` and the
service-scoped twins (the same handlers, in the service the path names)."""

from __future__ import annotations

from sandbox.api import links, representations
from sandbox.api.calls import NO_CONTENT, Call, Reply, ok
from sandbox.api.listing import v1_page
from sandbox.engine import user_conversations, users
from sandbox.engine.user_conversations import UserConversation
from sandbox.engine.validation import moment


def _found(call: Call) -> UserConversation:
    user = users.get_user(call.ctx, call.path["sid"])
    return user_conversations.get(call.ctx, user, call.path["conversation"])


def list_user_conversations(call: Call) -> Reply:
    user = users.get_user(call.ctx, call.path["sid"])
    request = call.page_request()
    found, result = user_conversations.page(call.ctx, user, request)
    items = [representations.user_conversation(call.account_sid, uc) for uc in found]
    url = f"{links.USERS}/{user.sid}/Conversations"
    return ok(v1_page("conversations", url, [], request, result, items))


def fetch_user_conversation(call: Call) -> Reply:
    return ok(representations.user_conversation(call.account_sid, _found(call)))


def update_user_conversation(call: Call) -> Reply:
    p = call.params
    updated = user_conversations.update(
        call.ctx,
        _found(call),
        notification_level=p.get("NotificationLevel"),
        last_read_message_index=p.get_int("LastReadMessageIndex", minimum=0),
        last_read_timestamp=moment("LastReadTimestamp", p.get("LastReadTimestamp")),
    )
    return ok(representations.user_conversation(call.account_sid, updated))


def delete_user_conversation(call: Call) -> Reply:
    user_conversations.delete(call.ctx, _found(call))
    return NO_CONTENT
