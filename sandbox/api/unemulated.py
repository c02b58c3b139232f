"""Parameters Twilio documents for an operation that the sandbox refuses there: what each would
change, so that a refusal says "not emulated" rather than "check the spelling" (issue 18).

Only what remains unemulated is listed, by (method, route as in `routes.py`);
tests/test_unemulated.py checks each name against Twilio's spec for that operation.
"""

from __future__ import annotations

from collections.abc import Mapping

NO_EMAIL = "an email conversation's binding; the sandbox has no email channel"

UNEMULATED: Mapping[tuple[str, str], Mapping[str, str]] = {
    ("POST", "/v1/Conversations"): {
        "Bindings.Email.Address": NO_EMAIL,
        "Bindings.Email.Name": NO_EMAIL,
    },
}
