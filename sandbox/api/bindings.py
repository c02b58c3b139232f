"""HTTP handlers of a service's push Bindings (`/v1/Services/{ChatServiceSid}/Bindings`), and the
sandbox's own endpoint that registers one as a device with a Conversations SDK would."""

from __future__ import annotations

from sandbox.api import links, representations
from sandbox.api.calls import NO_CONTENT, Call, Reply, created, ok
from sandbox.api.listing import v1_page
from sandbox.engine import bindings
from sandbox.rows import PushBinding


def list_bindings(call: Call) -> Reply:
    p = call.params
    types, identities = p.get_list("BindingType"), p.get_list("Identity")
    request = call.page_request()
    result = bindings.page(call.ctx, request, types=types, identities=identities)
    items = [
        representations.binding(call.account_sid, PushBinding.from_row(r)) for r in result.rows
    ]
    url = f"{links.service(call.ctx.service_sid)}/Bindings"
    filters = [*(("BindingType", t) for t in types), *(("Identity", i) for i in identities)]
    return ok(v1_page("bindings", url, filters, request, result, items))


def fetch_binding(call: Call) -> Reply:
    return ok(representations.binding(call.account_sid, bindings.get(call.ctx, call.path["sid"])))


def delete_binding(call: Call) -> Reply:
    bindings.delete(call.ctx, bindings.get(call.ctx, call.path["sid"]))
    return NO_CONTENT


def register_binding(call: Call) -> Reply:
    """`POST /sandbox/Services/{ChatServiceSid}/Bindings`: a device registers for push."""
    p = call.params
    binding = bindings.register(
        call.ctx,
        identity=p.get("Identity"),
        binding_type=p.get("BindingType"),
        address=p.get("Address"),
        credential_sid=p.get("CredentialSid"),
        message_types=p.get_list("MessageTypes"),
    )
    return created(representations.binding(call.account_sid, binding))
