"""What a valid request to each of Twilio's operations looks like, for the walk-the-spec test:
a base form per operation, a value per parameter (its schema's, or the tables' where Twilio's rules
want another), and what Twilio's rules tie together."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.support.spec_world import NUMBERS, PHONES, UNREACHABLE_HOOK, World
from tests.support.twilio_specs import Operation, resolve

S = "/v1/Services/{}"
DATE = "2026-01-02T03:04:05Z"

# The least a create needs, by (method, shape) of the account-level route; a scoped twin
# (/v1/Services/{}/…) takes its twin's. Callables make a value no earlier call used.
BASE_FORMS: dict[tuple[str, str], dict[str, Any]] = {
    ("POST", "/v1/Conversations/{}/Participants"): {"Identity": lambda w: w.fresh("id")},
    ("POST", "/v1/Conversations/{}/Messages"): {"Author": "alice", "Body": "walk"},
    ("POST", "/v1/Conversations/{}/Webhooks"): {
        "Target": "webhook",
        "Configuration.Url": UNREACHABLE_HOOK,
    },
    ("POST", "/v1/Roles"): {
        "FriendlyName": lambda w: w.fresh("role"),
        "Type": "conversation",
        "Permission": "sendMessage",
    },
    ("POST", "/v1/Roles/{}"): {"Permission": "sendMessage"},
    ("POST", "/v1/Users"): {"Identity": lambda w: w.fresh("user")},
    ("POST", "/v1/Services"): {"FriendlyName": lambda w: w.fresh("service")},
    ("POST", "/v1/Credentials"): {"Type": "fcm", "Secret": "s"},
    ("POST", "/v1/Configuration/Addresses"): {
        "Type": "sms",
        "Address": lambda w: w.fresh_number(),
    },
    ("POST", "/2010-04-01/Accounts/{}/IncomingPhoneNumbers.json"): {"AreaCode": "650"},
    # A number no pool holds (the world's last): a number is in one Messaging Service at most.
    ("POST", "/v1/Services/{}/PhoneNumbers"): {"PhoneNumberSid": lambda w: w.by_prefix["PN"]},
    ("POST", "/2010-04-01/Accounts/{}/Messages.json"): {
        "From": NUMBERS[0],
        "To": PHONES[0],
        "Body": "walk",
    },
}

# A parameter whose valid value is not what its schema alone suggests, by name, or by
# (method, account-level shape, name) where one operation needs its own.
VALUES: dict[str, Any] = {
    "Attributes": '{"walk": true}',
    "ContentVariables": '{"1": "Ana"}',
    "Timers.Inactive": "PT5M",
    "Timers.Closed": "PT20M",
    "DefaultInactiveTimer": "PT5M",
    "DefaultClosedTimer": "PT20M",
    "State": "active",  # not `closed`: the walk goes on in that conversation
    "Permission": "sendMessage",
    "Participant": '{"identity": "walker"}',
    "LastReadMessageIndex": "0",
    "MessagingBinding.Address": lambda w: w.fresh_phone(),
    "MessagingBinding.ProxyAddress": NUMBERS[0],
    "MessagingBinding.ProjectedAddress": NUMBERS[0],
    "Author": "alice",
    "Identity": lambda w: w.fresh("id"),
    "UniqueName": lambda w: w.fresh("unique"),
    "PhoneNumber": lambda w: f"+1500557{next(w.serial):04d}",
    "AreaCode": "650",
    "ApiVersion": "2010-04-01",
    "StartDate": "2020-01-01",
    "EndDate": "2030-01-01",
    "To": PHONES[1],
    "From": NUMBERS[0],
    "Body": "walk",
    "Address": PHONES[0],
    "Usecase": "discussion",  # one of the values the Service resource lists
}
FILTER = "onMessageAdded"


def messaging_service(world: World) -> str:
    """The world's Messaging Service with numbers in its pool (an unknown MG… is 21701)."""
    return world.by_prefix["MG"]


PARTICIPANTS = "/v1/Conversations/{}/Participants"
WEBHOOKS = "/v1/Conversations/{}/Webhooks"
MESSAGES_2010 = "/2010-04-01/Accounts/{}/Messages"
ONE_OPERATION: dict[tuple[str, str, str], Any] = {
    ("POST", "/v1/Configuration/Addresses", "Address"): lambda w: w.fresh_number(),
    ("POST", MESSAGES_2010 + "/{}.json", "Body"): "",  # the only update: redacting
    ("POST", "/v1/Users", "RoleSid"): lambda w: w.service_role,  # a user's role is a service's
    ("POST", "/v1/Users/{}", "RoleSid"): lambda w: w.service_role,
    ("POST", S + "/Configuration", "DefaultChatServiceRoleSid"): lambda w: w.service_role,
    ("POST", MESSAGES_2010 + ".json", "SendAt"): lambda w: an_hour_ahead(),
}

# Twilio's rules that tie a parameter to others: what to add to the base form with it, and what to
# leave out of it, by (method, account-level shape, name).
TOGETHER: dict[tuple[str, str, str], dict[str, Any]] = {
    # https://www.twilio.com/docs/conversations/api/conversation-participant-resource: an SMS
    # participant is its address and proxy address together, and has no identity.
    ("POST", PARTICIPANTS, "MessagingBinding.Address"): {
        "MessagingBinding.ProxyAddress": NUMBERS[0]
    },
    ("POST", PARTICIPANTS, "MessagingBinding.ProxyAddress"): {
        "MessagingBinding.Address": lambda w: w.fresh_phone()
    },
    # https://www.twilio.com/docs/conversations/api/conversation-scoped-webhook-resource: a studio
    # target names its flow, a trigger target its triggers.
    ("POST", WEBHOOKS, "Configuration.FlowSid"): {"Target": "studio"},
    ("POST", WEBHOOKS, "Configuration.ReplayAfter"): {
        "Target": "studio",
        "Configuration.FlowSid": "FW" + "0" * 32,
    },
    ("POST", WEBHOOKS, "Configuration.Triggers"): {"Target": "trigger"},
    # https://www.twilio.com/docs/messaging/features/message-scheduling: a fixed time, through a
    # Messaging Service.
    ("POST", MESSAGES_2010 + ".json", "ScheduleType"): {
        "SendAt": lambda w: an_hour_ahead(),
        "MessagingServiceSid": messaging_service,
    },
    ("POST", MESSAGES_2010 + ".json", "SendAt"): {
        "ScheduleType": "fixed",
        "MessagingServiceSid": messaging_service,
    },
    # https://www.twilio.com/docs/content: variables fill a template's placeholders.
    ("POST", MESSAGES_2010 + ".json", "ContentVariables"): {"ContentSid": "HX" + "2" * 32},
    # https://www.twilio.com/docs/conversations/states-timers: timers are set with the state.
    **{
        ("POST", path, timer): {"State": "active"}
        for path in ("/v1/Conversations", "/v1/ConversationWithParticipants")
        for timer in ("Timers.Inactive", "Timers.Closed")
    },
}
LEAVE_OUT: dict[tuple[str, str, str], tuple[str, ...]] = {
    ("POST", PARTICIPANTS, "MessagingBinding.Address"): ("Identity",),
    ("POST", PARTICIPANTS, "MessagingBinding.ProxyAddress"): ("Identity",),
    ("POST", "/2010-04-01/Accounts/{}/IncomingPhoneNumbers.json", "PhoneNumber"): ("AreaCode",),
    ("GET", "/v1/ParticipantConversations", "Address"): ("Identity",),
}
# A GET's query that the operation needs (ParticipantConversations: whose conversations).
BASE_QUERIES: dict[tuple[str, str], dict[str, Any]] = {
    ("GET", "/v1/ParticipantConversations"): {"Identity": "alice"},
}
# Where a parameter is tried on another resource than the world's first of its kind: a Group MMS
# participant (ProjectedAddress) starts a conversation of its own (50435, sandbox/GROUP_MMS.md).
ELSEWHERE: dict[tuple[str, str, str], dict[str, str]] = {
    ("POST", PARTICIPANTS, "MessagingBinding.ProjectedAddress"): {
        "ConversationSid": "EmptyConversationSid"
    },
    # Only a scheduled message can be canceled (https://www.twilio.com/docs/api/errors/30409).
    ("POST", MESSAGES_2010 + "/{}.json", "Status"): {"Sid": "ScheduledSmsSid"},
}

# Documented rules that refuse a parameter sent alone with the base form: (method, account-level
# shape, parameter) → Twilio's code, each rule's page beside it.
REFUSED_BY_A_RULE: dict[tuple[str, str, str], int] = {
    # The world's participant is an SMS one, which cannot have a projected address:
    # https://www.twilio.com/docs/conversations/group-texting (sandbox/GROUP_MMS.md).
    ("POST", PARTICIPANTS + "/{}", "MessagingBinding.ProjectedAddress"): 50443,
    # ... nor an identity: https://www.twilio.com/docs/api/errors/50211
    ("POST", PARTICIPANTS + "/{}", "Identity"): 50211,
}


def an_hour_ahead() -> str:
    return (datetime.now(UTC) + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")


# A service's own resources, with no account-level twin (/v1/Configuration is the account's; a
# Messaging Service's pool is its PhoneNumbers).
SERVICE_OWN = tuple(S + own for own in ("/Configuration", "/Bindings", "/Media", "/PhoneNumbers"))


def account_level(operation: Operation) -> tuple[str, str]:
    """The operation's (method, shape), a service-scoped twin's as its account-level route's."""
    method, path = operation.shape
    if path.startswith(S + "/") and not path.startswith(SERVICE_OWN):
        return method, "/v1" + path.removeprefix(S)
    return method, path


def parameter_key(operation: Operation, name: str | None) -> tuple[str, str, str]:
    return (*account_level(operation), name or "")


def concrete(world: World, value: Any) -> Any:
    return value(world) if callable(value) else value


def value_for(world: World, operation: Operation, name: str, schema: dict[str, Any]) -> Any:
    """A valid value for one parameter: the tables above, else one its schema allows."""
    if parameter_key(operation, name) in ONE_OPERATION:
        return concrete(world, ONE_OPERATION[parameter_key(operation, name)])
    if name in VALUES:
        return concrete(world, VALUES[name])
    if name.endswith("Filters"):
        return [FILTER]
    if schema.get("type") == "array":
        return [value_for(world, operation, name, resolve(operation.spec, schema.get("items", {})))]
    if "enum" in schema:
        return schema["enum"][0]
    pattern = schema.get("pattern", "")
    if pattern.startswith("^") and "[0-9a-fA-F]{32}" in pattern:
        prefix = pattern[1:3]
        return world.by_prefix.get(prefix, prefix + "0" * 32)
    if schema.get("format") == "date-time":
        return DATE
    if schema.get("format") == "uri" or name.endswith("Url"):
        return UNREACHABLE_HOOK
    if schema.get("type") == "boolean":
        return "true"
    if schema.get("type") == "integer":
        return "1"
    if schema.get("type") == "number":
        return "0.05"
    if name.endswith("Method"):
        return "POST"
    return world.fresh(name.replace(".", "-"))


def with_parameter(
    world: World, operation: Operation, base: dict[str, Any], name: str | None, value: Any
) -> dict[str, Any]:
    """The base form or query, with one parameter and what Twilio's rules tie to it."""
    key = parameter_key(operation, name)
    left_out = LEAVE_OUT.get(key, ())
    form = {k: concrete(world, v) for k, v in base.items() if k != name and k not in left_out}
    if name is not None:
        form[name] = value
        form.update({k: concrete(world, v) for k, v in TOGETHER.get(key, {}).items()})
    return form
