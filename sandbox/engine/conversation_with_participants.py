"""ConversationWithParticipants: a conversation and up to ten participants in one call, all or
nothing (the request's transaction rolls back on any error). A pair already used elsewhere is
Twilio's 50425."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sandbox.engine import conversations, limits, participants
from sandbox.engine.context import Context
from sandbox.engine.participants import Binding
from sandbox.errors import (
    ConversationWithParticipantsPairInUse,
    InvalidParameter,
    ParticipantProxyPairInUse,
)
from sandbox.rows import Conversation


@dataclass(frozen=True)
class NewParticipant:
    identity: str | None
    binding: Binding
    attributes: str | None
    role_sid: str | None


def _pick(values: dict[str, Any], *names: str) -> Any:
    for name in names:
        if values.get(name) is not None:
            return values[name]
    return None


def parse_participant(text: str) -> NewParticipant:
    """One `Participant` value: JSON with the Participant resource's fields (either spelling)."""
    try:
        values = json.loads(text)
    except ValueError as error:
        raise InvalidParameter(f"Participant must be a JSON object; got {text!r}") from error
    if not isinstance(values, dict):
        raise InvalidParameter(f"Participant must be a JSON object; got {text!r}")
    binding = _pick(values, "messaging_binding", "messagingBinding") or {}
    if not isinstance(binding, dict):
        raise InvalidParameter("Participant messaging_binding must be a JSON object")
    attributes = values.get("attributes")
    return NewParticipant(
        identity=values.get("identity"),
        binding=Binding(
            address=binding.get("address"),
            proxy_address=_pick(binding, "proxy_address", "proxyAddress"),
            projected_address=_pick(binding, "projected_address", "projectedAddress"),
        ),
        attributes=attributes if attributes is None else str(attributes),
        role_sid=_pick(values, "role_sid", "roleSid"),
    )


def create(ctx: Context, fields: dict[str, Any], people: list[str]) -> Conversation:
    limits.participants_per_request(len(people))
    parsed = [parse_participant(text) for text in people]
    conversation = conversations.create(ctx, **fields)
    for person in parsed:
        try:
            participants.create(
                ctx,
                conversation,
                identity=person.identity,
                binding=person.binding,
                attributes=person.attributes,
                role_sid=person.role_sid,
            )
        except ParticipantProxyPairInUse as error:
            raise ConversationWithParticipantsPairInUse(
                "Participant and proxy address pairs for one or more participants already in use: "
                + error.message
            ) from error
    return conversations.get(ctx, conversation.sid)
