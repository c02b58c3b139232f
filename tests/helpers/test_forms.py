"""The widget forms, driven from Python against the sandbox: the same `submit()` a click runs."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from twilio.rest import Client

import helpers.forms
from helpers._local.transport import SandboxHttpClient
from helpers.forms import AddParticipantForm, ChatClient, PhonePane, Playground, SendForm
from helpers.forms.add_participant import SUGGEST
from helpers.forms.fields import check_phone
from helpers.forms.poller import Poller
from helpers.receipts import await_receipts
from tests.support.group import CHAT_IDENTITY, NUMBER_1, NUMBER_2, PHONE_1, PHONE_2, make_group


@pytest.fixture
def conversation_sid(client: Client, numbers: list[str]) -> str:
    return str(client.conversations.v1.conversations.create(unique_name="form-test").sid)


def people(client: Client, conversation_sid: str) -> list[tuple[str | None, str | None]]:
    found = client.conversations.v1.conversations(conversation_sid).participants.list()
    return [(p.identity, (p.messaging_binding or {}).get("address")) for p in found]


def holds(client: Client, unique_name: str, address: str, proxy: str) -> str:
    """A new conversation in which `address` texts `proxy`: that pair is taken now."""
    pair = {address: proxy}
    made = make_group(client, unique_name, pairs=pair, buy_numbers=False, chat_identity=None)
    return made.conversation_sid


# --- the mobile-number field -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "ok", "says"),
    [
        (PHONE_1, True, "+1 650-555-1111 (US)"),
        ("", False, "E.164"),
        ("6505551111", False, "Start with +"),
        ("+1 650 555 1111", False, "no spaces or dashes: +16505551111"),
        ("+1650555", False, "Not a valid number"),
        ("+abc", False, "Not a phone number"),
    ],
)
def test_the_mobile_field_says_what_is_wrong_as_you_type(typed: str, ok: bool, says: str) -> None:
    result = check_phone(typed)
    assert (result.ok, says in result.message) == (ok, True), result


def test_the_hint_follows_each_keystroke(client: Client, conversation_sid: str) -> None:
    form = AddParticipantForm(client, conversation_sid)
    form.fill(address="+1650")
    assert "✗" in form.phone.hint.value
    form.fill(address=PHONE_1)
    assert "✓" in form.phone.hint.value and "650-555-1111" in form.phone.hint.value


# --- add participant -------------------------------------------------------------------------


def test_add_an_sms_participant_and_the_table_shows_them(
    client: Client, conversation_sid: str
) -> None:
    form = AddParticipantForm(client, conversation_sid)
    assert [value for _, value in form.proxy.options] == [SUGGEST, NUMBER_1, NUMBER_2]
    outcome = form.fill(kind="sms", address=PHONE_1, proxy=NUMBER_2).submit()
    assert outcome.ok, outcome
    assert people(client, conversation_sid) == [(None, PHONE_1)]
    assert PHONE_1 in form.table.value and NUMBER_2 in form.table.value
    assert "✓" in form.status.value and form.phone.value == ""  # ready for the next person


def test_add_a_chat_participant_by_identity(client: Client, conversation_sid: str) -> None:
    added = []
    form = AddParticipantForm(client, conversation_sid, on_added=added.append)
    form.fill(kind="chat", identity="participant-3")
    assert form.sms_fields.layout.display == "none" and form.chat_fields.layout.display is None
    assert form.submit().ok
    assert people(client, conversation_sid) == [("participant-3", None)]
    assert [p.identity for p in added] == ["participant-3"]
    assert "participant-3" in form.table.value


def test_the_add_button_runs_the_same_submit(client: Client, conversation_sid: str) -> None:
    form = AddParticipantForm(client, conversation_sid).fill(address=PHONE_2, proxy=NUMBER_1)
    form.button.click()
    assert people(client, conversation_sid) == [(None, PHONE_2)]
    assert "✓ Added +16505552222" in form.status.value


def test_suggest_a_free_number_skips_the_ones_the_phone_uses(
    client: Client, conversation_sid: str
) -> None:
    holds(client, "elsewhere", PHONE_1, NUMBER_1)
    form = AddParticipantForm(client, conversation_sid).fill(address=PHONE_1)
    labels = dict((value, label) for label, value in form.proxy.options)
    assert "this phone uses it in CH" in labels[NUMBER_1] and labels[NUMBER_2] == NUMBER_2
    outcome = form.fill(proxy=SUGGEST).submit()
    assert outcome.ok and NUMBER_2 in outcome.message, outcome


def test_suggest_a_free_number_prefers_the_phones_own_area_code(
    client: Client, conversation_sid: str
) -> None:
    local = client.incoming_phone_numbers.create(phone_number="+16505550100").phone_number
    outcome = AddParticipantForm(client, conversation_sid).fill(address=PHONE_1).submit()
    assert outcome.ok and f"who texts {local}" in outcome.message, outcome  # not number #1


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"kind": "sms", "address": "650-555-1111"}, "Mobile number: Start with +"),
        ({"kind": "sms", "address": ""}, "Mobile number: Type the person's mobile number"),
        ({"kind": "chat", "identity": "  "}, "Type the chat participant's identity"),
    ],
)
def test_invalid_input_is_refused_before_any_call(
    client: Client, conversation_sid: str, fields: dict[str, str], says: str
) -> None:
    form = AddParticipantForm(client, conversation_sid)
    outcome = form.fill(**fields).submit()
    assert not outcome.ok and says in outcome.message, outcome
    assert "✗" in form.status.value and "Traceback" not in form.status.value
    assert people(client, conversation_sid) == []


def test_50416_names_the_conversation_holding_the_pair_and_a_number_that_works(
    client: Client, conversation_sid: str
) -> None:
    holder = holds(client, "first-group", PHONE_1, NUMBER_1)
    form = AddParticipantForm(client, conversation_sid)
    outcome = form.fill(address=PHONE_1, proxy=NUMBER_1).submit()
    assert not outcome.ok and outcome.code == 50416
    assert "Twilio error 50416" in outcome.message
    assert f"“first-group” ({holder})" in outcome.message
    assert f"Choose {NUMBER_2}" in outcome.message
    assert "https://www.twilio.com/docs/api/errors/50416" in form.status.value
    assert people(client, conversation_sid) == []


def test_50416_when_every_number_is_taken_says_to_buy_one(
    client: Client, conversation_sid: str
) -> None:
    holds(client, "one", PHONE_1, NUMBER_1)
    holds(client, "two", PHONE_1, NUMBER_2)
    form = AddParticipantForm(client, conversation_sid)
    outcome = form.fill(address=PHONE_1, proxy=NUMBER_1).submit()
    assert outcome.code == 50416 and "buy one more number" in outcome.message, outcome
    suggested = form.fill(proxy=SUGGEST).submit()
    assert not suggested.ok and "Buy 1 more number" in suggested.message, suggested
    assert people(client, conversation_sid) == []


@pytest.mark.parametrize(
    ("fields", "code", "says"),
    [
        ({"address": NUMBER_1, "proxy": NUMBER_1}, 50409, "the same number"),
        ({"kind": "chat", "identity": "dup"}, 50433, "already in this conversation"),
    ],
)
def test_twilio_errors_become_a_sentence_with_the_code_and_the_fix(
    client: Client, conversation_sid: str, fields: dict[str, str], code: int, says: str
) -> None:
    client.conversations.v1.conversations(conversation_sid).participants.create(identity="dup")
    outcome = AddParticipantForm(client, conversation_sid).fill(**fields).submit()
    assert (outcome.ok, outcome.code) == (False, code), outcome
    assert outcome.message.startswith(f"Twilio error {code}. The kit's advice: ")
    assert says in outcome.message
    assert people(client, conversation_sid) == [("dup", None)]


def test_a_conversation_deleted_meanwhile_is_a_404_sentence(
    client: Client, conversation_sid: str
) -> None:
    form = AddParticipantForm(client, conversation_sid).fill(address=PHONE_1, proxy=NUMBER_1)
    client.conversations.v1.conversations(conversation_sid).delete()
    outcome = form.submit()
    assert outcome.code == 20404 and "No such resource" in outcome.message, outcome


def test_an_unreachable_api_is_a_sentence_not_a_traceback(
    client: Client, conversation_sid: str
) -> None:
    form = AddParticipantForm(client, conversation_sid).fill(address=PHONE_1, proxy=NUMBER_1)
    form.client = Client(  # the discard port: nothing answers there
        client.username, client.password, http_client=SandboxHttpClient("http://127.0.0.1:9")
    )
    outcome = form.submit()
    assert not outcome.ok and "Could not reach the API" in outcome.message, outcome
    assert "connect()" in form.status.value


def test_reload_offers_conversations_and_numbers_made_since(
    client: Client, conversation_sid: str
) -> None:
    form = AddParticipantForm(client, conversation_sid)
    later = client.conversations.v1.conversations.create(unique_name="later").sid
    client.incoming_phone_numbers.create(phone_number="+15005550008")
    form.reload.click()
    assert later in [sid for _, sid in form.conversation.options]
    assert "+15005550008" in [value for _, value in form.proxy.options]
    assert form.conversation.value == conversation_sid  # the choice stays


def test_closed_conversations_are_not_offered(client: Client, conversation_sid: str) -> None:
    closed = client.conversations.v1.conversations.create(unique_name="old")
    client.conversations.v1.conversations(closed.sid).update(state="closed")
    offered = [sid for _, sid in AddParticipantForm(client).conversation.options]
    assert offered == [conversation_sid]


# --- send, phone, chat -----------------------------------------------------------------------


@pytest.fixture
def group(client: Client) -> str:
    return make_group(client, "playground").conversation_sid


def sms_bodies(client: Client, phone: str) -> list[str]:
    return [m.body for m in client.messages.list(to=phone)]


def test_send_as_chat_identity_reaches_both_phones(client: Client, group: str) -> None:
    form = SendForm(client, group)
    assert list(form.identity.options) == [CHAT_IDENTITY]
    outcome = form.fill(sender="chat", identity=CHAT_IDENTITY, body="hi phones").submit()
    assert outcome.ok and "message #0" in outcome.message, outcome
    assert sms_bodies(client, PHONE_1) == ["hi phones"] == sms_bodies(client, PHONE_2)


def test_send_as_a_program_reaches_everyone(client: Client, group: str) -> None:
    outcome = SendForm(client, group).fill(sender="program", body="picnic at noon").submit()
    assert outcome.ok and "author system" in outcome.message, outcome
    assert sms_bodies(client, PHONE_1) == ["picnic at noon"] == sms_bodies(client, PHONE_2)


def test_send_as_a_phone_lands_in_the_conversation(client: Client, group: str) -> None:
    outcome = SendForm(client, group).fill(sender="phone", phone=PHONE_1, body="from #1").submit()
    assert outcome.ok and f"landed in {group}" in outcome.message, outcome
    assert sms_bodies(client, PHONE_2) == ["from #1"] and sms_bodies(client, PHONE_1) == []
    history = client.conversations.v1.conversations(group).messages.list()
    assert [(m.author, m.body) for m in history] == [(PHONE_1, "from #1")]


def test_send_with_an_empty_body_sends_nothing(client: Client, group: str) -> None:
    outcome = SendForm(client, group).fill(sender="program", body="   ").submit()
    assert not outcome.ok and outcome.message == "Type a message first."
    assert client.conversations.v1.conversations(group).messages.list() == []


def test_a_phone_pane_shows_each_text_and_the_twilio_number_it_came_from(
    client: Client, group: str
) -> None:
    phone_2 = PhonePane(client, PHONE_2)
    assert "No texts yet." in phone_2.inbox.text
    PhonePane(client, PHONE_1).text("Hi everyone, it's #1!")
    assert phone_2.refresh() is True and phone_2.refresh() is False
    assert "Hi everyone, it's #1!" in phone_2.inbox.text
    assert f"from {NUMBER_2}" in phone_2.inbox.text  # their own proxy number, not #1's


def test_a_phone_pane_texts_back_and_says_where_it_went(client: Client, group: str) -> None:
    pane = PhonePane(client, PHONE_2)
    assert list(pane.to.options) == [NUMBER_2]
    outcome = pane.text("Hello from #2")
    assert outcome.ok and f"landed in {group}" in outcome.message, outcome
    assert f"to {NUMBER_2}" in pane.inbox.text and "Hello from #2" in pane.inbox.text


def test_a_phone_in_no_conversation_has_no_number_to_text(client: Client, group: str) -> None:
    outcome = PhonePane(client, "+16505559999").text("anyone?")
    assert not outcome.ok and "in no open conversation" in outcome.message


def test_the_chat_client_shows_phones_by_number_and_sends(client: Client, group: str) -> None:
    chat = ChatClient(client, group, CHAT_IDENTITY)
    PhonePane(client, PHONE_1).text("from a phone")
    chat.refresh()
    assert f"{PHONE_1}: from a phone" in chat.history.text and "from a phone" in chat.history.text
    assert chat.send("and from chat").ok
    assert "and from chat" in chat.history.text
    assert sms_bodies(client, PHONE_1) == ["and from chat"]
    assert sms_bodies(client, PHONE_2) == ["and from chat", "from a phone"]


def test_html_in_a_message_is_shown_as_text(client: Client, group: str) -> None:
    chat = ChatClient(client, group, CHAT_IDENTITY)
    chat.send("<img src=x onerror=alert(1)>")
    # The thread carries bodies as data, and the browser sets them as text (never as HTML).
    assert chat.history.bubbles[-1]["body"] == "<img src=x onerror=alert(1)>"
    script = (Path(helpers.forms.__file__).parent / "static" / "thread.js").read_text()
    assert "innerHTML" not in script and "textContent" in script


def test_enter_in_a_message_box_sends_as_the_button_does(client: Client, group: str) -> None:
    chat = ChatClient(client, group, CHAT_IDENTITY)
    chat.body.value = "sent with Enter"
    chat.body._message(chat.body, {"event": "submit"}, [])  # what the browser sends on Enter
    assert chat.body.value == ""  # cleared for the next message
    assert chat.history.bubbles[-1]["body"] == "sent with Enter"
    assert sms_bodies(client, PHONE_1) == ["sent with Enter"]


def test_panes_show_delivery_states_as_phones_do(client: Client, group: str) -> None:
    chat = ChatClient(client, group, CHAT_IDENTITY)
    assert chat.send("to both phones").ok
    mine = chat.history.bubbles[-1]
    assert (mine["mine"], mine["status"]) == (True, "sent")  # handed to the carriers
    await_receipts(client, group)
    chat.refresh()
    mine = chat.history.bubbles[-1]
    assert (mine["mine"], mine["status"]) == (True, "delivered")  # both carriers reported
    phone = PhonePane(client, PHONE_1)
    assert phone.text("from my phone").ok
    # (by body: the 2010 log dates texts to the second, so two in one second may swap)
    shown = {bubble["body"]: bubble for bubble in phone.inbox.bubbles}
    sent, got = shown["from my phone"], shown["to both phones"]
    assert (sent["mine"], sent["status"]) == (True, "delivered")
    assert (got["mine"], got["status"]) == (False, "")  # received texts carry no state
    assert got["time"].startswith(str(time.gmtime().tm_year))  # ISO: the browser localises


def test_a_phone_pane_names_the_twilio_numbers_it_texts(client: Client, group: str) -> None:
    pane = PhonePane(client, PHONE_2, title="participant #2")
    assert f"texts {NUMBER_2}" in pane.heading.value and "participant #2" in pane.heading.value
    assert "in no open conversation" in PhonePane(client, "+16505559999").heading.value


# --- the playground --------------------------------------------------------------------------


def test_the_playground_has_a_pane_per_participant_and_refreshes_after_a_send(
    client: Client, group: str
) -> None:
    playground = Playground(client, group, auto_refresh=False)
    try:
        assert [p.address for p in playground.phones] == [PHONE_1, PHONE_2]
        assert [c.identity for c in playground.chats] == [CHAT_IDENTITY]
        playground.chat(CHAT_IDENTITY).send("hello phones")
        for phone in playground.phones:  # refreshed by the send, no waiting
            assert "hello phones" in phone.inbox.text and "from +1500555000" in phone.inbox.text
        assert "hello phones" in playground.history.value
        playground.phone(PHONE_1).text("hi back")
        assert "hi back" in playground.chat(CHAT_IDENTITY).history.text
        assert "hi back" in playground.phone(PHONE_2).inbox.text
    finally:
        playground.close()


def test_the_playground_follows_who_joins_and_leaves(client: Client, group: str) -> None:
    playground = Playground(client, group, auto_refresh=False)
    try:
        conversation = client.conversations.v1.conversations(group)
        newcomer = conversation.participants.create(
            messaging_binding_address="+16505554444", messaging_binding_proxy_address=NUMBER_1
        )
        assert playground.refresh() is True
        assert [p.address for p in playground.phones] == [PHONE_1, PHONE_2, "+16505554444"]
        assert playground.phone("+16505554444") in playground.cast.children
        assert "+16505554444" in str(playground.send.phone.options)
        conversation.participants(newcomer.sid).delete()
        playground.refresh()
        assert [p.address for p in playground.phones] == [PHONE_1, PHONE_2]
        assert len(playground.cast.children) == 3
    finally:
        playground.close()


def test_refresh_now_after_the_conversation_is_gone_says_so(client: Client, group: str) -> None:
    playground = Playground(client, group, auto_refresh=False)
    try:
        client.conversations.v1.conversations(group).delete()
        playground.refresh_button.click()  # no exception reaches the click
        assert "Twilio error 20404" in playground.clock.value
    finally:
        playground.close()


def test_auto_refresh_picks_up_messages_sent_elsewhere(client: Client, group: str) -> None:
    playground = Playground(client, group, interval=0.05)
    try:
        assert playground.poller.running
        client.conversations.v1.conversations(group).messages.create(body="from a server")
        deadline = time.monotonic() + 60
        while "from a server" not in playground.phone(PHONE_1).inbox.text:
            assert time.monotonic() < deadline, "the playground never refreshed"
            time.sleep(0.05)
    finally:
        playground.close()
    assert _stops(playground.poller)


def _ticked(ticks: list[float], after: int, timeout: float = 30) -> int:
    """How many ticks there are once more than `after` have come (or the timeout passed)."""
    deadline = time.monotonic() + timeout
    while len(ticks) <= after and time.monotonic() < deadline:
        time.sleep(0.01)
    return len(ticks)


def _stops(poller: Poller) -> bool:
    """True once the poller's thread has ended (within 30 s: sooner, unless the machine is busy)."""
    deadline = time.monotonic() + 30
    while poller._thread and poller._thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    return not poller.running


def test_auto_refresh_pauses_when_nothing_changes_and_says_so(client: Client, group: str) -> None:
    playground = Playground(client, group, interval=0.05, idle_after=0.2)
    try:
        assert _stops(playground.poller)
        assert playground.auto.value is False
        assert "paused" in playground.clock.value
    finally:
        playground.close()


def test_auto_refresh_stops_when_the_playground_leaves_the_screen(
    client: Client, group: str
) -> None:
    playground = Playground(client, group, interval=0.05)
    try:
        playground._view_count = 1  # what JupyterLab reports once it shows the playground
        assert playground.poller.running
        playground._view_count = 0  # ... and once its output is cleared or the tab closed
        assert _stops(playground.poller)
        assert "not on screen" in playground.clock.value
        playground._view_count = 1
        assert playground.poller.running
    finally:
        playground.close()


def test_a_poller_restarted_while_winding_down_keeps_polling() -> None:
    ticks: list[float] = []
    poller = Poller(
        lambda: ticks.append(time.monotonic()) or True,
        interval=0.01,
        idle_after=60,
        on_stop=print,
    )
    poller.start()
    poller.stop()
    poller.start()  # at once, before the first thread has ended
    try:
        first = _ticked(ticks, after=0)
        assert poller.running
        assert _ticked(ticks, after=first) > first  # it goes on ticking
        assert poller.running
    finally:
        poller.stop()


def test_auto_refresh_stops_when_the_conversation_is_deleted_and_says_so(
    client: Client, group: str
) -> None:
    playground = Playground(client, group, interval=0.05)
    try:
        client.conversations.v1.conversations(group).delete()
        assert _stops(playground.poller)
        assert "Auto-refresh stopped: Twilio error 20404" in playground.clock.value
    finally:
        playground.close()


def test_the_poller_stops_on_a_failing_tick_and_says_why() -> None:
    from twilio.base.exceptions import TwilioRestException

    said: list[str] = []

    def tick() -> bool:
        raise TwilioRestException(503, "http://x", msg="unavailable")

    poller = Poller(tick, interval=0.01, idle_after=60, on_stop=said.append)
    poller.start()
    assert _stops(poller) and said and "Auto-refresh stopped" in said[0]


def test_a_phone_pane_shows_a_group_thread_with_its_members_and_texts_the_group(
    client: Client,
) -> None:
    client.incoming_phone_numbers.create(phone_number=NUMBER_1)
    made = client.conversations.v1.conversations.create(friendly_name="Group MMS")
    members = client.conversations.v1.conversations(made.sid).participants
    members.create(messaging_binding_address=PHONE_1)
    members.create(messaging_binding_address=PHONE_2)
    members.create(identity=CHAT_IDENTITY, messaging_binding_projected_address=NUMBER_1)
    phone_1, phone_2 = PhonePane(client, PHONE_1), PhonePane(client, PHONE_2)
    assert list(phone_1.to.options) == [f"group: {PHONE_2}, {NUMBER_1}"]
    outcome = phone_1.text("Dinner at 8?")
    assert outcome.ok and f"Texted the group {PHONE_2}, {NUMBER_1}" in outcome.message, outcome
    assert phone_2.refresh() is True
    assert f"{PHONE_1} in the group with {PHONE_1}, {NUMBER_1}" in phone_2.inbox.text
    assert f"to the group with {PHONE_2}, {NUMBER_1}" in phone_1.inbox.text
    history = client.conversations.v1.conversations(made.sid).messages.list()
    assert [(m.author, m.body) for m in history] == [(PHONE_1, "Dinner at 8?")]
