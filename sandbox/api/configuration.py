"""HTTP handlers for `/v1/Configuration/Addresses`: address configurations and auto-creation."""

from __future__ import annotations

from typing import Any

from sandbox.api import urls
from sandbox.api.calls import NO_CONTENT, Call, Reply, created, ok
from sandbox.api.listing import v1_page
from sandbox.engine import addresses
from sandbox.engine.addresses import AddressConfiguration, AutoCreation
from sandbox.engine.paging import PageResult

ADDRESSES_URL = f"{urls.CONVERSATIONS}/Configuration/Addresses"


def render(account_sid: str, config: AddressConfiguration) -> dict[str, Any]:
    return {
        "sid": config.sid,
        "account_sid": account_sid,
        "type": config.type,
        "address": config.address,
        "friendly_name": config.friendly_name,
        "auto_creation": config.auto_creation,
        "date_created": config.date_created,
        "date_updated": config.date_updated,
        "url": f"{ADDRESSES_URL}/{config.sid}",
        "address_country": config.address_country,
    }


def _auto_creation(call: Call) -> AutoCreation:
    p = call.params
    return AutoCreation(
        enabled=p.get_bool("AutoCreation.Enabled"),
        type=p.get("AutoCreation.Type"),
        conversation_service_sid=p.get("AutoCreation.ConversationServiceSid"),
        webhook_url=p.get("AutoCreation.WebhookUrl"),
        webhook_method=p.get("AutoCreation.WebhookMethod"),
        webhook_filters=tuple(p.get_list("AutoCreation.WebhookFilters")),
        studio_flow_sid=p.get("AutoCreation.StudioFlowSid"),
        studio_retry_count=p.get_int("AutoCreation.StudioRetryCount", minimum=0),
    )


def create_address(call: Call) -> Reply:
    p = call.params
    config = addresses.create(
        call.ctx,
        type_=p.get("Type"),
        address=p.get("Address"),
        friendly_name=p.get("FriendlyName"),
        auto_creation=_auto_creation(call),
        address_country=p.get("AddressCountry"),
    )
    return created(render(call.account_sid, config))


def list_addresses(call: Call) -> Reply:
    request = call.params.page_request()
    type_ = call.params.get("Type")
    items = [render(call.account_sid, c) for c in addresses.all_of(call.ctx, type_)]
    result = PageResult([], None, None)
    return ok(
        v1_page("address_configurations", ADDRESSES_URL, [("Type", type_)], request, result, items)
    )


def fetch_address(call: Call) -> Reply:
    return ok(render(call.account_sid, addresses.get(call.ctx, call.path["sid"])))


def update_address(call: Call) -> Reply:
    config = addresses.update(
        call.ctx,
        addresses.get(call.ctx, call.path["sid"]),
        friendly_name=call.params.get("FriendlyName"),
        auto_creation=_auto_creation(call),
    )
    return ok(render(call.account_sid, config))


def delete_address(call: Call) -> Reply:
    addresses.delete(call.ctx, addresses.get(call.ctx, call.path["sid"]))
    return NO_CONTENT


def fetch_configuration(call: Call) -> Reply:
    """GET /v1/Configuration: the account's default Conversation Service and timers."""
    url = f"{urls.CONVERSATIONS}/Configuration"
    return ok(
        {
            "account_sid": call.account_sid,
            "default_chat_service_sid": call.ctx.service_sid,
            "default_messaging_service_sid": None,
            "default_inactive_timer": None,
            "default_closed_timer": None,
            "url": url,
            "links": {"service": f"{url}/Webhooks", "webhooks": f"{url}/Webhooks"},
        }
    )
