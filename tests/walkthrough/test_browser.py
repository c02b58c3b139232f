"""The notebooks in JupyterLab, driven in headless Chromium as a learner would use them.

Fixtures and helpers live in `tests/support/browser.py`; tests are skipped when there is no
Chromium.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

pytest.register_assert_rewrite("tests.support.browser")

from tests.support.browser import (  # noqa: E402
    Lab,
    as_left_by,
    click,
    errors_shown,
    open_notebook,
    open_notebook_once_news_is_decided,
    overlays,
    run_all_cells,
    screenshot,
    start_voila,
    thread_states,
    type_into,
    wait_for_idle,
    wait_for_refreshes,
    wait_for_text,
    widget,
)
from tests.support.group import PHONE_1, PHONE_2  # noqa: E402

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytest_plugins = ["tests.support.browser"]
pytestmark = pytest.mark.browser
# The playground's tests on a worker of their own, with a JupyterLab and a Chromium of their own:
# this module is the suite's longest, and one worker alone would finish it last.
playground_apart = pytest.mark.xdist_group("browser-playground")


def test_the_lab_opens_with_no_dialog_over_the_notebook(lab: Lab, page: Page) -> None:
    open_notebook_once_news_is_decided(page, lab, "00_setup.ipynb")
    assert overlays(page) == []
    screenshot(page, "00_lab_at_start")


def run_in_jupyterlab(lab: Lab, page: Page, name: str, *before: str) -> None:
    """On the sandbox as `before` (run headless) leave it, `name` opened and run all in the lab."""
    as_left_by(lab, *before)
    open_notebook(page, lab, name)
    run_all_cells(page)
    assert errors_shown(page) == []


def test_the_group_text_runs_in_jupyterlab(lab: Lab, page: Page) -> None:
    run_in_jupyterlab(lab, page, "01_the_group_text.ipynb", "00_setup.ipynb")
    wait_for_text(page, "group-texting-lab active")
    wait_for_text(page, "participant #2's phone got, from +15005550007: Hi everyone, it's #1!")
    wait_for_text(page, "Reminder: picnic at noon.")
    screenshot(page, "01_the_group_text")
    (conversation,) = lab.sandbox.client().conversations.v1.conversations.list()
    assert (conversation.unique_name, conversation.state) == ("group-texting-lab", "active")
    messages = lab.sandbox.client().conversations.v1.conversations(conversation.sid).messages
    assert [m.author for m in messages.list()] == [
        PHONE_1,
        PHONE_2,
        "participant-3",
        "system",
    ]


def test_manage_conversations_runs_in_jupyterlab(lab: Lab, page: Page) -> None:
    before = ("00_setup.ipynb", "01_the_group_text.ipynb")
    run_in_jupyterlab(lab, page, "02_manage_conversations.ipynb", *before)
    wait_for_text(page, "Group Texting Lab: the quickstart")
    wait_for_text(page, "404 20404")
    screenshot(page, "02_manage_conversations")
    conversations = lab.sandbox.client().conversations.v1.conversations.list()
    assert [(c.unique_name, c.friendly_name, c.state) for c in conversations] == [
        ("group-texting-lab", "Group Texting Lab: the quickstart", "active")
    ]


def test_group_mms_notebook_runs_in_jupyterlab(lab: Lab, page: Page) -> None:
    run_in_jupyterlab(lab, page, "07_group_mms.ipynb", "00_setup.ipynb", "01_the_group_text.ipynb")
    wait_for_text(page, "Yes, count me in")
    wait_for_text(page, "Twilio error 50434")
    screenshot(page, "07_group_mms")
    (group,) = [
        c
        for c in lab.sandbox.client().conversations.v1.conversations.list()
        if c.unique_name == "group-texting-lab-mms"
    ]
    authors = [
        m.author
        for m in lab.sandbox.client().conversations.v1.conversations(group.sid).messages.list()
    ]
    assert authors == ["participant-3", PHONE_1]


PHONE_4 = "+16505554444"
FORM = ".gtl-add-participant"


def test_add_participant_form_adds_a_row_and_explains_50416(lab: Lab, page: Page) -> None:
    as_left_by(lab, "00_setup.ipynb", "01_the_group_text.ipynb")
    client = lab.sandbox.client()
    other = client.conversations.v1.conversations.create(unique_name="other-group")
    open_notebook(page, lab, "03_manage_participants.ipynb")
    run_all_cells(page)
    assert errors_shown(page) == []
    # Each label on the line of its field, the toggle's too.
    for field in (".widget-toggle-buttons", ".widget-dropdown", ".widget-text"):
        label = widget(page, f"{FORM} {field} .widget-label").bounding_box()
        control = widget(page, f"{FORM} {field} :is(button, select, input)").bounding_box()
        assert label and control
        middle = label["y"] + label["height"] / 2
        assert control["y"] <= middle <= control["y"] + control["height"], field

    type_into(page, f"{FORM} .gtl-phone-input input", "650-555-4444")
    wait_for_text(page, "Start with + and the country code", within=f"{FORM} .gtl-phone-hint")
    type_into(page, f"{FORM} .gtl-phone-input input", PHONE_4)
    wait_for_text(page, "+1 650-555-4444 (US)", within=f"{FORM} .gtl-phone-hint")
    click(page, f"{FORM} .gtl-add")  # the Twilio number is "Suggest a free one"
    wait_for_text(page, f"Added {PHONE_4}, who texts +15005550006", within=f"{FORM} .gtl-status")
    wait_for_text(page, PHONE_4, within=f"{FORM} .gtl-participants")
    conversation = client.conversations.v1.conversations("lab-participants")  # 03's own
    added = [p.messaging_binding for p in conversation.participants.list()]
    assert {"type": "sms", "address": PHONE_4, "proxy_address": "+15005550006"} in added
    widget(page, FORM).scroll_into_view_if_needed()
    screenshot(page, "03_add_participant_form_added")

    # Participant #1 on number #1 in another conversation: the pair is taken (50416).
    page.select_option(f"{FORM} .gtl-conversation select", label=f"other-group ({other.sid[:8]}…)")
    type_into(page, f"{FORM} .gtl-phone-input input", PHONE_1)
    # The form re-lists the numbers once it knows the phone (each marked where it is in use):
    # choose after that, as a person would, or the new list may land after the choice.
    in_use = page.locator(f"{FORM} .gtl-proxy option").filter(has_text="this phone uses it")
    in_use.first.wait_for(state="attached", timeout=30_000)
    page.select_option(f"{FORM} .gtl-proxy select", index=1)  # number #1
    click(page, f"{FORM} .gtl-add")
    status = wait_for_text(page, "Twilio error 50416", within=f"{FORM} .gtl-status")
    assert "“group-texting-lab”" in status.inner_text()
    assert "Choose +15005550007" in status.inner_text()
    assert client.conversations.v1.conversations(other.sid).participants.list() == []
    screenshot(page, "03_add_participant_form_50416")


@playground_apart
def test_playground_carries_a_chat_message_to_both_phones(lab: Lab, page: Page) -> None:
    as_left_by(lab, "00_setup.ipynb", "01_the_group_text.ipynb")
    open_notebook(page, lab, "08_playground.ipynb")
    run_all_cells(page)
    assert errors_shown(page) == []

    type_into(page, ".gtl-chat .gtl-body input", "Sent from the browser")
    click(page, ".gtl-chat .gtl-send")
    for phone, number in ((PHONE_1, "+15005550006"), (PHONE_2, "+15005550007")):
        inbox = f".gtl-phone-{phone.lstrip('+')} .gtl-inbox"
        received = wait_for_text(page, "Sent from the browser", within=f"{inbox} .gtl-bubble")
        assert f"from {number}" in received.inner_text()  # each from their own Twilio number

    type_into(page, f".gtl-phone-{PHONE_1.lstrip('+')} .gtl-body input", "Texted in the browser")
    click(page, f".gtl-phone-{PHONE_1.lstrip('+')} .gtl-send")
    seen = wait_for_text(page, "Texted in the browser", within=".gtl-chat .gtl-bubble")
    assert PHONE_1 in seen.inner_text()  # the chat shows the phone's number as the author
    wait_for_text(page, "Texted in the browser", within=".gtl-phone-16505552222 .gtl-bubble")
    # A message posted elsewhere (a server, through the API) shows up by the background refresh.
    conversation = lab.sandbox.client().conversations.v1.conversations("group-texting-lab")
    conversation.messages.create(body="Posted by a server")
    wait_for_text(page, "Posted by a server", within=".gtl-phone-16505551111 .gtl-bubble")
    wait_for_text(page, "Posted by a server", within=".gtl-history")
    widget(page, ".gtl-playground").scroll_into_view_if_needed()
    screenshot(page, "08_playground")
    # Someone joins elsewhere: their phone gets a pane of its own, by the same refresh.
    conversation.participants.create(
        messaging_binding_address=PHONE_4, messaging_binding_proxy_address="+15005550007"
    )
    widget(page, ".gtl-phone-16505554444").scroll_into_view_if_needed()
    screenshot(page, "08_playground_newcomer")

    sms_2 = lab.sandbox.client().messages.list(to=PHONE_2)
    assert {(m.from_, m.body) for m in sms_2} >= {
        ("+15005550007", "Sent from the browser"),
        ("+15005550007", "Texted in the browser"),
    }


PANES = ".gtl-playground .gtl-inbox, .gtl-playground .gtl-chat .gtl-history"


def chatter(lab: Lab, count: int) -> None:
    """More messages than a pane shows at once, so that every pane scrolls."""
    conversation = lab.sandbox.client().conversations.v1.conversations("group-texting-lab")
    for n in range(count):
        conversation.messages.create(author="program", body=f"Earlier news {n + 1}")


def assert_newest_in_view(page: Page, newest: str) -> None:
    for pane in thread_states(page, PANES):
        assert pane["overflows"], pane  # the check means something only when a pane scrolls
        assert pane["atBottom"] and pane["newestVisible"], pane
        assert pane["newest"] == newest, pane


@playground_apart
def test_playground_panes_keep_the_newest_text_in_view(lab: Lab, page: Page) -> None:
    as_left_by(lab, "00_setup.ipynb", "01_the_group_text.ipynb")
    chatter(lab, 14)
    open_notebook(page, lab, "08_playground.ipynb")
    run_all_cells(page)
    assert errors_shown(page) == []
    phone_1 = f".gtl-phone-{PHONE_1.lstrip('+')}"

    # A phone texts by typing and clicking; the chat answers by typing and pressing Enter.
    type_into(page, f"{phone_1} .gtl-body input", "Newest from phone 1")
    click(page, f"{phone_1} .gtl-send")
    wait_for_text(page, "Newest from phone 1", within=".gtl-chat .gtl-bubble")
    box = widget(page, ".gtl-chat .gtl-body input")
    box.fill("Chat answers with Enter")
    box.press("Enter")
    wait_for_idle(page)
    wait_for_text(page, "Chat answers with Enter", within=f"{phone_1} .gtl-bubble")
    assert box.input_value() == "" and box.evaluate("(e) => document.activeElement === e")
    widget(page, ".gtl-playground").evaluate("(e) => e.scrollIntoView({block: 'start'})")
    wait_for_refreshes(page)  # the background refresh may move nothing
    assert_newest_in_view(page, "Chat answers with Enter")
    screenshot(page, "08_playground_newest_in_view")

    # Half a message typed, and phone 2's reader scrolled up to read: a refresh keeps both.
    phone_2 = f".gtl-phone-{PHONE_2.lstrip('+')}"
    widget(page, f"{phone_2} .gtl-body input").fill("half typ")
    page.evaluate(f"() => {{ document.querySelector('{phone_2} .gtl-thread').scrollTop = 0; }}")
    conversation = lab.sandbox.client().conversations.v1.conversations("group-texting-lab")
    conversation.messages.create(body="Arrives while reading")
    wait_for_text(page, "Arrives while reading", within=f"{phone_2} .gtl-bubble")
    [reading] = thread_states(page, f"{phone_2} .gtl-inbox")
    assert reading["scrollTop"] == 0 and reading["marker"] and not reading["newestVisible"]
    assert widget(page, f"{phone_2} .gtl-body input").input_value() == "half typ"
    screenshot(page, "08_playground_scrolled_up_marker")
    click(page, f"{phone_2} .gtl-new-messages")
    [caught_up] = thread_states(page, f"{phone_2} .gtl-inbox")
    assert caught_up["atBottom"] and caught_up["newestVisible"] and not caught_up["marker"]


@playground_apart
def test_the_playground_page_has_no_code_and_plays(lab: Lab, page: Page, tmp_path: Path) -> None:
    as_left_by(lab, "00_setup.ipynb", "01_the_group_text.ipynb")
    chatter(lab, 14)
    voila = start_voila(tmp_path, lab.sandbox)
    try:
        page.goto(voila.url)
        widget(page, ".gtl-playground", timeout_s=90)
        assert "from helpers" not in page.content()  # the page shows no code
        box = widget(page, ".gtl-chat .gtl-body input")
        box.fill("Hello from the page")
        box.press("Enter")
        phone_2 = f".gtl-phone-{PHONE_2.lstrip('+')}"
        received = wait_for_text(page, "Hello from the page", within=f"{phone_2} .gtl-bubble")
        assert "from +15005550007" in received.inner_text()
        wait_for_refreshes(page)
        assert_newest_in_view(page, "Hello from the page")
        screenshot(page, "playground_page")
    finally:
        voila.stop()
