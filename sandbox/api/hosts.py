"""Which Twilio host a request was meant for: Messaging's and Conversations' `/v1/Services`
differ only by host (messaging.twilio.com, conversations.twilio.com).

The `Host` header when it names a Twilio host (a request carried unchanged, as through an HTTPS
proxy); else `X-Forwarded-Host` (sent by the kit's own HTTP client, and by any tool that rewrites
Twilio's URLs to the sandbox); else none, which the sandbox reads as Conversations' for `/v1/…`.
"""

from __future__ import annotations

from collections.abc import Mapping

TWILIO_DOMAIN = "twilio.com"
FORWARDED_HOST = "x-forwarded-host"


def twilio_host(value: str) -> str | None:
    """The Twilio product host a header names (its port and case dropped), a region's and
    edge's as the product's: `messaging.ashburn.us1.twilio.com` is `messaging.twilio.com`
    (https://www.twilio.com/docs/global-infrastructure/understanding-edge-locations); None if
    not Twilio's."""
    host = value.split(",")[0].strip().rsplit(":", 1)[0].lower().rstrip(".") if value else ""
    if host == TWILIO_DOMAIN or not host.endswith("." + TWILIO_DOMAIN):
        return None
    return f"{host.split('.', 1)[0]}.{TWILIO_DOMAIN}"


def intended_host(headers: Mapping[str, str]) -> str | None:
    """The Twilio host the request was meant for, or None when no header names one."""
    return twilio_host(headers.get("host", "")) or twilio_host(headers.get(FORWARDED_HOST, ""))
