"""A chat participant's app: the conversation as they see it, and a box to send."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
import pandas as pd
from twilio.rest import Client

from helpers import views
from helpers.charges import message_refusal
from helpers.forms.bubbles import chat_bubbles
from helpers.forms.compose import PANE, Composer, heading, tag
from helpers.forms.feedback import Outcome, attempt
from helpers.forms.thread import ThreadView

CHAT_HISTORY = 50  # messages a chat pane shows (and the playground reads for its table)


class ChatClient(Composer):
    """`identity`'s view of a conversation: SMS participants appear by their phone numbers.

    Programmatic face: `send(body)`, which a click on Send runs too.
    """

    def __init__(
        self,
        client: Client,
        conversation_sid: str,
        identity: str,
        *,
        title: str = "",
        on_sent: Callable[[Any], None] | None = None,
    ) -> None:
        self.client = client
        self.conversation_sid = conversation_sid
        self.identity = identity
        self.on_sent = on_sent
        self.history = ThreadView(empty="No messages yet.")
        self._message_box("Chat message", "Send")
        tag(history=self.history)
        super().__init__(
            [
                heading("💬", identity, title, "chat: SMS participants appear by their numbers"),
                self.history,
                self.body,
                self.button,
                self.status,
            ],
            layout=widgets.Layout(**PANE),
        )
        self.add_class("gtl-chat")
        self.refresh()

    def refresh(self, latest: pd.DataFrame | None = None) -> bool:
        """Re-read the latest messages (or show `latest`, read by the caller for several
        panes); True if what the pane shows changed."""
        if latest is None:
            latest = views.messages(self.client, self.conversation_sid, limit=CHAT_HISTORY)
        return self.history.show(chat_bubbles(latest, self.identity))

    def send(self, body: str) -> Outcome:
        """Type `body` and press Send."""
        self.body.value = body
        return self.submit()

    def _carry_out(self) -> Outcome:
        body = self.body.value.strip()
        if not body:
            return Outcome(False, "Type a message first.")
        refused = message_refusal(self.client, self.conversation_sid, self.identity, "this message")
        if refused:
            return Outcome(False, refused)
        messages = self.client.conversations.v1.conversations(self.conversation_sid).messages
        return attempt(
            self.client,
            lambda: messages.create(author=self.identity, body=body),
            lambda m: f"Sent as message #{m.index}; each phone gets it by SMS.",
        )
