"""HTML for the panes: a phone's SMS thread, a chat thread, a table. Everything escaped."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime

import pandas as pd

STYLE = """<style>
.gtl-thread{display:flex;flex-direction:column;gap:4px;max-height:320px;overflow-y:auto;
  padding:6px;background:#f4f5f7;border-radius:8px;min-height:80px;font-size:13px}
.gtl-bubble{max-width:80%;padding:5px 9px;border-radius:12px;line-height:1.3}
.gtl-in{align-self:flex-start;background:#ffffff;border:1px solid #d9dbe0}
.gtl-out{align-self:flex-end;background:#2f6fed;color:#ffffff}
.gtl-meta{display:block;font-size:10px;opacity:.75}
.gtl-empty{color:#6b7280;font-style:italic}
.gtl-table{border-collapse:collapse;font-size:12px}
.gtl-table th,.gtl-table td{border-bottom:1px solid #e5e7eb;padding:2px 8px;text-align:left}
</style>"""


@dataclass(frozen=True)
class Bubble:
    """One message in a thread: `mine` ones sit on the right, like on a phone."""

    body: str
    meta: str
    mine: bool


def clock(value: datetime | None) -> str:
    return value.strftime("%H:%M:%S") if isinstance(value, datetime) else ""


def thread(bubbles: list[Bubble], empty: str) -> str:
    """A scrolling thread of bubbles, newest at the bottom."""
    if not bubbles:
        note = f'<span class="gtl-empty">{html.escape(empty)}</span>'
        return f'{STYLE}<div class="gtl-thread">{note}</div>'
    items = "".join(
        f'<div class="gtl-bubble {"gtl-out" if b.mine else "gtl-in"}">'
        f'<span class="gtl-meta">{html.escape(b.meta)}</span>{html.escape(b.body)}</div>'
        for b in bubbles
    )
    return f'{STYLE}<div class="gtl-thread">{items}</div>'


def sms_bubbles(log: pd.DataFrame, phone: str) -> list[Bubble]:
    """A phone's SMS log as its screen shows it: each received text says which number sent it."""
    bubbles = []
    for sms in log.to_dict("records"):
        sent = sms["from"] == phone
        other = sms["to"] if sent else sms["from"]
        meta = f"{'to' if sent else 'from'} {other} · {clock(sms['date_sent'])}"
        bubbles.append(Bubble(str(sms["body"] or ""), meta, sent))
    return bubbles


def chat_bubbles(history: pd.DataFrame, me: str) -> list[Bubble]:
    """A conversation as a chat app shows it: each author as the others see them."""
    return [
        Bubble(str(m.body or ""), f"{m.author} · {clock(m.date_created)}", m.author == me)
        for m in history.itertuples(index=False)
    ]


def table(frame: pd.DataFrame, empty: str = "Nothing yet.") -> str:
    if frame.empty:
        return f'<span class="gtl-empty">{html.escape(empty)}</span>'
    return STYLE + frame.to_html(index=False, classes="gtl-table", border=0, escape=True, na_rep="")
