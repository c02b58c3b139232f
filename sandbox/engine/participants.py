"""Participants: SMS (address + proxy address) or chat (identity), and the pair rule (50416)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from sandbox.engine import group_mms, incoming_phone_numbers, limits, service_configuration
from sandbox.engine.context import Context
from sandbox.engine.paging import PageRequest, PageResult, fetch_page
from sandbox.engine.validation import (
    NOT_DATED,
    Dates,
    creation_dates,
    dated,
    is_e164,
    json_attributes,
)
from sandbox.errors import (
    AddressEqualsProxy,
    BindingAddressEmpty,
    ChatIdentityTaken,
    ConversationClosed,
    IdentityAndBindingGiven,
    IdentityOrBindingRequired,
    InvalidBindingAddress,
    InvalidParameter,
    InvalidProxyAddress,
    ParticipantNotFound,
    ParticipantProxyPairInUse,
    SmsBindingOptionsNotAllowed,
)
from sandbox.rows import Conversation, Participant, SmsRecipient
from sandbox.sids import is_sid, new_sid


@dataclass(frozen=True)
class Binding:
    """What the request said of `MessagingBinding.*`."""

    address: str | None = None
    proxy_address: str | None = None
    name: str | None = None
    level: str | None = None
    projected_address: str | None = None  # Group MMS: a Twilio number standing for a chat user

    @property
    def given(self) -> bool:
        return any(v is not None for v in (self.address, self.proxy_address))


def create(
    ctx: Context,
    conversation: Conversation,
    *,
    identity: str | None = None,
    binding: Binding | None = None,
    attributes: str | None = None,
    role_sid: str | None = None,
    dates: Dates = NOT_DATED,
) -> Participant:
    binding = binding or Binding()
    projected = binding.projected_address
    if conversation.state == "closed":
        raise ConversationClosed()
    if projected is not None:
        group_mms.check_projected_address(ctx, projected, with_binding=binding.given)
    elif identity and binding.given:
        raise IdentityAndBindingGiven()
    if not identity and not binding.given and projected is None:
        raise IdentityOrBindingRequired()
    limits.identity(identity)
    limits.attributes(attributes)
    if binding.given:
        check_binding(ctx, binding)
    group_mms.check_joins(
        ctx,
        conversation.sid,
        identity=identity,
        address=binding.address,
        proxy_address=binding.proxy_address,
        projected=projected,
    )
    if binding.proxy_address is not None:
        refuse_pair_in_use(ctx, binding.address or "", binding.proxy_address, conversation)
    elif identity and _identity_in(ctx, conversation.sid, identity):
        raise ChatIdentityTaken(
            f"Participant with identity {identity!r} already exists in {conversation.sid}"
        )
    if role_sid:
        _checked_role(role_sid)
    limits.room_for_participant(ctx, conversation.sid, sms=binding.given)
    created, updated = creation_dates(dates, ctx.now())
    # Built here and written as is: reading it back after the insert cost a query.
    participant = Participant(
        new_sid("MB"), conversation.sid, identity or None, binding.address,
        binding.proxy_address, json_attributes(attributes), role_of(ctx, role_sid),
        None, None, created, updated, projected,
    )  # fmt: skip
    p = participant
    ctx.db.execute(
        "INSERT INTO participants (sid, conversation_sid, identity, address, proxy_address,"
        " attributes, role_sid, date_created, date_updated, projected_address)"
        " VALUES (?,?,?,?,?,?,?,?,?,?)",
        (p.sid, p.conversation_sid, p.identity, p.address, p.proxy_address, p.attributes,
         p.role_sid, created, updated, p.projected_address),
    )  # fmt: skip
    ctx.emit("onParticipantAdded", conversation.sid, **event_fields(participant))
    return participant


def check_binding(ctx: Context, binding: Binding) -> None:
    """Twilio's SMS binding rules, in the order it applies them. An address without a proxy
    address is a native Group MMS phone (Twilio's Group Texting guide)."""
    if binding.name is not None or binding.level is not None:
        raise SmsBindingOptionsNotAllowed()
    if not binding.address:
        raise BindingAddressEmpty()
    if binding.proxy_address is None:
        group_mms.check_native_address(ctx, binding.address)
        return
    if not is_e164(binding.address):
        raise InvalidBindingAddress(
            f"MessagingBinding.Address {binding.address!r} is not a valid phone number in "
            "E.164 format (a + and the country code, e.g. +16505551111)"
        )
    proxy = binding.proxy_address or ""
    if not is_e164(proxy):
        raise InvalidProxyAddress(
            f"MessagingBinding.ProxyAddress {proxy!r} is not a valid phone number in E.164 "
            "format: give one of this account's Twilio numbers, e.g. +15005550006"
        )
    if binding.address == proxy:
        raise AddressEqualsProxy()
    if not incoming_phone_numbers.is_owned(ctx, proxy):
        raise InvalidProxyAddress(
            f"MessagingBinding.ProxyAddress {proxy} is not one of this account's Twilio "
            "numbers: buy it first (client.incoming_phone_numbers.create(phone_number=...))"
        )


def refuse_pair_in_use(
    ctx: Context, address: str, proxy_address: str, conversation: Conversation, own_sid: str = ""
) -> None:
    """The pair (address, proxy address) may be in one conversation that is not closed."""
    row = ctx.db.execute(
        "SELECT p.sid, p.conversation_sid FROM participants p"
        " JOIN conversations c ON c.sid = p.conversation_sid"
        " WHERE p.address = ? AND p.proxy_address = ? AND c.state != 'closed' AND p.sid != ?"
        " LIMIT 1",
        (address, proxy_address, own_sid),
    ).fetchone()
    if row is None:
        return
    holder = row["conversation_sid"]
    # The same conversation too is 50416 (Twilio's help article on 50416; sandbox/FIDELITY.md).
    advice = (
        f"Participant {row['sid']} already is that person in this conversation"
        if holder == conversation.sid
        else "Use another Twilio number as the proxy address, or close that conversation first"
    )
    raise ParticipantProxyPairInUse(
        f"A binding for this participant and proxy address already exists in Conversation {holder}"
        f" (address {address}, proxy address {proxy_address}). {advice}"
    )


def find_by_pair(ctx: Context, address: str, proxy_address: str) -> Participant | None:
    """The routing lookup: which open conversation's participant owns this pair."""
    row = ctx.db.execute(
        "SELECT p.* FROM participants p JOIN conversations c ON c.sid = p.conversation_sid"
        " WHERE p.address = ? AND p.proxy_address = ? AND c.state != 'closed' LIMIT 1",
        (address, proxy_address),
    ).fetchone()
    return Participant.from_row(row) if row else None


def find_author(ctx: Context, conversation_sid: str, author: str) -> str | None:
    """The SID of the participant a message author names: a chat identity or an SMS address."""
    row = ctx.db.execute(
        "SELECT sid FROM participants WHERE conversation_sid = ? AND (identity = ? OR address = ?)"
        " LIMIT 1",
        (conversation_sid, author, author),
    ).fetchone()
    return row["sid"] if row else None


def get(ctx: Context, conversation: Conversation, sid_or_identity: str) -> Participant:
    """Twilio also finds a participant by identity in the SID's place."""
    # Two indexed lookups: one query with `sid = ? OR identity = ?` scans the conversation.
    row = None
    for column in ("sid", "identity"):
        row = ctx.db.execute(
            f"SELECT * FROM participants WHERE {column} = ? AND conversation_sid = ?",
            (sid_or_identity, conversation.sid),
        ).fetchone()
        if row is not None:
            break
    if row is None:
        raise ParticipantNotFound(
            f"Participant {sid_or_identity} is not a member of conversation {conversation.sid}"
        )
    return Participant.from_row(row)


def update(
    ctx: Context,
    conversation: Conversation,
    participant: Participant,
    *,
    identity: str | None = None,
    proxy_address: str | None = None,
    projected_address: str | None = None,
    attributes: str | None = None,
    role_sid: str | None = None,
    last_read_message_index: int | None = None,
    last_read_timestamp: str | None = None,
    dates: Dates = NOT_DATED,
) -> Participant:
    if conversation.state == "closed":
        raise ConversationClosed()
    changes: dict[str, object] = {}
    if identity is not None and identity != participant.identity:
        if participant.is_sms:
            raise IdentityAndBindingGiven()
        if _identity_in(ctx, conversation.sid, identity):
            raise ChatIdentityTaken(
                f"Participant with identity {identity!r} already exists in {conversation.sid}"
            )
        changes["identity"] = limits.identity(identity)
    if proxy_address is not None and proxy_address != participant.proxy_address:
        if not participant.is_sms:
            raise IdentityAndBindingGiven()
        check_binding(ctx, Binding(participant.address, proxy_address))
        refuse_pair_in_use(
            ctx, participant.address or "", proxy_address, conversation, participant.sid
        )
        changes["proxy_address"] = proxy_address
    if projected_address is not None and projected_address != participant.projected_address:
        group_mms.check_projected_address(ctx, projected_address, with_binding=participant.is_sms)
        changes["projected_address"] = projected_address
    if attributes is not None:
        changes["attributes"] = json_attributes(limits.attributes(attributes))
    if role_sid is not None:
        changes["role_sid"] = _checked_role(role_sid)
    if last_read_message_index is not None:
        changes["last_read_message_index"] = last_read_message_index
    if last_read_timestamp is not None:
        changes["last_read_timestamp"] = last_read_timestamp
    dated(changes, dates, ctx.now())
    assignments = ", ".join(f"{column} = ?" for column in changes)
    ctx.db.execute(
        f"UPDATE participants SET {assignments} WHERE sid = ?", (*changes.values(), participant.sid)
    )
    updated = get(ctx, conversation, participant.sid)
    ctx.emit("onParticipantUpdated", conversation.sid, **event_fields(updated))
    return updated


def delete(ctx: Context, conversation: Conversation, participant: Participant) -> None:
    ctx.db.execute("DELETE FROM participants WHERE sid = ?", (participant.sid,))
    ctx.emit("onParticipantRemoved", conversation.sid, **event_fields(participant))


def page(ctx: Context, conversation: Conversation, request: PageRequest) -> PageResult:
    return fetch_page(
        ctx.db, "participants", "conversation_sid = ?", (conversation.sid,), "id", request
    )


def sms_recipients(
    ctx: Context, conversation_sid: str, except_sid: str | None
) -> list[SmsRecipient]:
    rows = ctx.db.execute(
        "SELECT sid, address, proxy_address FROM participants"
        " WHERE conversation_sid = ? AND address IS NOT NULL AND sid != ? ORDER BY id",
        (conversation_sid, except_sid or ""),
    )
    return [SmsRecipient(sid, address, proxy or "") for sid, address, proxy in rows]


def of_person(
    ctx: Context, request: PageRequest, address: str | None, identity: str | None
) -> PageResult:
    """ParticipantConversations: the participants that are this phone number or identity."""
    column, value = ("address", address) if address is not None else ("identity", identity)
    in_service = "conversation_sid IN (SELECT sid FROM conversations WHERE chat_service_sid = ?)"
    where = f"{column} = ? AND {in_service}"
    return fetch_page(ctx.db, "participants", where, (value, ctx.service_sid), "id", request)


def role_of(ctx: Context, role_sid: str | None) -> str | None:
    """A new participant's role: the one given, or the service's default participant role."""
    return role_sid or default_role(ctx.db, ctx.service_sid)


def binding_type(address: str | None) -> str:
    """`SMS` for a participant with a phone address, `CHAT` for one with an identity."""
    return "SMS" if address else "CHAT"


def event_fields(participant: Participant) -> dict[str, object]:
    return {
        "ConversationSid": participant.conversation_sid,
        "ParticipantSid": participant.sid,
        "Identity": participant.identity,
        "MessagingBinding.Address": participant.address,
        "MessagingBinding.ProxyAddress": participant.proxy_address,
        "MessagingBinding.ProjectedAddress": participant.projected_address,
        "RoleSid": participant.role_sid,
        "Attributes": participant.attributes,
        "DateCreated": participant.date_created,
    }


def _identity_in(ctx: Context, conversation_sid: str, identity: str) -> bool:
    row = ctx.db.execute(
        "SELECT 1 FROM participants WHERE conversation_sid = ? AND identity = ?",
        (conversation_sid, identity),
    ).fetchone()
    return row is not None


def _checked_role(role_sid: str) -> str:
    if not is_sid(role_sid, "RL"):
        raise InvalidParameter(f"RoleSid must be a Role SID (RL…); got {role_sid!r}")
    return role_sid


def default_role(db: sqlite3.Connection, service_sid: str) -> str | None:
    """The role a participant gets when the request names none: the service's configured
    DefaultConversationRoleSid, else its default `channel user` role."""
    return service_configuration.default_role(db, service_sid, "default_conversation_role_sid")
