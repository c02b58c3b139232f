"""HTTP handlers of `/v1/Configuration`: the account's default service, messaging service and
timers."""

from __future__ import annotations

from sandbox.api import representations
from sandbox.api.calls import Call, Reply, ok
from sandbox.engine import configuration


def fetch_configuration(call: Call) -> Reply:
    return ok(representations.configuration(call.account_sid, configuration.get(call.ctx)))


def update_configuration(call: Call) -> Reply:
    p = call.params
    updated = configuration.update(
        call.ctx,
        chat_service_sid=p.get("DefaultChatServiceSid"),
        messaging_service_sid=p.get("DefaultMessagingServiceSid"),
        inactive_timer=p.get("DefaultInactiveTimer"),
        closed_timer=p.get("DefaultClosedTimer"),
    )
    return ok(representations.configuration(call.account_sid, updated))
