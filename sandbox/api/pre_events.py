"""Pre-event webhooks at the HTTP edge: the receiver asked about an action before its write's
transaction begins. The engine describes the action's pre-events and applies the verdict; this
module only asks."""

from __future__ import annotations

from collections.abc import Callable

from starlette.concurrency import run_in_threadpool

from sandbox.api.calls import Call, Write
from sandbox.api.params import Params
from sandbox.dispatch import WebhookRequest
from sandbox.engine import pre_events
from sandbox.engine.engine import Engine
from sandbox.engine.pre_events import ALLOWED, Verdict
from sandbox.errors import ApiError, RejectedByPreWebhook

Ask = Callable[[WebhookRequest], tuple[int | None, bytes]]


async def consult(
    engine: Engine,
    ask: Ask,
    write: Write,
    params: Params,
    path: dict[str, str],
    forced: bool,
    service_sid: str | None = None,
) -> Verdict:
    """Ask the pre-event webhook about this action, if any pre-event of it is filtered for.

    A rejected REST call raises RejectedByPreWebhook; a phone's rejected text comes back as the
    verdict, for the engine to log and drop. An allowed action's changes are in the verdict."""
    if not engine.pre_webhooks_configured:
        return ALLOWED
    try:
        with engine.peek(service_sid) as ctx:
            # Each pre-event asks its conversation's service's target (a phone's text may reach
            # a conversation of any service), else the request's.
            asked = [
                (event, pre_events.target_for(ctx, event))
                for event in write.asks(Call(params, path, ctx, engine))
            ]
    except ApiError:
        return ALLOWED  # the write fails with the same error, with nothing to ask
    changes: dict[str, str] = {}
    for pre_event, hook in asked:
        if hook is None:
            continue
        request = pre_events.webhook_request(hook, engine.account_sid, pre_event, forced)
        if request is None:
            continue
        status, body = await run_in_threadpool(ask, request)
        verdict = pre_events.verdict(pre_event.type, status, body)
        if not verdict.allowed:
            if pre_event.api:
                raise RejectedByPreWebhook()
            return verdict
        changes.update(verdict.changes)
    return Verdict(changes=changes)
