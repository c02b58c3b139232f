"""The playground: every participant side by side, and the conversation, refreshing itself."""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Any

import ipywidgets as widgets
from twilio.rest import Client

from helpers import views
from helpers.connect import is_sandbox
from helpers.forms.bubbles import table
from helpers.forms.chat import CHAT_HISTORY, ChatClient
from helpers.forms.compose import Composer
from helpers.forms.feedback import attempt
from helpers.forms.phone import PhonePane
from helpers.forms.poller import Poller
from helpers.forms.send import SendForm

HISTORY = 10  # rows of the conversation's table: the latest
SANDBOX_INTERVAL = 1.0  # seconds between refreshes; the sandbox answers in milliseconds
LIVE_INTERVAL = 5.0  # kinder to Twilio's rate limits
LIVE_BACKOFF = 2.0  # live, each quiet refresh doubles the wait…
LIVE_MAX_INTERVAL = 60.0  # …up to a minute; anything new brings it back to LIVE_INTERVAL
IDLE_AFTER = 600.0  # auto-refresh pauses after ten minutes with nothing new


class Playground(widgets.VBox):
    """Be the participants: one pane per phone and per chat identity, plus the history.

    Texts and chat messages sent from a pane travel through the API like any other; the panes
    refresh after each send and every `interval` seconds while auto-refresh is on.
    """

    def __init__(
        self,
        client: Client,
        conversation_sid: str,
        *,
        interval: float | None = None,
        idle_after: float = IDLE_AFTER,
        auto_refresh: bool = True,
    ) -> None:
        self.client = client
        self.conversation_sid = conversation_sid
        self._lock = threading.RLock()
        self.phones: list[PhonePane] = []
        self.chats: list[ChatClient] = []
        self.cast = widgets.HBox([], layout=widgets.Layout(flex_flow="row wrap"))
        self.send = SendForm(client, conversation_sid, on_sent=self._sent)
        self.send.fill(sender="program")
        self.history = widgets.HTML()
        self.history.add_class("gtl-history")
        self.auto = widgets.ToggleButton(value=auto_refresh, description="Auto-refresh")
        self.refresh_button = widgets.Button(description="Refresh now")
        self.clock = widgets.HTML()
        self.auto.add_class("gtl-auto")
        self.refresh_button.add_class("gtl-refresh")
        self.clock.add_class("gtl-clock")
        live = not is_sandbox(client)
        every = interval or (LIVE_INTERVAL if live else SANDBOX_INTERVAL)
        self.poller = Poller(
            self.refresh,
            interval=every,
            idle_after=idle_after,
            on_stop=self._paused,
            backoff=LIVE_BACKOFF if live else 1.0,
            max_interval=LIVE_MAX_INTERVAL if live else None,
        )
        super().__init__(
            [
                widgets.HBox([self.auto, self.refresh_button, self.clock]),
                self.cast,
                widgets.HBox(
                    [
                        widgets.VBox([widgets.HTML("<b>The conversation</b>"), self.history]),
                        self.send,
                    ]
                ),
            ]
        )
        self.add_class("gtl-playground")
        self._view_count = 0  # the front end counts the views on screen from now on
        self.observe(self._on_screen, names="_view_count")
        self.auto.observe(lambda _: self._toggle(), names="value")
        self.refresh_button.on_click(lambda _: self._refresh_now())
        self.refresh()
        self._toggle()

    @property
    def panes(self) -> list[Composer]:
        return [*self.phones, *self.chats]

    def phone(self, address: str) -> PhonePane:
        return next(pane for pane in self.phones if pane.address == address)

    def chat(self, identity: str) -> ChatClient:
        return next(pane for pane in self.chats if pane.identity == identity)

    def refresh(self) -> bool:
        """Re-read who is in, every pane and the history; True if anything changed."""
        with self._lock:
            changed = [self._recast()]
            changed += [phone.refresh() for phone in self.phones]
            # One read of the history serves every chat pane and the table below them.
            latest = views.messages(self.client, self.conversation_sid, limit=CHAT_HISTORY)
            changed += [chat.refresh(latest) for chat in self.chats]
            columns = ["index", "author", "author_kind", "body", "date_created"]
            html = table(latest[columns].tail(HISTORY), "No messages yet.")
            if html != self.history.value:
                self.history.value = html
                changed.append(True)
            self._tell(f"updated {datetime.now():%H:%M:%S}")
            return any(changed)

    def _recast(self) -> bool:
        """One pane per participant, in the order they joined: new ones get a pane, those who
        left lose theirs. True if the cast changed."""
        people = views.participants(self.client, self.conversation_sid)
        kept = {pane.address: pane for pane in self.phones} | {c.identity: c for c in self.chats}
        phones: list[PhonePane] = []
        chats: list[ChatClient] = []
        joined: list[Composer] = []
        for number, person in enumerate(people.itertuples(index=False), start=1):
            title = f"participant #{number}"
            if person.kind == "sms":
                pane = kept.pop(person.address, None)
                if not isinstance(pane, PhonePane):
                    pane = PhonePane(
                        self.client,
                        person.address,
                        title=title,
                        on_sent=self._sent,
                        conversation_sid=self.conversation_sid,
                    )
                phones.append(pane)
                joined.append(pane)
            else:
                chat = kept.pop(person.identity, None)
                if not isinstance(chat, ChatClient):
                    chat = ChatClient(
                        self.client,
                        self.conversation_sid,
                        person.identity,
                        title=title,
                        on_sent=self._sent,
                    )
                chats.append(chat)
                joined.append(chat)
        if (phones, chats) == (self.phones, self.chats):
            return False
        for gone in kept.values():
            gone.close()
        self.phones, self.chats = phones, chats
        self.cast.children = tuple(joined)
        self.send.refresh_people()
        return True

    def close(self) -> None:
        """Stop refreshing, then close the widgets."""
        self.poller.stop()
        for pane in self.panes:
            pane.close()
        super().close()

    def _on_screen(self, change: dict[str, Any]) -> None:
        """The last view went away (output cleared, notebook closed): stop; back: resume."""
        if change["new"] == 0 and change["old"]:
            self.poller.stop()
            self._tell("auto-refresh stopped: the playground is not on screen")
        elif change["new"] and not change["old"] and self.auto.value:
            self.poller.start()

    def _sent(self, _: Any) -> None:
        self._refresh_now()

    def _refresh_now(self) -> None:
        """Refresh for a click: a failure (say, the conversation is gone) is said, not raised."""
        outcome = attempt(self.client, self.refresh, lambda _: "")
        if not outcome.ok:
            self._tell(outcome.message)

    def _toggle(self) -> None:
        if self.auto.value:
            self.poller.start()
        else:
            self.poller.stop()
        self._tell(f"updated {datetime.now():%H:%M:%S}")

    def _paused(self, reason: str) -> None:
        self.auto.value = False
        self._tell(reason)

    def _tell(self, what: str) -> None:
        every = f"every {self.poller.interval:g} s" if self.auto.value else "auto-refresh off"
        self.clock.value = f"<small>{what} · {every}</small>"
