"""A simulated phone: its SMS inbox as the phone shows it, and a box to text back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
from twilio.rest import Client

from helpers import sandbox_api, views
from helpers.charges import message_refusal
from helpers.connect import is_sandbox
from helpers.forms.bubbles import screen_bubbles, sms_bubbles
from helpers.forms.compose import PANE, Composer, heading, heading_html, tag
from helpers.forms.feedback import Outcome, attempt
from helpers.forms.fields import set_options
from helpers.forms.send import delivered_to
from helpers.forms.thread import ThreadView
from helpers.numbers import groups_of, numbers_to_text
from helpers.phones import send_text

INBOX = 30  # texts a phone pane shows, the latest
GROUP = "group: "  # a To choice that texts a Group MMS: its other members follow


class PhonePane(Composer):
    """An SMS participant's phone: the texts it got (and from which Twilio number), a reply box.

    It offers the Twilio numbers of the conversations the kit may use (live: only its own), the
    one of `conversation_sid` (the conversation on screen) first. Live, the pane shows the
    phone's SMS log and the person texts from their real phone.
    Programmatic face: `text(body, to=None)`, which a click on Send runs too.
    """

    def __init__(
        self,
        client: Client,
        address: str,
        *,
        title: str = "",
        on_sent: Callable[[Any], None] | None = None,
        conversation_sid: str | None = None,
    ) -> None:
        self.client = client
        self.address = address
        self.conversation_sid = conversation_sid
        self.on_sent = on_sent
        self.title = title
        self.inbox = ThreadView(empty="No texts yet.")
        self.heading = heading("📱", address, title)
        self.to = widgets.Dropdown(description="To", layout=widgets.Layout(width="auto"))
        self._message_box("Text message", "Send text")
        tag(inbox=self.inbox, to=self.to)
        if is_sandbox(client):
            reply: list[widgets.Widget] = [self.to, self.body, self.button]
        else:
            reply = [widgets.HTML(f"<small>Text from the real phone {address}.</small>")]
        super().__init__(
            [self.heading, self.inbox, *reply, self.status],
            layout=widgets.Layout(**PANE),
        )
        self.add_class("gtl-phone")
        self.add_class(f"gtl-phone-{address.lstrip('+')}")
        self.refresh()

    def refresh(self) -> bool:
        """Re-read the phone's texts and whom it may text (Twilio numbers, and in the sandbox
        its Group MMS groups); True if it changed."""
        in_use = numbers_to_text(self.client, self.address)
        numbers = sorted(in_use, key=lambda number: in_use[number] != self.conversation_sid)
        sandbox = is_sandbox(self.client)
        groups = groups_of(self.client, self.address) if sandbox else {}
        choices = numbers + [GROUP + ", ".join(members) for members in groups.values()]
        set_options(self.to, choices)
        talks_to = f"texts {', '.join(choices)}" if choices else "in no open conversation"
        title = heading_html("📱", self.address, self.title, talks_to)
        if self.heading.value != title:
            self.heading.value = title
        if sandbox:
            screen = views.phone_screen(self.client, self.address).tail(INBOX)
            return self.inbox.show(screen_bubbles(screen, self.address))
        log = views.sms_log(self.client, self.address, limit=INBOX)
        return self.inbox.show(sms_bubbles(log, self.address))

    def text(self, body: str, to: str | None = None) -> Outcome:
        """Type `body` (to the Twilio number `to`, default the chosen one: at first, that of the
        conversation on screen) and press Send."""
        if to is not None:
            self.to.value = to
        self.body.value = body
        return self.submit()

    def _carry_out(self) -> Outcome:
        body = self.body.value.strip()
        if not body:
            return Outcome(False, "Type a text first.")
        if not self.to.value:
            return Outcome(False, f"{self.address} is in no open conversation: add them first.")
        to = self.to.value
        if to.startswith(GROUP):
            members = to.removeprefix(GROUP).split(", ")
            return attempt(
                self.client,
                lambda: sandbox_api.phone_texts_group(self.client, self.address, members, body),
                lambda _: f"Texted the group {', '.join(members)}",
            )
        conversation_sid = numbers_to_text(self.client, self.address).get(to)
        refused = message_refusal(self.client, conversation_sid, self.address, "this text")
        if refused:
            return Outcome(False, refused)
        return attempt(
            self.client,
            lambda: send_text(self.client, self.address, to, body),
            lambda t: f"Texted {to}: {delivered_to(t)}",
        )
