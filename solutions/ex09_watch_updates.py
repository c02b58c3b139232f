"""09 · Your turn: a webhook on "lab-webhooks" that hears onConversationUpdated."""

from twilio.rest import Client


def solve(client: Client) -> str:
    webhook = client.conversations.v1.conversations("lab-webhooks").webhooks.create(
        target="webhook",
        configuration_url="https://example.com/hooks",
        configuration_filters=["onMessageAdded", "onConversationUpdated"],
    )
    return str(webhook.sid)
