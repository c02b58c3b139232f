"""The sandbox's own endpoints, which no Twilio API has: simulated phones, the clock, health,
reset."""

from __future__ import annotations

import os
from datetime import timedelta

from lab_contract.defaults import SERVICE_NAME
from sandbox.api import representations
from sandbox.api.calls import Call, Reply, asks, created, ok
from sandbox.clock import iso
from sandbox.engine import pre_events, routing
from sandbox.engine.message_2010 import carrier_reports, message_log
from sandbox.errors import InvalidParameter


def _text_pre_events(call: Call) -> list[pre_events.PreEvent]:
    """What a phone's text asks first: of a group text (To repeated), its group's message."""
    recipients, body = call.params.get_list("To"), call.params.get("Body")
    if len(recipients) > 1:
        return pre_events.group_text(call.ctx, call.path["phone"], recipients, body)
    return pre_events.phone_text(call.ctx, call.path["phone"], call.params.get("To") or "", body)


@asks(_text_pre_events)
def phone_sends(call: Call) -> Reply:
    """POST /sandbox/Phones/{From}/Messages (To, Body, MediaSid): a phone texts a Twilio number;
    with MediaSid (media uploaded to the Media endpoint first) it sends an MMS; with To repeated
    (a Twilio number and the other phones) it texts a Group MMS (text only)."""
    p = call.params
    recipients = p.get_list("To")
    if len(recipients) > 1:
        inbound = routing.phone_texts_group(
            call.ctx, call.path["phone"], recipients, p.get("Body") or "", call.verdict
        )
    else:
        inbound = routing.phone_sends(
            call.ctx,
            call.path["phone"],
            p.get("To") or "",
            p.get("Body") or "",
            call.verdict,
            tuple(p.get_list("MediaSid")),
        )
    body = representations.sms(call.account_sid, inbound.sms)
    body["conversation_sid"] = inbound.conversation_sid
    body["conversation_message_sid"] = inbound.message_sid
    return created(body)


def set_phone_state(call: Call) -> Reply:
    """POST /sandbox/Phones/{phone} (State): reachable, unreachable (30003), landline (30006) or
    filtering (30007); what its carrier reports on the SMS it is sent from now on."""
    state = call.params.get("State")
    if state is None:
        raise InvalidParameter(f"State is required: one of {', '.join(carrier_reports.STATES)}")
    phone = call.path["phone"]
    return ok({"phone": phone, "state": carrier_reports.set_state(call.ctx, phone, state)})


def phone_state(call: Call) -> Reply:
    phone = call.path["phone"]
    return ok({"phone": phone, "state": carrier_reports.state_of(call.ctx, phone)})


def phone_inbox(call: Call) -> Reply:
    """GET /sandbox/Phones/{phone}/Messages: what the phone's screen holds, newest first; a group
    text lists its members."""
    phone = call.path["phone"]
    texts = message_log.phone_inbox(call.ctx, phone)
    return ok({"messages": [representations.phone_text(phone, text) for text in texts]})


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
