"""The sandbox's own endpoints, which no Twilio API has: simulated phones, the clock, health,
reset."""

from __future__ import annotations

import os
from datetime import timedelta

from sandbox.api import render
from sandbox.api.calls import Call, Reply, asks, created, ok
from sandbox.clock import iso
from sandbox.engine import carriers, pre_events, routing
from sandbox.errors import InvalidParameter
from sandbox.process import SERVICE_NAME


@asks(
    lambda call: pre_events.phone_text(
        call.ctx, call.path["phone"], call.params.get("To") or "", call.params.get("Body")
    )
)
def phone_sends(call: Call) -> Reply:
    """POST /sandbox/Phones/{From}/Messages (To, Body, MediaSid): a phone texts a Twilio number;
    with MediaSid (media uploaded to the Media endpoint first) it sends an MMS."""
    p = call.params
    inbound = routing.phone_sends(
        call.ctx,
        call.path["phone"],
        p.get("To") or "",
        p.get("Body") or "",
        call.verdict,
        tuple(p.get_list("MediaSid")),
    )
    body = render.sms(call.account_sid, inbound.sms)
    body["conversation_sid"] = inbound.conversation_sid
    body["conversation_message_sid"] = inbound.message_sid
    return created(body)


def set_phone_state(call: Call) -> Reply:
    """POST /sandbox/Phones/{phone} (State): reachable, unreachable (30003), landline (30006) or
    filtering (30007); what its carrier reports on the SMS it is sent from now on."""
    state = call.params.get("State")
    if state is None:
        raise InvalidParameter(f"State is required: one of {', '.join(carriers.STATES)}")
    phone = call.path["phone"]
    return ok({"phone": phone, "state": carriers.set_state(call.ctx, phone, state)})


def phone_state(call: Call) -> Reply:
    phone = call.path["phone"]
    return ok({"phone": phone, "state": carriers.state_of(call.ctx, phone)})


def advance_clock(call: Call) -> Reply:
    """POST /sandbox/Clock (Seconds): move the sandbox's clock forward, for timers."""
    seconds = call.params.get_int("Seconds", minimum=0)
    if seconds is None:
        raise InvalidParameter("Seconds is required: how far to move the sandbox's clock")
    call.engine.advance_clock(timedelta(seconds=seconds))
    call.engine.run_due(call.ctx)  # what falls due now happens at once, in this request
    return ok({"now": iso(call.engine.clock.now())})


def read_clock(call: Call) -> Reply:
    return ok({"now": iso(call.engine.clock.now())})


def health(call: Call) -> Reply:
    """GET /sandbox/Health, without credentials: which account this sandbox serves, its pid."""
    return ok(
        {
            "service": SERVICE_NAME,
            "status": "ok",
            "account_sid": call.account_sid,
            "pid": os.getpid(),
        }
    )


def reset(call: Call) -> Reply:
    """POST /sandbox/Reset: forget every resource, as a fresh database would."""
    call.engine.reset()
    return ok({"reset": True})
