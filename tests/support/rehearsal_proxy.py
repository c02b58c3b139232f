"""mitmproxy addon for the live rehearsal: Twilio's hosts, carried to a sandbox; every path logged.

Run by `mitmdump -s` in its own environment (.venv-proxy), never imported by the kit or
the tests. The kit's SDK speaks HTTPS to *.twilio.com through HTTPS_PROXY and trusts this
proxy's CA (REQUESTS_CA_BUNDLE); each request is logged, then sent on as plain HTTP to the
sandbox's loopback port. Requests for any other host are refused.
"""

from __future__ import annotations

import json
from typing import Any

from mitmproxy import ctx, http

TWILIO_DOMAIN = "twilio.com"


class ToSandbox:
    def load(self, loader: Any) -> None:
        loader.add_option("sandbox_port", int, 0, "the sandbox's port on 127.0.0.1")
        loader.add_option("path_log", str, "", "file that gets one JSON line per request")

    def request(self, flow: http.HTTPFlow) -> None:
        host = flow.request.pretty_host
        with open(ctx.options.path_log, "a", encoding="utf-8") as log:
            entry = {"method": flow.request.method, "host": host, "path": flow.request.path}
            log.write(json.dumps(entry) + "\n")
        if host != TWILIO_DOMAIN and not host.endswith("." + TWILIO_DOMAIN):
            flow.response = http.Response.make(502, b"the rehearsal proxy only carries Twilio")
            return
        flow.request.scheme = "http"
        flow.request.host = "127.0.0.1"
        flow.request.port = ctx.options.sandbox_port
        flow.request.headers["Host"] = host  # the sandbox sees the host the SDK asked for


addons = [ToSandbox()]
