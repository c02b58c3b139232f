"""Twilio's errors, one class each, carrying the code and HTTP status a learner sees on Twilio."""

from __future__ import annotations


class TwilioError(Exception):
    """An error the sandbox answers with Twilio's JSON body: code, message, more_info, status."""

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


class InvalidParameter(TwilioError):
    code, status = 20001, 400


class AuthenticationFailed(TwilioError):
    code, status = 20003, 401
    default_message = "Authentication Error - invalid username"


class NotFound(TwilioError):
    code, status = 20404, 404
    default_message = "The requested resource was not found"


class MethodNotAllowed(TwilioError):
    code, status = 20004, 405
    default_message = "Method not allowed"


class RequestTooLarge(TwilioError):
    code, status = 20001, 413
    default_message = "The request body is too large."


class IdentityAndBindingGiven(TwilioError):
    code, status = 50211, 400
    default_message = "Identity and MessagingBinding cannot both be given for one participant."


class IdentityOrBindingRequired(TwilioError):
    code, status = 50211, 400
    default_message = (
        "Identity not provided: a participant needs an Identity (chat) or a "
        "MessagingBinding.Address (SMS)."
    )


class ConversationUniqueNameTaken(TwilioError):
    code, status = 50353, 409


class TimersNeedState(TwilioError):
    code, status = 50382, 400
    default_message = "Timers can be set only together with the conversation's State."


class UniqueNameLooksLikeSid(TwilioError):
    code, status = 50390, 400
    default_message = "A conversation's UniqueName cannot look like a conversation SID (CH...)."


class InvalidBindingAddress(TwilioError):
    code, status = 50407, 400


class InvalidProxyAddress(TwilioError):
    code, status = 50408, 400


class AddressEqualsProxy(TwilioError):
    code, status = 50409, 400
    default_message = (
        "MessagingBinding.Address and MessagingBinding.ProxyAddress must differ: the "
        "participant's phone cannot text itself."
    )


class BindingAddressEmpty(TwilioError):
    code, status = 50411, 400
    default_message = "MessagingBinding.Address is empty."


class ProxyPairInUse(TwilioError):
    code, status = 50416, 409


class SmsBindingOptionsNotAllowed(TwilioError):
    code, status = 50420, 400
    default_message = "MessagingBinding.Name and MessagingBinding.Level are not allowed for SMS."


class ParticipantBatchPairInUse(TwilioError):
    code, status = 50425, 409


class ParticipantNotFound(TwilioError):
    code, status = 50432, 404
    default_message = "Participant not found in this conversation."


class ChatIdentityTaken(TwilioError):
    code, status = 50433, 409


class ParticipantAlreadyExists(TwilioError):
    """The same (address, proxy address) pair twice in one conversation. Twilio's 50437 page
    names this case first ("An participant with the same ProxyAddress+Address pair already
    exists in this conversation"); 50416's speaks of a pair held by an(other) active
    conversation (https://www.twilio.com/docs/api/errors/50437, /50416, read 2026-11-26)."""

    code, status = 50437, 409


class ConversationClosed(TwilioError):
    code, status = 50377, 400
    default_message = (
        "Can't update conversation as it's in final closed state: create a new conversation."
    )


class MessageBodyMissing(TwilioError):
    code, status = 50503, 400
    default_message = "Message body not provided: give Body (or media)."


class InvalidPhoneNumber(TwilioError):
    code, status = 21421, 400


class PhoneNumberUnavailable(TwilioError):
    code, status = 21422, 400


class InvalidFromNumber(TwilioError):
    code, status = 21212, 400


class InvalidToNumber(TwilioError):
    code, status = 21211, 400


class AddressConfigurationExists(TwilioError):
    """One configuration per (type, address); Twilio's documented code for this is not known."""

    code, status = 20001, 409
    default_message = "An address configuration for this address already exists."


class UserAlreadyExists(TwilioError):
    code, status = 50201, 409
    default_message = "A user with this identity already exists."


class InactiveTimerTooShort(TwilioError):
    code, status = 50375, 400
    default_message = "Timers.Inactive must be at least 1 minute."


class ClosedTimerTooShort(TwilioError):
    code, status = 50376, 400
    default_message = "Timers.Closed must be at least 10 minutes."


class RejectedByPreWebhook(TwilioError):
    """The account's pre-event webhook answered 4xx or 5xx, so the action was not made.

    https://www.twilio.com/docs/conversations/conversations-webhooks says only that Conversations
    "will reject the change and no publication will be made", not which error the REST client
    gets; the sandbox answers Twilio's documented 20403 (Forbidden), HTTP 403."""

    code, status = 20403, 403
    default_message = "The pre-event webhook rejected this action, so it was not made."


# Twilio's Conversations limits (https://www.twilio.com/docs/conversations/conversations-limits).
# Conversations answers with the Programmable Chat family's codes for them; each page gives no
# HTTP status, and the sandbox answers 400 as Twilio does for the rest of that family.


class FriendlyNameTooLong(TwilioError):
    code, status = 50003, 400


class IdentityTooLong(TwilioError):
    code, status = 50207, 400


class AttributesTooLong(TwilioError):
    code, status = 50303, 400


class MessageBodyTooLong(TwilioError):
    code, status = 50504, 400


class ParticipantsLimitExceeded(TwilioError):
    code, status = 50417, 400


class NonChatParticipantsLimitExceeded(TwilioError):
    code, status = 50418, 400


class TooManyParticipantsInRequest(TwilioError):
    code, status = 50426, 400
