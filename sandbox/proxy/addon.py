"""mitmproxy addon of the proxy mode: Twilio's hosts carried to the sandbox, every other refused.

Loaded by `mitmdump -s` in the proxy's own environment (.venv-proxy), standing alone: never
imported by the sandbox or the kit. A request for a Twilio host goes on as plain HTTP to the
sandbox on loopback, its `Host` header (and `X-Forwarded-Host`) still naming the host it was for:
Messaging's and Conversations' `/v1/Services` differ only by host. Any other host gets 403
and a sentence, at CONNECT already, and nothing is forwarded.
"""

from __future__ import annotations

from typing import Any

from mitmproxy import ctx, http

TWILIO_DOMAIN = "twilio.com"


def is_twilio(host: str) -> bool:
    """`twilio.com` or one of its subdomains (api., conversations., messaging., mcs.us1., ...):
    the rule the kit's own client applies (helpers/_local/transport.py)."""
    host = host.lower().rstrip(".")
    return host == TWILIO_DOMAIN or host.endswith("." + TWILIO_DOMAIN)


def refusal(host: str) -> str:
    return (
        f"This proxy carries only Twilio's hosts (*.{TWILIO_DOMAIN}) to your offline sandbox: "
        f"it refused {host}, and sent nothing there. Unset HTTPS_PROXY for programs that talk "
        "to other hosts, or list those in NO_PROXY.\n"
    )


class ToSandbox:
    def load(self, loader: Any) -> None:
        loader.add_option("sandbox_host", str, "127.0.0.1", "the sandbox's loopback address")
        loader.add_option("sandbox_port", int, 0, "the sandbox's port")

    def http_connect(self, flow: http.HTTPFlow) -> None:
        self._refuse_unless_twilio(flow)

    def request(self, flow: http.HTTPFlow) -> None:
        if self._refuse_unless_twilio(flow):
            return
        host = flow.request.pretty_host
        flow.request.scheme = "http"
        flow.request.host = ctx.options.sandbox_host
        flow.request.port = ctx.options.sandbox_port
        flow.request.headers["Host"] = host
        flow.request.headers["X-Forwarded-Host"] = host

    @staticmethod
    def _refuse_unless_twilio(flow: http.HTTPFlow) -> bool:
        host = flow.request.pretty_host
        if is_twilio(host):
            return False
        flow.response = http.Response.make(
            403, refusal(host).encode(), {"Content-Type": "text/plain; charset=utf-8"}
        )
        return True


addons = [ToSandbox()]
