"""The send form: post into a conversation as a chat participant, as a program, or as a phone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
from twilio.rest import Client

from helpers import views
from helpers.charges import message_refusal
from helpers.connect import is_sandbox
from helpers.forms.compose import Composer, fill_in, tag, widen
from helpers.forms.feedback import Outcome, attempt
from helpers.forms.fields import set_options
from helpers.phones import Text, send_text

SENDERS = [("Chat participant", "chat"), ("Program", "program"), ("Phone (sandbox)", "phone")]


def delivered_to(text: Text) -> str:
    if text.conversation_sid:
        return f"it landed in {text.conversation_sid} and went out to the others."
    return (
        "it reached no conversation: no open conversation has this phone on that Twilio "
        "number (the text is only logged, as on Twilio)."
    )


class SendForm(Composer):
    """Send a message into one conversation, as someone.

    Programmatic face: `fill(sender="chat"|"program"|"phone", identity=..., phone=..., body=...)`,
    then `submit()`. Phones send only in the sandbox: live, a phone is a person's real phone.
    """

    def __init__(
        self,
        client: Client,
        conversation_sid: str,
        *,
        on_sent: Callable[[Any], None] | None = None,
    ) -> None:
        self.client = client
        self.conversation_sid = conversation_sid
        self.on_sent = on_sent
        senders = SENDERS if is_sandbox(client) else SENDERS[:2]
        self.sender = widgets.ToggleButtons(description="Send as", options=senders, value="chat")
        self.identity = widgets.Dropdown(description="Identity")
        self.phone = widgets.Dropdown(description="Phone")
        self._message_box("Type a message", "Send")
        tag(sender=self.sender, identity=self.identity, phone=self.phone)
        widen(self.sender, self.identity, self.phone)
        self.body.layout.width = "520px"
        live = "<br><small>Live: phones text from real phones.</small>"
        note = "" if is_sandbox(client) else live
        super().__init__(
            [
                widgets.HTML(f"<b>Send a message</b>{note}"),
                self.sender,
                self.identity,
                self.phone,
                self.body,
                self.button,
                self.status,
            ]
        )
        self.add_class("gtl-send-form")
        self.sender.observe(lambda _: self._show_fields(), names="value")
        self.refresh_people()
        self._show_fields()

    def refresh_people(self) -> None:
        """Fill the identity and phone choices from the conversation's participants."""
        people = views.participants(self.client, self.conversation_sid)
        chat = people[people["kind"] == "chat"]
        sms = people[people["kind"] == "sms"]
        set_options(self.identity, list(chat["identity"]))
        phones = [
            (f"{row.address} → {row.proxy_address}", (row.address, row.proxy_address))
            for row in sms.itertuples(index=False)
        ]
        set_options(self.phone, phones)

    def fill(
        self,
        *,
        sender: str | None = None,
        identity: str | None = None,
        phone: str | None = None,
        body: str | None = None,
    ) -> SendForm:
        """Set fields as a person would (`phone` is the phone's own number)."""
        binding = next((v for _, v in self.phone.options if v[0] == phone), None)
        if phone is not None and binding is None:
            raise ValueError(f"{phone} is not an SMS participant of this conversation.")
        fill_in(
            {self.sender: sender, self.identity: identity, self.phone: binding, self.body: body}
        )
        return self

    def _carry_out(self) -> Outcome:
        body = self.body.value.strip()
        if not body:
            return Outcome(False, "Type a message first.")
        messages = self.client.conversations.v1.conversations(self.conversation_sid).messages
        author = self._author()
        refused = message_refusal(self.client, self.conversation_sid, author, "this message")
        if refused:
            return Outcome(False, refused)
        if self.sender.value == "program":
            return attempt(
                self.client,
                lambda: messages.create(body=body),
                lambda m: f"Posted by a program as message #{m.index} (author {m.author}).",
            )
        if self.sender.value == "chat":
            identity = self.identity.value
            if not identity:
                return Outcome(False, "This conversation has no chat participant yet: add one.")
            return attempt(
                self.client,
                lambda: messages.create(author=identity, body=body),
                lambda m: f"Sent as {identity}: message #{m.index}.",
            )
        if not self.phone.value:
            return Outcome(False, "This conversation has no SMS participant yet: add one.")
        address, proxy = self.phone.value
        return attempt(
            self.client,
            lambda: send_text(self.client, address, proxy, body),
            lambda t: f"{address} texted {proxy}: {delivered_to(t)}",
        )

    def _author(self) -> str | None:
        if self.sender.value == "chat":
            return str(self.identity.value or "")
        if self.sender.value == "phone" and self.phone.value:
            return str(self.phone.value[0])
        return None

    def _show_fields(self) -> None:
        self.identity.layout.display = None if self.sender.value == "chat" else "none"
        self.phone.layout.display = None if self.sender.value == "phone" else "none"
