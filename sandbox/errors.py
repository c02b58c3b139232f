"""The errors the sandbox answers, one small class each, carrying Twilio's code and HTTP status.

Grouped by family, as httpx groups its exceptions: a request the sandbox cannot read, one it
refuses, a resource that is not there, a conflict with what exists, the sandbox's own failure.
`ApiError` is the sandbox's side of an error; the SDK raises its own `TwilioRestException`
from the JSON body it answers with."""

from __future__ import annotations


class ApiError(Exception):
    """An error answered as Twilio's JSON body: code, message, more_info, status."""

    code: int = 20001
    status: int = 400
    default_message: str = "Invalid request."

    def __init__(self, message: str | None = None) -> None:
        self.message = message or self.default_message
        super().__init__(self.message)

    @property
    def more_info(self) -> str:
        return f"https://www.twilio.com/docs/errors/{self.code}"

    def body(self) -> dict[str, object]:
        return {
            "code": self.code,
            "message": self.message,
            "more_info": self.more_info,
            "status": self.status,
        }


# --- The request: unreadable, malformed, or against a rule of the resource (HTTP 4xx) ---


class InvalidRequest(ApiError):
    """A request the sandbox will not carry out as it stands; the message says what to change."""


class InvalidParameter(InvalidRequest):
    code, status = 20001, 400


class MethodNotAllowed(InvalidRequest):
    code, status = 20004, 405
    default_message = "Method not allowed"


class PageSizeTooLarge(InvalidRequest):
    code, status = 20007, 400  # https://www.twilio.com/docs/api/errors/20007
    default_message = "Page size too large"


class RequestTooLarge(InvalidRequest):
    code, status = 20001, 413
    default_message = "The request body is too large"


class IdentityAndBindingGiven(InvalidRequest):
    code, status = 50211, 400
    default_message = "Identity and MessagingBinding cannot both be given for one participant"


class IdentityOrBindingRequired(InvalidRequest):
    code, status = 50211, 400
    default_message = (
        "Identity not provided: a participant needs an Identity (chat) or a "
        "MessagingBinding.Address (SMS)"
    )


# Group MMS (https://www.twilio.com/docs/conversations/group-texting and each code's error page,
# read 2026-11-26 and 2026-12-05); the pages give no HTTP status: 400, as reported for 50441 of
# the same family (sandbox/FIDELITY.md, "Statuses and statements the docs leave open").


class ProjectedAddressNotProvided(InvalidRequest):
    """https://www.twilio.com/docs/api/errors/50434"""

    code, status = 50434, 400
    default_message = (
        "This is a Group MMS conversation, but the given participant has neither an Address "
        "nor a ProjectedAddress: give a chat participant MessagingBinding.ProjectedAddress"
    )


class GroupMmsActivationFailed(InvalidRequest):
    """https://www.twilio.com/docs/api/errors/50435: "The conversation's Group MMS could not be
    activated": fewer than three participants with messaging bindings, none with an address only,
    none with a proxy or projected address, or a chat participant without a projected address."""

    code, status = 50435, 400


class GroupParticipantsLimitExceeded(InvalidRequest):
    """https://www.twilio.com/docs/api/errors/50436; the limit of 10 is the Group Texting
    guide's."""

    code, status = 50436, 400


class ProjectedAddressNotOwned(InvalidRequest):
    """https://www.twilio.com/docs/api/errors/50439"""

    code, status = 50439, 400


class ProjectedAddressWithBinding(InvalidRequest):
    """https://www.twilio.com/docs/api/errors/50443"""

    code, status = 50443, 400
    default_message = (
        "Failed to add a projected address to a participant: a participant with a "
        "MessagingBinding.Address or ProxyAddress cannot have a ProjectedAddress"
    )


class GroupMmsNotEnabled(InvalidRequest):
    """https://www.twilio.com/docs/api/errors/50452: "Triggered when an Account attempts to use
    GMMS without the appropriate permissions" (a sandbox started with SANDBOX_GROUP_MMS=off)."""

    code, status = 50452, 400
    default_message = (
        "Group MMS is not enabled for this Account: a participant with an address alone or a "
        "projected address makes a Group MMS. Ask Twilio to enable Group MMS, or give the phone "
        "a MessagingBinding.ProxyAddress"
    )


class AuthorNotInGroup(InvalidRequest):
    """https://www.twilio.com/docs/api/errors/50513"""

    code, status = 50513, 400


class TimersNeedState(InvalidRequest):
    code, status = 50382, 400
    default_message = "Timers can be set only together with the conversation's State"


class UniqueNameLooksLikeSid(InvalidRequest):
    code, status = 50390, 400
    default_message = "A conversation's UniqueName cannot look like a conversation SID (CH...)"


class InvalidBindingAddress(InvalidRequest):
    code, status = 50407, 400


class InvalidProxyAddress(InvalidRequest):
    code, status = 50408, 400


class AddressEqualsProxy(InvalidRequest):
    code, status = 50409, 400
    default_message = (
        "MessagingBinding.Address and MessagingBinding.ProxyAddress must differ: the "
        "participant's phone cannot text itself"
    )


class BindingAddressEmpty(InvalidRequest):
    code, status = 50411, 400
    default_message = "MessagingBinding.Address is empty"


class SmsBindingOptionsNotAllowed(InvalidRequest):
    code, status = 50420, 400
    default_message = "MessagingBinding.Name and MessagingBinding.Level are not allowed for SMS"


class ConversationClosed(InvalidRequest):
    code, status = 50377, 400
    default_message = (
        "Can't update conversation as it's in final closed state: create a new conversation"
    )


class InactiveTimerTooShort(InvalidRequest):
    code, status = 50375, 400
    default_message = "Timers.Inactive must be at least 1 minute"


class ClosedTimerTooShort(InvalidRequest):
    code, status = 50376, 400
    default_message = "Timers.Closed must be at least 10 minutes"


class MessageBodyMissing(InvalidRequest):
    code, status = 50503, 400
    default_message = "Message body not provided: give Body (or media)"


class InvalidPhoneNumber(InvalidRequest):
    code, status = 21421, 400


class PhoneNumberUnavailable(InvalidRequest):
    code, status = 21422, 400


class InvalidUrl(InvalidRequest):
    code, status = 21402, 400  # https://www.twilio.com/docs/api/errors/21402


class InvalidFromNumber(InvalidRequest):
    code, status = 21212, 400


class InvalidToNumber(InvalidRequest):
    code, status = 21211, 400


# CreateMessage's refusals (https://www.twilio.com/docs/api/errors/<code>)
class SmsBodyRequired(InvalidRequest):
    code, status = 21602, 400
    default_message = "Message body is required"


class FromRequired(InvalidRequest):
    code, status = 21603, 400
    default_message = "A 'From' phone number is required"


class ToRequired(InvalidRequest):
    code, status = 21604, 400
    default_message = "A 'To' phone number is required"


class FromNotOwned(InvalidRequest):
    """https://www.twilio.com/docs/api/errors/21660 ("Mismatch between the 'From' number and the
    account"): since Messaging's changelog of 2024-07-10 ("Updates to the error code dictionary
    to clarify number validation errors") a From the account does not own has this code of its
    own, where it used to share 21606 with numbers that cannot send."""

    code, status = 21660, 400


class Unsubscribed(InvalidRequest):
    code, status = 21610, 400
    default_message = "Attempt to send to unsubscribed recipient"


class SmsBodyTooLong(InvalidRequest):
    code, status = 21617, 400
    default_message = "The concatenated message body exceeds the 1600 character limit"


class InvalidMediaUrl(InvalidRequest):
    code, status = 21620, 400


class TooManyMedia(InvalidRequest):
    code, status = 21623, 400
    default_message = "Number of media files exceeds allowed limit"


class InvalidMessagingService(InvalidRequest):
    code, status = 21705, 400


class MessagingServiceNotFound(InvalidRequest):
    code, status = 21701, 400  # https://www.twilio.com/docs/api/errors/21701
    default_message = "The Messaging Service does not exist"


class MessageCannotBeCanceled(InvalidRequest):
    code, status = 30409, 400


# Message Scheduling's refusals (https://www.twilio.com/docs/api/errors/<code>)
class SendAtMissing(InvalidRequest):
    code, status = 35111, 400
    default_message = "SendAt is required when ScheduleType is fixed"


class SendAtOutOfRange(InvalidRequest):
    code, status = 35114, 400


class SchedulingNeedsMessagingService(InvalidRequest):
    code, status = 35118, 400
    default_message = "MessagingServiceSid is required to schedule a message"


class ScheduleTypeUnsupported(InvalidRequest):
    code, status = 35126, 400


# --- Refused: wrong credentials, or a pre-event webhook said no (HTTP 401, 403) ---


class Refused(ApiError):
    """A request the sandbox understood and will not do for this caller."""


class AuthenticationFailed(Refused):
    code, status = 20003, 401
    default_message = "Authentication Error - invalid username"


class RejectedByPreWebhook(Refused):
    """The account's pre-event webhook answered 4xx or 5xx, so the action was not made.

    https://www.twilio.com/docs/conversations/conversations-webhooks says only that Conversations
    "will reject the change and no publication will be made", not which error the REST client
    gets; the sandbox answers Twilio's documented 20403 (Forbidden), HTTP 403."""

    code, status = 20403, 403
    default_message = "The pre-event webhook rejected this action, so it was not made"


# --- Not there (HTTP 404) ---


class NotFound(ApiError):
    code, status = 20404, 404
    default_message = "The requested resource was not found"


class ParticipantNotFound(NotFound):
    code, status = 50432, 404
    default_message = "Participant not found in this conversation"


# --- In conflict with what exists (HTTP 409) ---


class Conflict(ApiError):
    """The resource would clash with one that exists; the message names it."""

    status = 409


class ConversationUniqueNameTaken(Conflict):
    code = 50353


class ParticipantProxyPairInUse(Conflict):
    """The (address, proxy address) pair belongs to a participant of an open conversation: another
    one (https://www.twilio.com/docs/api/errors/50416), or this one (Twilio's help article "Error
    50416 'A binding for this participant and proxy address already exists' When Adding
    Participants": "does not allow duplicate bindings ... within a single Conversation"; the
    newer of the two sources that disagree, see sandbox/FIDELITY.md)."""

    code = 50416


class ConversationWithParticipantsPairInUse(Conflict):
    """A participant's pair is in use, asked in one ConversationWithParticipants request."""

    code = 50425


class ChatIdentityTaken(Conflict):
    code = 50433


class ParticipantAlreadyExists(Conflict):
    """A Group MMS member twice in one conversation: the same phone (address alone), or the same
    projected number (https://www.twilio.com/docs/api/errors/50437: "A native GMMS Participant
    with the same Address", "A Chat Participant with the same Identity and Project Address")."""

    code = 50437


class GroupConversationExists(Conflict):
    """https://www.twilio.com/docs/api/errors/50438: another open Group MMS has the same
    members. The page gives no status: 409, as for the other conflicts."""

    code = 50438


class NumberInAnotherMessagingService(Conflict):
    """https://www.twilio.com/docs/api/errors/21712: a number is in one service at a time."""

    code = 21712
    default_message = "Phone Number or Short Code is associated with another Messaging Service"


class UserAlreadyExists(Conflict):
    code = 50201
    default_message = "A user with this identity already exists"


class AddressConfigurationExists(Conflict):
    """One configuration per (type, address); Twilio's documented code for this is not known."""

    code = 20001
    default_message = "An address configuration for this address already exists"


# --- The sandbox's own failure (HTTP 500) ---


class ServerError(ApiError):
    code, status = 20500, 500
    default_message = "The sandbox failed on this request; see its log"


# --- Twilio's Conversations limits (HTTP 400) ---
# https://www.twilio.com/docs/conversations/conversations-limits. Conversations answers with the
# Programmable Chat family's codes for them; their pages give no HTTP status, and the sandbox
# answers 400 as Twilio does for the rest of that family.


class FriendlyNameTooLong(InvalidRequest):
    code = 50003


class IdentityTooLong(InvalidRequest):
    code = 50207


class AttributesTooLong(InvalidRequest):
    code = 50303


class MediaTooLarge(InvalidRequest):
    code = 50512  # "Message media size is too large"


class MessageBodyTooLong(InvalidRequest):
    code = 50504


class ParticipantsLimitExceeded(InvalidRequest):
    code = 50417


class NonChatParticipantsLimitExceeded(InvalidRequest):
    code = 50418


class TooManyParticipantsInRequest(InvalidRequest):
    code = 50426
