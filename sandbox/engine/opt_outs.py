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

from sandbox.engine import sms
from sandbox.engine.context import Context

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
    elif word in OPT_IN:
        ctx.db.execute(
            "DELETE FROM opt_outs WHERE address = ? AND proxy_address = ?", (phone, twilio_number)
        )
        reply = RESUBSCRIBED
    elif word in HELP and not blocked(ctx, [(phone, twilio_number)]):
        reply = HELP_REPLY  # an opted-out phone gets no help reply until it opts back in
    else:
        return
    sms.record(
        ctx,
        sender=twilio_number,
        recipient=phone,
        body=reply,
        conversation_sid=None,
        direction="outbound-reply",
    )


def blocked(ctx: Context, pairs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which of these (phone, Twilio number) pairs are opted out."""
    wanted = list(pairs)
    if not wanted:
        return set()
    clauses = " OR ".join("(address = ? AND proxy_address = ?)" for _ in wanted)
    rows = ctx.db.execute(
        f"SELECT address, proxy_address FROM opt_outs WHERE {clauses}",
        [value for pair in wanted for value in pair],
    )
    return {(address, proxy) for address, proxy in rows}
