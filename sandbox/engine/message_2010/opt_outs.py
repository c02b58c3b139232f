"""Opt-outs: a phone that texts STOP to a Twilio number gets nothing more from that number.

Twilio's default handling for long codes ("Twilio support for opt-out keywords (SMS STOP
filtering)", help.twilio.com/articles/223134027; the Advanced Opt-Out tutorial,
https://www.twilio.com/docs/messaging/tutorials/advanced-opt-out; read 2026-11-26): a single
keyword, in any case, blocks or unblocks the pair (phone, Twilio number) and gets Twilio's
reply from that number; the text itself still goes on to the application. Sends to a blocked
pair fail with 21610 (https://www.twilio.com/docs/api/errors/21610).
"""

from __future__ import annotations

from collections.abc import Iterable

from sandbox.engine import messaging_services
from sandbox.engine.context import Context
from sandbox.engine.message_2010 import message_log

OPT_OUT = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"})
OPT_IN = frozenset({"START", "YES", "UNSTOP"})
HELP = frozenset({"HELP", "INFO"})

UNSUBSCRIBED = (
    "You have successfully been unsubscribed. You will not receive any more messages from "
    "this number. Reply START to resubscribe."
)
RESUBSCRIBED = (
    "You have successfully been re-subscribed to messages from this number. Reply HELP for "
    "help. Reply STOP to unsubscribe. Msg&Data Rates May Apply."
)
HELP_REPLY = "Reply STOP to unsubscribe. Msg&Data Rates May Apply."
OPTED_OUT = 21610  # "Attempt to send to unsubscribed recipient"


def answer(ctx: Context, phone: str, twilio_number: str, body: str) -> None:
    """What Twilio does with a keyword from `phone` to `twilio_number`: block, unblock, help."""
    word = body.strip().upper()
    if word in OPT_OUT:
        ctx.db.execute(
            "INSERT OR IGNORE INTO opt_outs (address, proxy_address, date_created)"
            " VALUES (?, ?, ?)",
            (phone, twilio_number, ctx.now()),
        )
        reply = UNSUBSCRIBED
    elif word in OPT_IN:  # through a number of a Messaging Service: back in for its whole pool
        numbers = _scope(ctx, {twilio_number})[twilio_number]
        ctx.db.executemany(
            "DELETE FROM opt_outs WHERE address = ? AND proxy_address = ?",
            [(phone, number) for number in numbers],
        )
        reply = RESUBSCRIBED
    elif word in HELP and not blocked(ctx, [(phone, twilio_number)]):
        reply = HELP_REPLY  # an opted-out phone gets no help reply until it opts back in
    else:
        return
    message_log.add(
        ctx,
        sender=twilio_number,
        recipient=phone,
        body=reply,
        conversation_sid=None,
        direction="outbound-reply",
    )


def blocked(ctx: Context, pairs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which of these (phone, Twilio number) pairs are opted out: the phone opted out of that
    number, or of another number of the same Messaging Service's pool."""
    wanted = list(pairs)
    if not wanted:
        return set()
    scope = _scope(ctx, {number for _, number in wanted})
    asked = sorted({(phone, other) for phone, number in wanted for other in scope[number]})
    clauses = " OR ".join("(address = ? AND proxy_address = ?)" for _ in asked)
    rows = ctx.db.execute(
        f"SELECT address, proxy_address FROM opt_outs WHERE {clauses}",
        [value for pair in asked for value in pair],
    )
    opted_out = {(address, proxy) for address, proxy in rows}
    if not opted_out:  # most texts: no phone has opted out
        return set()
    return {
        (phone, number)
        for phone, number in wanted
        if any((phone, other) in opted_out for other in scope[number])
    }


def _scope(ctx: Context, numbers: set[str]) -> dict[str, tuple[str, ...]]:
    """What an opt-out through each number covers: the number, or its Messaging Service's whole
    pool (https://www.twilio.com/docs/proxy/opt-out-keywords: "Unlike with a Messaging Service,
    opt-out keyword replies will not apply to the entire pool of phone numbers in a Proxy
    Service pool")."""
    pools = messaging_services.pool_siblings(ctx, numbers)
    return {number: pools.get(number, (number,)) for number in numbers}
