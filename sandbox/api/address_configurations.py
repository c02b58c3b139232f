"""HTTP handlers of `/v1/Configuration/Addresses`: address configurations and auto-creation."""

from __future__ import annotations

from sandbox.api import links, representations
from sandbox.api.calls import NO_CONTENT, Call, Reply, created, ok
from sandbox.api.listing import v1_page
from sandbox.engine import address_configurations
from sandbox.engine.address_configurations import AutoCreation


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


def create_address_configuration(call: Call) -> Reply:
    p = call.params
    config = address_configurations.create(
        call.ctx,
        type_=p.get("Type"),
        address=p.get("Address"),
        friendly_name=p.get("FriendlyName"),
        auto_creation=_auto_creation(call),
        address_country=p.get("AddressCountry"),
    )
    return created(representations.address_configuration(call.account_sid, config))


def list_address_configurations(call: Call) -> Reply:
    request = call.page_request()
    type_ = call.params.get("Type")
    found, result = address_configurations.page(call.ctx, request, type_)
    items = [representations.address_configuration(call.account_sid, c) for c in found]
    url = links.ADDRESS_CONFIGURATIONS
    return ok(v1_page("address_configurations", url, [("Type", type_)], request, result, items))


def fetch_address_configuration(call: Call) -> Reply:
    config = address_configurations.get(call.ctx, call.path["sid"])
    return ok(representations.address_configuration(call.account_sid, config))


def update_address_configuration(call: Call) -> Reply:
    config = address_configurations.update(
        call.ctx,
        address_configurations.get(call.ctx, call.path["sid"]),
        friendly_name=call.params.get("FriendlyName"),
        auto_creation=_auto_creation(call),
    )
    return ok(representations.address_configuration(call.account_sid, config))


def delete_address_configuration(call: Call) -> Reply:
    address_configurations.delete(call.ctx, address_configurations.get(call.ctx, call.path["sid"]))
    return NO_CONTENT
