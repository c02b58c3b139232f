"""Parameters Twilio documents for an operation that the sandbox refuses there: what each would
change, so that a refusal says "not emulated" rather than "check the spelling" (issue 18).

Only what remains unemulated is listed, by (method, path as in `endpoints.py`);
tests/sandbox/test_unemulated.py checks each name against Twilio's spec for that operation.
"""

from __future__ import annotations

from collections.abc import Mapping

from sandbox.api.endpoints import account_level

NO_EMAIL = "an email conversation's binding; the sandbox has no email channel"
EMAIL = {"Bindings.Email.Address": NO_EMAIL, "Bindings.Email.Name": NO_EMAIL}
ONE_ACCOUNT = "moves the number to another account (a subaccount); the sandbox has one account"

UNEMULATED: Mapping[tuple[str, str], Mapping[str, str]] = {
    ("POST", "/v1/Conversations"): EMAIL,
    ("POST", "/v1/Conversations/{conversation}"): EMAIL,
    ("POST", "/v1/ConversationWithParticipants"): EMAIL,
    ("POST", "/2010-04-01/Accounts/{account}/Messages.json"): {
        "FallbackFrom": "the SMS sender used when an RCS sender cannot reach the recipient; "
        "the sandbox has no RCS",
    },
    ("POST", "/2010-04-01/Accounts/{account}/IncomingPhoneNumbers/{sid}.json"): {
        "AccountSid": ONE_ACCOUNT
    },
}


def unemulated_parameters(method: str, path: str) -> Mapping[str, str]:
    """What the operation documents but the sandbox does not emulate; a service-scoped twin
    (/v1/Services/{ChatServiceSid}/…) shares its account-level endpoint's list."""
    return UNEMULATED.get((method, account_level(path)), {})
