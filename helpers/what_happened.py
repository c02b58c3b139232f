"""After one step of the scenario: what every participant received, in one display."""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML, display
from twilio.rest import Client

from helpers import views
from helpers.journey import Journey, journey
from helpers.receipts import await_receipts


def received(
    client: Client, conversation_sid: str, receipts: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The SMS each phone received for the latest message, found through its delivery receipts."""
    if receipts is None:
        receipts = views.delivery_receipts(client, conversation_sid, limit=1)
    rows = []
    for sid in receipts["channel_message_sid"].dropna():
        sms = client.messages(sid).fetch()
        rows.append({"phone": sms.to, "from": sms.from_, "body": sms.body, "status": sms.status})
    return views.frame(rows, ["phone", "from", "body", "status"])


def what_happened(client: Client, conversation_sid: str) -> Journey | None:
    """Show the history, what each phone received, the receipts; return the journey picture.

    The receipts are awaited first (the carriers report a moment after the send). With
    no message yet (live, when the sends were skipped), it says so and shows nothing else.
    """
    if views.messages(client, conversation_sid, limit=1).empty:
        print("No message in the conversation yet: nothing happened to show.")
        return None
    receipts = await_receipts(client, conversation_sid)
    sections = [
        (
            "The conversation's history (what a chat participant sees)",
            views.messages(client, conversation_sid, limit=4)[
                ["index", "author", "author_kind", "body", "date_created"]
            ],
        ),
        (
            "What each phone received (an SMS from its own Twilio number)",
            received(client, conversation_sid, receipts),
        ),
        (
            "Delivery receipts of the latest message",
            receipts[["index", "body", "recipient", "status", "channel_message_sid"]],
        ),
    ]
    for title, table in sections:
        display(HTML(f"<h4>{title}</h4>"), table)
    display(HTML("<h4>How the latest message travelled</h4>"))
    return journey(client, conversation_sid)
