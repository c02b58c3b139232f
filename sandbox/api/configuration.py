"""HTTP handler of `/v1/Configuration`: the account's default Conversations Service."""

from __future__ import annotations

from sandbox.api import render
from sandbox.api.calls import Call, Reply, ok


def fetch_configuration(call: Call) -> Reply:
    return ok(render.configuration(call.account_sid, call.ctx.service_sid))
