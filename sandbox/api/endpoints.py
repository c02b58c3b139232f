"""The map of the sandbox's paths: every endpoint, Twilio's and the sandbox's own, in one table."""

from __future__ import annotations

from sandbox.api import (
    address_configurations,
    bindings,
    configuration,
    configuration_webhook,
    controls,
    conversation_scoped_webhooks,
    conversation_with_participants,
    conversations,
    credentials,
    delivery_receipts,
    incoming_phone_numbers,
    media,
    messages,
    messaging_services,
    participants,
    roles,
    service_configuration,
    services,
    user_conversations,
    users,
)
from sandbox.api.calls import Handler
from sandbox.api.message_2010 import message_log, message_media

C = "/v1/Conversations/{conversation}"
M = C + "/Messages/{message}"
A = "/2010-04-01/Accounts/{account}"
ADDRESSES = "/v1/Configuration/Addresses"
SERVICE = "ChatServiceSid"  # the path parameter the app resolves into the context's service
SCOPED = "/v1/Services/{" + SERVICE + "}"
UC = "/v1/Users/{sid}/Conversations"
MEDIA = "/v1/Services/{service}/Media"  # the Media Content Service's (mcs.us1.twilio.com)
MESSAGING = "messaging.twilio.com"
POOL = "/v1/Services/{service}/PhoneNumbers"

# The account-level endpoints, the default service's, each declared once. ENDPOINTS adds each one's
# service-scoped twin (/v1/Services/{ChatServiceSid}/…): the same handler, run in the service the
# app resolves (https://www.twilio.com/docs/conversations/api/service-conversation-resource).
IN_SERVICE: list[tuple[str, str, Handler]] = [
    ("POST", "/v1/Conversations", conversations.create_conversation),
    ("GET", "/v1/Conversations", conversations.list_conversations),
    ("GET", C, conversations.fetch_conversation),
    ("POST", C, conversations.update_conversation),
    ("DELETE", C, conversations.delete_conversation),
    ("POST", C + "/Participants", participants.create_participant),
    ("GET", C + "/Participants", participants.list_participants),
    ("GET", C + "/Participants/{participant}", participants.fetch_participant),
    ("POST", C + "/Participants/{participant}", participants.update_participant),
    ("DELETE", C + "/Participants/{participant}", participants.delete_participant),
    ("POST", C + "/Messages", messages.create_message),
    ("GET", C + "/Messages", messages.list_messages),
    ("GET", M, messages.fetch_message),
    ("POST", M, messages.update_message),
    ("DELETE", M, messages.delete_message),
    ("GET", M + "/Receipts", delivery_receipts.list_receipts),
    ("GET", M + "/Receipts/{receipt}", delivery_receipts.fetch_receipt),
    ("GET", "/v1/ParticipantConversations", participants.list_participant_conversations),
    ("POST", C + "/Webhooks", conversation_scoped_webhooks.create_webhook),
    ("GET", C + "/Webhooks", conversation_scoped_webhooks.list_webhooks),
    ("GET", C + "/Webhooks/{webhook}", conversation_scoped_webhooks.fetch_webhook),
    ("POST", C + "/Webhooks/{webhook}", conversation_scoped_webhooks.update_webhook),
    ("DELETE", C + "/Webhooks/{webhook}", conversation_scoped_webhooks.delete_webhook),
    ("POST", "/v1/Roles", roles.create_role),
    ("GET", "/v1/Roles", roles.list_roles),
    ("GET", "/v1/Roles/{sid}", roles.fetch_role),
    ("POST", "/v1/Roles/{sid}", roles.update_role),
    ("DELETE", "/v1/Roles/{sid}", roles.delete_role),
    ("POST", "/v1/Users", users.create_user),
    ("GET", "/v1/Users", users.list_users),
    ("GET", "/v1/Users/{sid}", users.fetch_user),
    ("POST", "/v1/Users/{sid}", users.update_user),
    ("DELETE", "/v1/Users/{sid}", users.delete_user),
    ("GET", UC, user_conversations.list_user_conversations),
    ("GET", UC + "/{conversation}", user_conversations.fetch_user_conversation),
    ("POST", UC + "/{conversation}", user_conversations.update_user_conversation),
    ("DELETE", UC + "/{conversation}", user_conversations.delete_user_conversation),
    (
        "POST",
        "/v1/ConversationWithParticipants",
        conversation_with_participants.create_conversation_with_participants,
    ),
]

ENDPOINTS: list[tuple[str, str, Handler]] = [
    *IN_SERVICE,
    *[(method, SCOPED + path.removeprefix("/v1"), run) for method, path, run in IN_SERVICE],
    ("GET", "/v1/Configuration/Webhooks", configuration_webhook.fetch_webhooks),
    ("POST", "/v1/Configuration/Webhooks", configuration_webhook.update_webhooks),
    ("GET", "/v1/Configuration", configuration.fetch_configuration),
    ("POST", "/v1/Configuration", configuration.update_configuration),
    ("POST", ADDRESSES, address_configurations.create_address_configuration),
    ("GET", ADDRESSES, address_configurations.list_address_configurations),
    ("GET", ADDRESSES + "/{sid}", address_configurations.fetch_address_configuration),
    ("POST", ADDRESSES + "/{sid}", address_configurations.update_address_configuration),
    ("DELETE", ADDRESSES + "/{sid}", address_configurations.delete_address_configuration),
    ("GET", "/v1/Services", services.list_services),
    ("POST", "/v1/Services", services.create_service),
    ("GET", "/v1/Credentials", credentials.list_credentials),
    ("POST", "/v1/Credentials", credentials.create_credential),
    ("GET", "/v1/Credentials/{sid}", credentials.fetch_credential),
    ("POST", "/v1/Credentials/{sid}", credentials.update_credential),
    ("DELETE", "/v1/Credentials/{sid}", credentials.delete_credential),
    ("GET", SCOPED + "/Configuration", service_configuration.fetch_configuration),
    ("POST", SCOPED + "/Configuration", service_configuration.update_configuration),
    ("GET", SCOPED + "/Configuration/Notifications", service_configuration.fetch_notifications),
    ("POST", SCOPED + "/Configuration/Notifications", service_configuration.update_notifications),
    ("GET", SCOPED + "/Configuration/Webhooks", service_configuration.fetch_webhooks),
    ("POST", SCOPED + "/Configuration/Webhooks", service_configuration.update_webhooks),
    ("GET", SCOPED + "/Bindings", bindings.list_bindings),
    ("GET", SCOPED + "/Bindings/{sid}", bindings.fetch_binding),
    ("DELETE", SCOPED + "/Bindings/{sid}", bindings.delete_binding),
    ("GET", "/v1/Services/{sid}", services.fetch_service),
    ("DELETE", "/v1/Services/{sid}", services.delete_service),
    ("POST", A + "/IncomingPhoneNumbers.json", incoming_phone_numbers.buy_number),
    ("GET", A + "/IncomingPhoneNumbers.json", incoming_phone_numbers.list_numbers),
    ("GET", A + "/IncomingPhoneNumbers/{sid}.json", incoming_phone_numbers.fetch_number),
    ("POST", A + "/IncomingPhoneNumbers/{sid}.json", incoming_phone_numbers.update_number),
    ("DELETE", A + "/IncomingPhoneNumbers/{sid}.json", incoming_phone_numbers.release_number),
    ("POST", A + "/Messages.json", message_log.create_sms),
    ("GET", A + "/Messages.json", message_log.list_sms),
    ("GET", A + "/Messages/{sid}.json", message_log.fetch_sms),
    ("POST", A + "/Messages/{sid}.json", message_log.update_sms),
    ("DELETE", A + "/Messages/{sid}.json", message_log.delete_sms),
    ("GET", A + "/Messages/{message}/Media.json", message_media.list_media),
    ("GET", A + "/Messages/{message}/Media/{sid}.json", message_media.fetch_media),
    ("DELETE", A + "/Messages/{message}/Media/{sid}.json", message_media.delete_media),
    ("POST", MEDIA, media.upload_media),
    ("GET", MEDIA + "/{sid}", media.fetch_media),
    ("GET", MEDIA + "/{sid}/Content", media.fetch_media_content),
    ("POST", "/sandbox/Phones/{phone}/Messages", controls.phone_sends),
    ("GET", "/sandbox/Phones/{phone}/Messages", controls.phone_inbox),
    ("GET", "/sandbox/Phones/{phone}", controls.phone_state),
    ("POST", "/sandbox/Phones/{phone}", controls.set_phone_state),
    ("POST", "/sandbox/Services/{" + SERVICE + "}/Bindings", bindings.register_binding),
    ("GET", "/sandbox/Clock", controls.read_clock),
    ("POST", "/sandbox/Clock", controls.advance_clock),
    ("GET", "/sandbox/Health", controls.health),
    ("POST", "/sandbox/Reset", controls.reset),
]

# Messaging v1's endpoints, for requests meant for messaging.twilio.com (api/hosts.py): its
# /v1/Services are Messaging Services, where every other host's are Conversations Services
# (https://www.twilio.com/docs/messaging/api/service-resource).
MESSAGING_ENDPOINTS: list[tuple[str, str, Handler]] = [
    ("GET", "/v1/Services", messaging_services.list_services),
    ("POST", "/v1/Services", messaging_services.create_service),
    ("GET", "/v1/Services/{sid}", messaging_services.fetch_service),
    ("POST", "/v1/Services/{sid}", messaging_services.update_service),
    ("DELETE", "/v1/Services/{sid}", messaging_services.delete_service),
    ("GET", POOL, messaging_services.list_numbers),
    ("POST", POOL, messaging_services.add_number),
    ("GET", POOL + "/{sid}", messaging_services.fetch_number),
    ("DELETE", POOL + "/{sid}", messaging_services.remove_number),
]
# The hosts whose endpoints are their own; a request for any other host takes ENDPOINTS.
HOSTS: dict[str, list[tuple[str, str, Handler]]] = {MESSAGING: MESSAGING_ENDPOINTS}

# Each list's largest PageSize, as its spec's `PageSize` schema gives it; every other list: 100.
# A service-scoped twin pages as its account-level list.
PAGE_SIZE_MAXIMUM: dict[str, int] = {
    "/v1/Users": 50,
    "/v1/Roles": 50,
    "/v1/ParticipantConversations": 50,
    UC: 50,
    M + "/Receipts": 50,
    ADDRESSES: 50,
    C + "/Webhooks": 5,
    A + "/IncomingPhoneNumbers.json": 1000,
    A + "/Messages.json": 1000,
    A + "/Messages/{message}/Media.json": 1000,
}
PAGE_SIZE_ELSEWHERE = 100
HOST_PAGE_SIZE_MAXIMUM = {MESSAGING: 1000}  # every list of Messaging v1's spec


def account_level(path: str) -> str:
    """A service-scoped twin's account-level path (/v1/Services/{ChatServiceSid}/X → /v1/X)."""
    return "/v1" + path.removeprefix(SCOPED) if path.startswith(SCOPED + "/") else path


def page_size_maximum(path: str, host: str | None = None) -> int:
    if host in HOST_PAGE_SIZE_MAXIMUM:
        return HOST_PAGE_SIZE_MAXIMUM[host]
    return PAGE_SIZE_MAXIMUM.get(account_level(path), PAGE_SIZE_ELSEWHERE)


PUBLIC = frozenset({"/sandbox/Health"})  # answered without credentials: "is a sandbox here?"
UPLOADS = frozenset({MEDIA})  # the body is a file, not form fields
