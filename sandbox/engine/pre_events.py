"""Pre-event webhooks: the account's PreWebhookUrl, asked before an action is committed.

As https://www.twilio.com/docs/conversations/conversations-webhooks says: a 2xx answer lets the
action through, its JSON body may change some of the action's fields; a 4xx or 5xx answer rejects
it; no answer (a receiver that is down, or silent for the 5-second timeout) lets it through
unmodified. They fire for what phones (and chat SDKs) do, and for REST calls only with
`X-Twilio-Webhook-Enabled: true`.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field

from sandbox.engine.webhooks import PRE_EVENTS, Delivery, account_webhooks_in

# What a 200 answer's JSON may change, per event (the docs' "Modifiable Fields").
MODIFIABLE: dict[str, tuple[str, ...]] = {
    "onMessageAdd": ("body", "author", "attributes"),
    "onMessageUpdate": ("body", "author", "attributes"),
    "onConversationAdd": ("friendly_name",),
    "onConversationUpdate": ("friendly_name",),
}


@dataclass(frozen=True)
class PreWebhook:
    """The account's pre-event target and the pre-events its filters ask for."""

    url: str
    method: str
    filters: frozenset[str]


@dataclass(frozen=True)
class PreEvent:
    """An action about to happen, as its pre-event webhook describes it."""

    type: str
    fields: dict[str, str]
    api: bool = True  # asked for by a REST call (not by a phone)


@dataclass(frozen=True)
class Verdict:
    """What the receiver decided: go ahead (perhaps with changes), or not at all."""

    allowed: bool = True
    changes: dict[str, str] = field(default_factory=dict)


ALLOWED = Verdict()


def configured(db: sqlite3.Connection) -> PreWebhook | None:
    """The pre-event target, if there is one and its filters name a pre-event."""
    account = account_webhooks_in(db)
    filters = frozenset(account.filters) & frozenset(PRE_EVENTS)
    if not account.pre_webhook_url or not filters:
        return None
    return PreWebhook(account.pre_webhook_url, account.method, filters)


def event(type_: str, *, api: bool = True, **fields: object) -> PreEvent:
    values = {k: "" if v is None else str(v) for k, v in fields.items()}
    return PreEvent(type_, values, api)


def delivery(
    hook: PreWebhook, account_sid: str, pre_event: PreEvent, forced: bool
) -> Delivery | None:
    """The request to make for this pre-event, or None when the filters or the source skip it."""
    if pre_event.type not in hook.filters or (pre_event.api and not forced):
        return None
    source = "API" if pre_event.api else "SMS"
    fields = {"EventType": pre_event.type, "AccountSid": account_sid, "Source": source}
    return Delivery(hook.url, hook.method, {**fields, **pre_event.fields})


def verdict(event_type: str, status: int | None, body: bytes) -> Verdict:
    """Read the receiver's answer: `status` None means it never answered."""
    if status is None:
        return ALLOWED
    if not 200 <= status < 300:
        return Verdict(allowed=False)
    try:
        answer = json.loads(body or b"{}")
    except ValueError:
        return ALLOWED  # a 200 with some text that is not JSON: nothing to change
    if not isinstance(answer, dict):
        return ALLOWED
    changes = {}
    for name in MODIFIABLE.get(event_type, ()):
        value = answer.get(name)
        if value is not None:
            changes[name] = value if isinstance(value, str) else json.dumps(value)
    return Verdict(changes=changes)
