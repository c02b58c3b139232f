"""Delivery receipts (`DY…`): a Conversations message's fan-out to SMS participants, one receipt
per recipient, the carriers' reports on them (onDeliveryUpdated), and each message's summary."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, fields

from sandbox.engine import limits
from sandbox.engine.context import Context
from sandbox.engine.message_2010 import carrier_reports, message_log, opt_outs
from sandbox.engine.paging import PageRequest, PageResult, fetch_page
from sandbox.errors import NotFound
from sandbox.rows import DeliverySummary, Message, Receipt, SmsRecipient
from sandbox.sids import new_sids

SMS_BODY_TOO_LONG = 21617  # "The concatenated message body exceeds the 1600 character limit"
MMS_TOO_LARGE = 11751  # "Media exceeds messaging provider size limit" (an MMS: 5 MB)
COLUMNS = tuple(field.name for field in fields(Receipt))  # then settle_at, which no receipt shows
INSERT = (
    f"INSERT INTO receipts ({', '.join(COLUMNS)}, settle_at)"
    f" VALUES ({', '.join('?' * (len(COLUMNS) + 1))})"
)
ReceiptValues = tuple[str, str, str, str | None, str, str, int | None, str, str, str | None]


@dataclass(frozen=True)
class FanOut:
    """The receipts a fan-out wrote, as the values written (Receipt's fields, then settle_at):
    a message's summary needs their statuses alone; receipts are built for webhooks only."""

    written: list[ReceiptValues]

    def summary(self) -> DeliverySummary:
        by_status = Counter(values[STATUS] for values in self.written)
        return DeliverySummary(len(self.written), tuple(by_status.items()))

    def receipts(self) -> list[Receipt]:
        return [Receipt(*values[: len(COLUMNS)]) for values in self.written]


STATUS = COLUMNS.index("status")
NONE = FanOut([])


def fan_out(
    ctx: Context,
    conversation_sid: str,
    message_sid: str,
    body: str,
    recipients: list[SmsRecipient],
    now: str,
    media_sids: tuple[str, ...] = (),
    group: list[str] | None = None,
    mms_too_large: bool = False,
) -> FanOut:
    """Each recipient gets the text from the Twilio number given for them; no echo. The seed's
    SMS participants get it from *their own* proxy address; a Group MMS's phones get one MMS
    each whose recipients are the whole `group`.

    Returns the receipts written, one for each: `sent` (its carrier reports later, see
    `carrier_reports`), or `failed` with the code Twilio's Messaging refuses that SMS with (a body
    over 1,600 characters: 21617; media over an MMS's 5 MB: 11751; a phone that opted out of that
    number: 21610). A refused SMS is not in the Messages log, as on Twilio."""
    if not recipients:
        return NONE
    refusals = _refusals(ctx, recipients, body, mms_too_large)
    sendable = [r for r in recipients if r.sid not in refusals]
    channel_sids = message_log.add_outbound(
        ctx,
        [(r.proxy_address, r.address) for r in sendable],
        body,
        conversation_sid,
        media_sids,
        group,
    )
    sent = dict(zip((r.sid for r in sendable), channel_sids, strict=True))
    report = carrier_reports.report_time(ctx) if sendable else None
    written: list[ReceiptValues] = [
        (
            sid, conversation_sid, message_sid, sent.get(r.sid), r.sid,
            "failed" if r.sid in refusals else "sent", refusals.get(r.sid), now, now,
            None if r.sid in refusals else report,
        )
        for sid, r in zip(new_sids("DY", len(recipients)), recipients, strict=True)
    ]  # fmt: skip
    ctx.db.executemany(INSERT, written)
    return FanOut(written)


def _refusals(
    ctx: Context, recipients: list[SmsRecipient], body: str, mms_too_large: bool = False
) -> dict[str, int]:
    """Recipient participant SID → the error Twilio's Messaging refuses their SMS with."""
    if limits.too_long_for_sms(body):
        return {r.sid: SMS_BODY_TOO_LONG for r in recipients}
    if mms_too_large:  # "it will not be fanned out as an MMS message" (Conversations Limits)
        return {r.sid: MMS_TOO_LARGE for r in recipients}
    blocked = opt_outs.blocked(ctx, ((r.address, r.proxy_address) for r in recipients))
    return {
        r.sid: opt_outs.OPTED_OUT for r in recipients if (r.address, r.proxy_address) in blocked
    }


def emit(ctx: Context, receipt: Receipt) -> None:
    """onDeliveryUpdated for a receipt reaching a status (`sent`, then its carrier's report).
    The carrier, not the REST call, reports it, so it fires without X-Twilio-Webhook-Enabled."""
    ctx.emit(
        "onDeliveryUpdated",
        receipt.conversation_sid,
        api=False,
        ConversationSid=receipt.conversation_sid,
        ChatServiceSid=ctx.service_sid,
        MessageSid=receipt.message_sid,
        DeliveryReceiptSid=receipt.sid,
        ChannelMessageSid=receipt.channel_message_sid,
        ParticipantSid=receipt.participant_sid,
        Status=receipt.status,
        ErrorCode=receipt.error_code,
        DateCreated=receipt.date_created,
        DateUpdated=receipt.date_updated,
    )


def summaries(ctx: Context, message_sids: list[str]) -> dict[str, DeliverySummary]:
    """Each message's receipts counted by status (Twilio's `delivery`), in one query for a page;
    a message with no receipt has none."""
    counts: dict[str, dict[str, int]] = {}
    if message_sids:
        marks = ",".join("?" * len(message_sids))
        for row in ctx.db.execute(
            f"SELECT message_sid, status, COUNT(*) AS n FROM receipts"
            f" WHERE message_sid IN ({marks}) GROUP BY message_sid, status",
            message_sids,
        ):
            counts.setdefault(row["message_sid"], {})[row["status"]] = row["n"]
    return {
        sid: DeliverySummary(sum(by_status.values()), tuple(by_status.items()))
        for sid, by_status in counts.items()
    }


def page(ctx: Context, message: Message, request: PageRequest) -> PageResult:
    return fetch_page(ctx.db, "receipts", "message_sid = ?", (message.sid,), "id", request)


def get(ctx: Context, message: Message, sid: str) -> Receipt:
    row = ctx.db.execute(
        "SELECT * FROM receipts WHERE message_sid = ? AND sid = ?", (message.sid, sid)
    ).fetchone()
    if row is None:
        raise NotFound(f"Delivery receipt {sid} of message {message.sid} was not found")
    return Receipt.from_row(row)
