"""Group texting with the Conversations API: the calls the command-line examples make, as
functions of a `twilio.rest.Client` that your own app (and its tests) can call."""

from __future__ import annotations

from twilio.rest import Client
from twilio.rest.conversations.v1.conversation import ConversationInstance
from twilio.rest.conversations.v1.conversation.participant import ParticipantInstance


def create_conversation(client: Client, friendly_name: str) -> ConversationInstance:
    """https://www.twilio.com/docs/conversations/api/conversation-resource#create-a-conversation-resource"""
    return client.conversations.v1.conversations.create(friendly_name=friendly_name)


def add_sms_participant(
    client: Client, conversation_sid: str, phone: str, twilio_number: str
) -> ParticipantInstance:
    """A phone joins by SMS, through one of your Twilio numbers (its proxy address).
    https://www.twilio.com/docs/conversations/api/conversation-participant-resource"""
    return client.conversations.v1.conversations(conversation_sid).participants.create(
        messaging_binding_address=phone, messaging_binding_proxy_address=twilio_number
    )


def add_chat_participant(
    client: Client, conversation_sid: str, identity: str, projected_address: str | None = None
) -> ParticipantInstance:
    """A chat user joins by identity; in a group text, `projected_address` is the Twilio number
    the phones see their messages come from.
    https://www.twilio.com/docs/conversations/group-texting"""
    participants = client.conversations.v1.conversations(conversation_sid).participants
    if projected_address:
        return participants.create(
            identity=identity, messaging_binding_projected_address=projected_address
        )
    return participants.create(identity=identity)


def start_group_text(
    client: Client, friendly_name: str, phones: list[str], twilio_number: str, chat_identity: str
) -> ConversationInstance:
    """The scenario in one call: a conversation, each phone by SMS through `twilio_number`, and
    one chat participant."""
    conversation = create_conversation(client, friendly_name)
    for phone in phones:
        add_sms_participant(client, conversation.sid, phone, twilio_number)
    add_chat_participant(client, conversation.sid, chat_identity)
    return conversation


def send_message(client: Client, conversation_sid: str, body: str, author: str) -> str:
    """Your program writes to the conversation; every participant gets it. The message's SID.
    https://www.twilio.com/docs/conversations/api/conversation-message-resource"""
    message = client.conversations.v1.conversations(conversation_sid).messages.create(
        author=author, body=body
    )
    return str(message.sid)


def history(client: Client, conversation_sid: str) -> list[str]:
    """The conversation's messages, oldest first, as `#index author: body` lines."""
    messages = client.conversations.v1.conversations(conversation_sid).messages.stream()
    return [f"#{m.index} {m.author}: {m.body}" for m in messages]


def remove_participant(client: Client, conversation_sid: str, participant_sid: str) -> None:
    """https://www.twilio.com/docs/conversations/api/conversation-participant-resource#delete-a-conversationparticipant-resource"""
    client.conversations.v1.conversations(conversation_sid).participants(participant_sid).delete()


def close_conversation(client: Client, conversation_sid: str) -> str:
    """Close it: a closed conversation takes no new messages.
    https://www.twilio.com/docs/conversations/states-timers"""
    conversation = client.conversations.v1.conversations(conversation_sid).update(state="closed")
    return str(conversation.state)
