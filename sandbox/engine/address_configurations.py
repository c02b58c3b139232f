"""Address Configurations: a Twilio number that creates a conversation for a text nobody expects.

With `AutoCreation.Enabled`, a text to the address from a phone that is in no open conversation
through it starts a new conversation: the phone as an SMS participant, the text as its first
message, and (type `webhook`) a conversation-scoped webhook to `AutoCreation.WebhookUrl`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sandbox.engine import conversation_scoped_webhooks, conversations, participants
from sandbox.engine.context import POST_EVENTS, Context
from sandbox.engine.paging import PageRequest, PageResult, fetch_page
from sandbox.engine.participants import Binding
from sandbox.engine.validation import check_filters, check_sid, is_e164, one_of
from sandbox.errors import AddressConfigurationExists, InvalidParameter, NotFound
from sandbox.rows import AddressConfiguration, Participant
from sandbox.sids import new_sid

TYPES = ("sms", "whatsapp", "messenger", "gbm", "email", "rcs", "apple", "chat")
AUTO_TYPES = ("webhook", "studio", "default")


@dataclass(frozen=True)
class AutoCreation:
    """What the request said of `AutoCreation.*` (None: not given)."""

    enabled: bool | None = None
    type: str | None = None
    conversation_service_sid: str | None = None
    webhook_url: str | None = None
    webhook_method: str | None = None
    webhook_filters: tuple[str, ...] = ()
    studio_flow_sid: str | None = None
    studio_retry_count: int | None = None


def _merged(ctx: Context, current: dict[str, Any], given: AutoCreation) -> dict[str, Any]:
    if given.type is not None:
        one_of("AutoCreation.Type", given.type, AUTO_TYPES)
    if given.webhook_method is not None:
        one_of("AutoCreation.WebhookMethod", given.webhook_method.upper(), ("GET", "POST"))
    check_sid("AutoCreation.ConversationServiceSid", given.conversation_service_sid, "IS")
    check_sid("AutoCreation.StudioFlowSid", given.studio_flow_sid, "FW")
    check_filters("AutoCreation.WebhookFilters", list(given.webhook_filters), POST_EVENTS)
    merged = {
        "enabled": False,
        "type": "default",
        "conversation_service_sid": ctx.service_sid,
        "webhook_url": None,
        "webhook_method": "POST",
        "webhook_filters": [],
        "studio_flow_sid": None,
        "studio_retry_count": None,
        **current,
    }
    for key, value in given.__dict__.items():
        if value is not None and value != ():
            merged[key] = list(value) if isinstance(value, tuple) else value
    merged["webhook_method"] = str(merged["webhook_method"]).upper()
    return merged


def create(
    ctx: Context,
    *,
    type_: str | None,
    address: str | None,
    friendly_name: str | None,
    auto_creation: AutoCreation,
    address_country: str | None,
) -> AddressConfiguration:
    one_of("Type", type_ or "", TYPES)
    if not address:
        raise InvalidParameter("Address is required: the Twilio number (for type sms)")
    if type_ == "sms" and not is_e164(address):
        raise InvalidParameter(f"Address {address!r} is not a phone number in E.164 format")
    taken = ctx.db.execute(
        "SELECT sid FROM address_configurations WHERE type = ? AND address = ?", (type_, address)
    ).fetchone()
    if taken is not None:
        raise AddressConfigurationExists(
            f"An address configuration for {type_} {address} already exists: {taken['sid']}"
        )
    now, sid = ctx.now(), new_sid("IG")
    ctx.db.execute(
        "INSERT INTO address_configurations (sid, type, address, friendly_name, auto_creation,"
        " address_country, date_created, date_updated) VALUES (?,?,?,?,?,?,?,?)",
        (
            sid,
            type_,
            address,
            friendly_name,
            json.dumps(_merged(ctx, {}, auto_creation)),
            address_country,
            now,
            now,
        ),
    )
    return get(ctx, sid)


def get(ctx: Context, sid_or_address: str) -> AddressConfiguration:
    row = ctx.db.execute(
        "SELECT * FROM address_configurations WHERE sid = ? OR address = ? ORDER BY id LIMIT 1",
        (sid_or_address, sid_or_address),
    ).fetchone()
    if row is None:
        raise NotFound(
            f"The requested resource /Configuration/Addresses/{sid_or_address} was not found"
        )
    return AddressConfiguration.from_row(row)


def page(
    ctx: Context, request: PageRequest, type_: str | None
) -> tuple[list[AddressConfiguration], PageResult]:
    """One page of the configurations, oldest first, of one type if `type_` is given."""
    where, args = ("type = ?", (type_,)) if type_ else ("", ())
    result = fetch_page(ctx.db, "address_configurations", where, args, "id", request)
    return [AddressConfiguration.from_row(row) for row in result.rows], result


def update(
    ctx: Context,
    config: AddressConfiguration,
    *,
    friendly_name: str | None,
    auto_creation: AutoCreation,
) -> AddressConfiguration:
    ctx.db.execute(
        "UPDATE address_configurations SET friendly_name = ?, auto_creation = ?, date_updated = ?"
        " WHERE sid = ?",
        (
            config.friendly_name if friendly_name is None else friendly_name,
            json.dumps(_merged(ctx, config.auto_creation, auto_creation)),
            ctx.now(),
            config.sid,
        ),
    )
    return get(ctx, config.sid)


def delete(ctx: Context, config: AddressConfiguration) -> None:
    ctx.db.execute("DELETE FROM address_configurations WHERE sid = ?", (config.sid,))


def auto_creation(ctx: Context, recipient: str) -> dict[str, Any] | None:
    """The auto-creation settings of a Twilio number, if a text to it creates a conversation."""
    row = ctx.db.execute(
        "SELECT * FROM address_configurations WHERE type = 'sms' AND address = ?", (recipient,)
    ).fetchone()
    if row is None:
        return None
    settings = AddressConfiguration.from_row(row).auto_creation
    return settings if settings.get("enabled") else None


def auto_create(
    ctx: Context, sender: str, recipient: str, friendly_name: str | None = None
) -> Participant | None:
    """For an unrouted text: a new conversation with the sender in it, if the number says so."""
    settings = auto_creation(ctx, recipient)
    if settings is None:
        return None
    conversation = conversations.create(
        ctx, friendly_name=friendly_name or f"{sender} via {recipient}"
    )
    if settings.get("type") == "webhook" and settings.get("webhook_url"):
        conversation_scoped_webhooks.create(
            ctx,
            conversation.sid,
            target="webhook",
            url=settings["webhook_url"],
            method=settings.get("webhook_method"),
            filters=list(settings.get("webhook_filters") or ["onMessageAdded"]),
        )
    binding = Binding(address=sender, proxy_address=recipient)
    return participants.create(ctx, conversation, binding=binding)
