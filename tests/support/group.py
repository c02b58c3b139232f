"""The quickstart's group, made through the SDK: two SMS participants and one chat participant."""

from __future__ import annotations

from dataclasses import dataclass

from twilio.rest import Client

SMS_PEOPLE = {"+16505551111": "+15005550006", "+16505552222": "+15005550007"}
CHAT_IDENTITY = "alice"


@dataclass(frozen=True)
class Group:
    conversation_sid: str
    chat_participant_sid: str


def make_group(client: Client, unique_name: str) -> Group:
    """Buy both proxy numbers, create the conversation, add both phones and the chat user."""
    for proxy in SMS_PEOPLE.values():
        client.incoming_phone_numbers.create(phone_number=proxy)
    conversation = client.conversations.v1.conversations.create(unique_name=unique_name)
    handle = client.conversations.v1.conversations(conversation.sid)
    for address, proxy in SMS_PEOPLE.items():
        handle.participants.create(
            messaging_binding_address=address, messaging_binding_proxy_address=proxy
        )
    chat = handle.participants.create(identity=CHAT_IDENTITY)
    return Group(str(conversation.sid), str(chat.sid))
