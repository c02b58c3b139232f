"""A message's journey, drawn: sender → Twilio number → conversation → each recipient."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

import matplotlib
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from twilio.rest import Client

from helpers import views

CHANNEL_COLORS = {"sms": "#f22f46", "chat": "#0263e0", "system": "#6b6d76"}


@dataclass(frozen=True)
class Hop:
    """One end of the journey: who, on which channel, through which Twilio number (SMS only)."""

    who: str
    channel: str
    twilio_number: str | None


@dataclass(frozen=True)
class Journey:
    """How one conversation message travelled: from its author to every other participant."""

    conversation_sid: str
    index: int
    body: str
    sender: Hop
    recipients: list[Hop]
    group: bool = False  # a Group MMS: every phone sees the whole group and who wrote

    def figure(self) -> Figure:
        return draw_journey(self)

    def _repr_svg_(self) -> str:
        buffer = io.StringIO()
        # Text stays text in the SVG, so the browser draws glyphs (emoji) matplotlib lacks.
        with matplotlib.rc_context({"svg.fonttype": "none"}), warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Glyph .* missing", category=UserWarning)
            self.figure().savefig(buffer, format="svg", bbox_inches="tight")
        return buffer.getvalue()


def journey(client: Client, conversation_sid: str, index: int | None = None) -> Journey:
    """The journey of message `index` (the latest by default) of a conversation."""
    people = views.participants(client, conversation_sid)
    history = views.messages(client, conversation_sid, limit=None if index is not None else 1)
    if history.empty:
        raise LookupError(f"Conversation {conversation_sid} has no messages yet.")
    chosen = history if index is None else history[history["index"] == index]
    if chosen.empty:
        raise LookupError(f"Conversation {conversation_sid} has no message #{index}.")
    message = chosen.iloc[-1]
    author = people[people["sid"] == message["participant_sid"]]
    sender = Hop(str(message["author"]), "system", None) if author.empty else _hop(author.iloc[0])
    others = people[people["sid"] != message["participant_sid"]]
    projected = [str(n) for n in people["projected_address"].dropna()]
    if projected:
        return _group_mms_journey(conversation_sid, message, sender, others, projected)
    recipients = [_hop(p) for _, p in others.iterrows()]
    return Journey(
        conversation_sid, int(message["index"]), message["body"] or "", sender, recipients
    )


def _group_mms_journey(
    conversation_sid: str,
    message: pd.Series,
    sender: Hop,
    others: pd.DataFrame,
    projected: list[str],
) -> Journey:
    """A Group MMS: a chat user's message leaves through their projected number as one MMS to
    each phone; a phone's group text reaches Twilio at the projected number, and its carrier
    takes it to the other phones itself."""
    from_phone = sender.channel == "sms"
    via = projected[0] if from_phone else (sender.twilio_number or projected[0])
    sender = Hop(sender.who, sender.channel, via)
    recipients = [
        Hop(p["address"], "sms", "carrier (group MMS)" if from_phone else f"MMS from {via}")
        if p["kind"] == "sms"
        else Hop(p["identity"], "chat", None)
        for _, p in others.iterrows()
        if p["kind"] == "sms" or not pd.isna(p["identity"])
    ]
    index, body = int(message["index"]), message["body"] or ""
    return Journey(conversation_sid, index, body, sender, recipients, group=True)


def _hop(participant: pd.Series) -> Hop:
    if participant["kind"] == "sms":
        return Hop(participant["address"], "sms", participant["proxy_address"])
    projected = participant["projected_address"]  # a Group MMS chat user's number
    return Hop(participant["identity"], "chat", None if pd.isna(projected) else projected)


def draw_journey(r: Journey) -> Figure:
    """A left-to-right picture: columns sender, Twilio number, conversation, number, recipient."""
    rows = max(len(r.recipients), 1)
    figure = Figure(figsize=(11, 1.1 + 0.9 * rows))
    axes = figure.add_subplot()
    axes.set_xlim(-0.6, 4.6)
    axes.set_ylim(-0.8, rows - 0.2)
    axes.axis("off")
    middle = (rows - 1) / 2
    title = f"Message #{r.index}: {r.body[:60]!r}"
    if r.group:
        title = f"Group MMS {title}: each phone sees the whole group"
    axes.set_title(title, loc="left", fontsize=11)
    axes.set_title("red: SMS   blue: chat   grey: REST API", loc="right", fontsize=9)
    inbound = r.sender.twilio_number or ("Conversations SDK" if r.sender.channel == "chat" else "")
    _box(axes, 0, middle, r.sender.who, r.sender.channel)
    _box(axes, 1, middle, inbound or "REST API", r.sender.channel, number=True)
    _box(axes, 2, middle, f"conversation\n{r.conversation_sid[:10]}…", "system")
    _arrow(axes, (0, middle), (1, middle), r.sender.channel)
    _arrow(axes, (1, middle), (2, middle), r.sender.channel)
    for row, hop in enumerate(reversed(r.recipients)):
        outbound = hop.twilio_number or "chat client"
        _box(axes, 3, row, outbound, hop.channel, number=True)
        _box(axes, 4, row, hop.who, hop.channel)
        _arrow(axes, (2, middle), (3, row), hop.channel)
        _arrow(axes, (3, row), (4, row), hop.channel)
    if not r.recipients:
        axes.text(3.5, middle, "no other participant: nobody receives it", ha="center")
    for x, label in enumerate(("sender", "via", "", "via", "recipient")):
        axes.text(x, -0.7, label, ha="center", fontsize=9, color="#6b6d76")
    return figure


def _box(axes: Axes, x: float, y: float, text: str, channel: str, number: bool = False) -> None:
    color = CHANNEL_COLORS.get(channel, "#6b6d76")
    style = "round,pad=0.35" if not number else "square,pad=0.3"
    axes.text(
        x,
        y,
        text,
        ha="center",
        va="center",
        fontsize=9,
        color="white" if not number else color,
        bbox={"boxstyle": style, "facecolor": color if not number else "white", "edgecolor": color},
    )


def _arrow(axes: Axes, start: tuple[float, float], end: tuple[float, float], channel: str) -> None:
    color = CHANNEL_COLORS.get(channel, "#6b6d76")
    axes.annotate(
        "",
        xy=(end[0] - 0.38, end[1]),
        xytext=(start[0] + 0.38, start[1]),
        arrowprops={"arrowstyle": "->", "color": color, "lw": 1.4},
    )
