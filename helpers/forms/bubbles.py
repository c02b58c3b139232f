"""What the panes show: a phone's SMS log and a conversation as bubbles, and HTML tables."""

from __future__ import annotations

import html
from datetime import datetime
from typing import Any

import pandas as pd

from helpers.forms.thread import Bubble

TABLE_STYLE = """<style>
.gtl-table{border-collapse:collapse;font-size:12px}
.gtl-table th,.gtl-table td{border-bottom:1px solid #e5e7eb;padding:2px 8px;text-align:left}
.gtl-empty{color:#6b7280;font-style:italic}
</style>"""

# A phone shows what it sent as delivered once Twilio has it (the 2010 log's inbound status).
SMS_STATE = {
    "received": "delivered",
    "delivered": "delivered",
    "failed": "failed",
    "undelivered": "failed",
}


def iso(value: datetime | None) -> str:
    return value.isoformat() if isinstance(value, datetime) else ""


def sms_bubbles(log: pd.DataFrame, phone: str) -> list[Bubble]:
    """A phone's SMS log as its screen shows it: each received text says which number sent it."""
    return [_sms_bubble(sms, phone) for sms in log.to_dict("records")]


def screen_bubbles(screen: pd.DataFrame, phone: str) -> list[Bubble]:
    """A simulated phone's screen (views.phone_screen): a group text names its group and, when
    received, who in it wrote."""
    bubbles = []
    for text in screen.to_dict("records"):
        if text["members"] == "(one-to-one)":
            bubbles.append(_sms_bubble(text, phone))
            continue
        sent = text["from"] == phone
        group = f"group with {text['members']}"
        bubbles.append(
            Bubble(
                id=str(text["sid"]),
                body=str(text["body"] or ""),
                meta=f"to the {group}" if sent else f"{text['from']} in the {group}",
                mine=sent,
                time=iso(text["date_sent"]),
                status="",
            )
        )
    return bubbles


def _sms_bubble(sms: dict[str, Any], phone: str) -> Bubble:
    sent = sms["from"] == phone
    other = sms["to"] if sent else sms["from"]
    return Bubble(
        id=str(sms["sid"]),
        body=str(sms["body"] or ""),
        meta=f"{'to' if sent else 'from'} {other}",
        mine=sent,
        time=iso(sms["date_sent"]),
        status=SMS_STATE.get(str(sms["status"]), "sent") if sent else "",
    )


def chat_bubbles(history: pd.DataFrame, me: str) -> list[Bubble]:
    """A conversation as a chat app shows it: each author as the others see them."""
    return [
        Bubble(
            id=str(m.sid),
            body=str(m.body or ""),
            meta=str(m.author),
            mine=m.author == me,
            time=iso(m.date_created),
            status=str(m.delivery or "") if m.author == me else "",
        )
        for m in history.itertuples(index=False)
    ]


def table(frame: pd.DataFrame, empty: str = "Nothing yet.") -> str:
    if frame.empty:
        return f'{TABLE_STYLE}<span class="gtl-empty">{html.escape(empty)}</span>'
    return TABLE_STYLE + frame.to_html(
        index=False, classes="gtl-table", border=0, escape=True, na_rep=""
    )
