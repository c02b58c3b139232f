"""The add-participant form: SMS (mobile + Twilio number) or chat (identity), then the table."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets
from twilio.rest import Client
from twilio.rest.conversations.v1.conversation.participant import ParticipantInstance

from helpers import views
from helpers.forms.bubbles import table
from helpers.forms.compose import Form, fill_in, tag, widen
from helpers.forms.feedback import Outcome, Status, attempt
from helpers.forms.fields import PhoneField, set_options
from helpers.kit_marks import kit_attributes
from helpers.numbers import NoFreeNumber, numbers_to_offer, proxies_in_use, suggest_proxy

SUGGEST = "suggest"  # the Twilio-number choice "a free one, please" (the allocator)
TABLE_COLUMNS = ["kind", "identity", "address", "proxy_address", "sid"]


def conversation_options(client: Client) -> list[tuple[str, str]]:
    """(label, SID) for each conversation that is not closed: participants join only those."""
    found = views.conversations(client)
    found = found[found["state"] != "closed"]
    return [
        (f"{row.unique_name or row.friendly_name or row.sid} ({row.sid[:8]}…)", row.sid)
        for row in found.itertuples(index=False)
    ]


class AddParticipantForm(Form):
    """Add an SMS or chat participant to a conversation, then show who is in it.

    Programmatic face: `fill(kind=..., address=..., proxy=..., identity=...)`, then `submit()`;
    a click on Add runs the same `submit()`.
    """

    def __init__(
        self,
        client: Client,
        conversation_sid: str | None = None,
        *,
        on_added: Callable[[ParticipantInstance], None] | None = None,
    ) -> None:
        self.client = client
        self.on_added = on_added
        self.numbers = numbers_to_offer(client)
        self._make_fields(conversation_sid)
        super().__init__(self._layout())
        self.add_class("gtl-add-participant")
        self._wire()
        self._show_fields()
        self._annotate_numbers()
        self.refresh_table()

    def _make_fields(self, conversation_sid: str | None) -> None:
        """The form's widgets, each tagged with the name a test or a program finds it by."""
        options = conversation_options(self.client)
        self.conversation = widgets.Dropdown(description="Conversation", options=options)
        if conversation_sid:
            self.conversation.value = conversation_sid
        self.kind = widgets.ToggleButtons(
            description="Channel", options=[("SMS", "sms"), ("Chat", "chat")], value="sms"
        )
        self.phone = PhoneField("Mobile")
        self.proxy = widgets.Dropdown(description="Twilio no.")
        self.identity = widgets.Text(description="Identity", placeholder="participant-3")
        self.button = widgets.Button(description="Add participant", button_style="primary")
        self.reload = widgets.Button(
            description="Reload", tooltip="Re-read the conversations and numbers"
        )
        self.status = Status()
        self.table = widgets.HTML()
        widen(self.conversation, self.kind, self.phone.text, self.proxy, self.identity)
        self.sms_fields = widgets.VBox([self.phone, self.proxy])
        self.chat_fields = widgets.VBox([self.identity])
        tag(
            conversation=self.conversation,
            kind=self.kind,
            proxy=self.proxy,
            identity=self.identity,
            add=self.button,
            reload=self.reload,
            status=self.status,
            participants=self.table,
        )

    def _layout(self) -> list[widgets.Widget]:
        return [
            widgets.HTML("<b>Add a participant</b>"),
            self.conversation,
            self.kind,
            self.sms_fields,
            self.chat_fields,
            widgets.HBox([self.button, self.reload]),
            self.status,
            self.table,
        ]

    def _wire(self) -> None:
        """What each change and click does: the same methods a program calls."""
        self.kind.observe(lambda _: self._show_fields(), names="value")
        self.phone.text.observe(lambda _: self._annotate_numbers(), names="value")
        self.conversation.observe(lambda _: self.refresh_table(), names="value")
        self.button.on_click(lambda _: self.submit())
        self.reload.on_click(lambda _: self.refresh())

    def fill(
        self,
        *,
        kind: str | None = None,
        address: str | None = None,
        proxy: str | None = None,
        identity: str | None = None,
        conversation_sid: str | None = None,
    ) -> AddParticipantForm:
        """Set fields as a person would type them (`proxy="suggest"` asks for a free number)."""
        fill_in(
            {
                self.conversation: conversation_sid,
                self.kind: kind,
                self.phone.text: address,
                self.proxy: proxy,
                self.identity: identity,
            }
        )
        return self

    def _done(self, outcome: Outcome) -> None:
        """Clear the inputs for the next person and show who is in the conversation now."""
        self.phone.text.value = ""
        self.identity.value = ""
        self.refresh_table()
        if self.on_added:
            self.on_added(outcome.result)

    def refresh(self) -> None:
        """Re-read the conversations, the account's numbers and the table (made elsewhere)."""
        set_options(self.conversation, conversation_options(self.client))
        self.refresh_table()
        self._annotate_numbers()

    def refresh_table(self) -> None:
        """Show who is in the chosen conversation now (and re-read the account's numbers)."""
        self.numbers = numbers_to_offer(self.client)
        sid = self.conversation.value
        if not sid:
            self.table.value = table(views.frame([], TABLE_COLUMNS), "No open conversation.")
            return
        people = views.participants(self.client, sid)[TABLE_COLUMNS]
        self.table.value = table(people, "Nobody in this conversation yet.")

    def _carry_out(self) -> Outcome:
        sid = self.conversation.value
        if not sid:
            return Outcome(False, "Choose a conversation first (create one in notebook 01).")
        participants = self.client.conversations.v1.conversations(sid).participants
        if self.kind.value == "chat":
            identity = self.identity.value.strip()
            if not identity:
                return Outcome(False, "Type the chat participant's identity, e.g. participant-3.")
            return attempt(
                self.client,
                lambda: participants.create(identity=identity, attributes=kit_attributes()),
                lambda p: f"Added chat participant {identity} ({p.sid}).",
            )
        check = self.phone.check()
        if not check.ok:
            return Outcome(False, f"Mobile number: {check.message}")
        address, proxy = self.phone.value, self.proxy.value
        if not proxy:
            return Outcome(False, "This account has no Twilio number yet: buy one in notebook 00.")
        if proxy == SUGGEST:
            try:
                proxy = suggest_proxy(self.client, address)
            except NoFreeNumber as error:
                return Outcome(False, str(error))
        return attempt(
            self.client,
            lambda: participants.create(
                messaging_binding_address=address,
                messaging_binding_proxy_address=proxy,
                attributes=kit_attributes(),
            ),
            lambda p: f"Added {address}, who texts {proxy} ({p.sid}).",
            address=address,
            proxy=proxy,
        )

    def _show_fields(self) -> None:
        sms = self.kind.value == "sms"
        self.sms_fields.layout.display = None if sms else "none"
        self.chat_fields.layout.display = "none" if sms else None

    def _annotate_numbers(self) -> None:
        """List the account's numbers; once the mobile is valid, mark those it already uses."""
        in_use = proxies_in_use(self.client, self.phone.value) if self.phone.check().ok else {}
        options = [("Suggest a free one", SUGGEST)] + [
            (f"{number} (this phone uses it in {in_use[number]})", number)
            if number in in_use
            else (number, number)
            for number in self.numbers
        ]
        set_options(self.proxy, options, default=SUGGEST)
