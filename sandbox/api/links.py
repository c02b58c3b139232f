"""Twilio's own URLs, which the sandbox puts in `url`, `links` and paging fields."""

from __future__ import annotations

from urllib.parse import urlencode

CONVERSATIONS = "https://conversations.twilio.com/v1"
CONFIGURATION = f"{CONVERSATIONS}/Configuration"
ADDRESS_CONFIGURATIONS = f"{CONFIGURATION}/Addresses"
CONFIGURATION_WEBHOOKS = f"{CONFIGURATION}/Webhooks"
SERVICES = f"{CONVERSATIONS}/Services"
ROLES = f"{CONVERSATIONS}/Roles"
CREDENTIALS = f"{CONVERSATIONS}/Credentials"
USERS = f"{CONVERSATIONS}/Users"
MESSAGING_SERVICES = "https://messaging.twilio.com/v1/Services"


def conversation(sid: str) -> str:
    return f"{CONVERSATIONS}/Conversations/{sid}"


def participant(conversation_sid: str, sid: str) -> str:
    return f"{conversation(conversation_sid)}/Participants/{sid}"


def message(conversation_sid: str, sid: str) -> str:
    return f"{conversation(conversation_sid)}/Messages/{sid}"


def receipt(conversation_sid: str, message_sid: str, sid: str) -> str:
    return f"{message(conversation_sid, message_sid)}/Receipts/{sid}"


def scoped_webhook(conversation_sid: str, sid: str) -> str:
    return f"{conversation(conversation_sid)}/Webhooks/{sid}"


def service(sid: str) -> str:
    return f"{SERVICES}/{sid}"


# The account-level endpoints that have a service-scoped twin: what they answer names the default
# service's resources; the same resources read through /v1/Services/IS… are named under it, as
# the spec's examples of the service-scoped operations show.
IN_SERVICE = tuple(
    f"{CONVERSATIONS}/{name}".encode()
    for name in (
        "Conversations/",
        "Conversations?",
        'Conversations"',
        "ConversationWithParticipants",
        "ParticipantConversations",
        "Roles",
        "Users",
    )
)


def in_service(body: bytes, service_sid: str) -> bytes:
    """A body's URLs as a service-scoped endpoint names them: under the service."""
    scoped = f"{SERVICES}/{service_sid}".encode()
    for prefix in IN_SERVICE:
        body = body.replace(prefix, scoped + prefix[len(CONVERSATIONS) :])
    return body


def account_uri(account_sid: str, path: str) -> str:
    """A 2010 API URI, relative as the 2010 API writes them."""
    return f"/2010-04-01/Accounts/{account_sid}/{path}"


def with_query(url: str, query: list[tuple[str, object]]) -> str:
    pairs = [(k, str(v)) for k, v in query if v is not None and v != ""]
    return f"{url}?{urlencode(pairs)}" if pairs else url
