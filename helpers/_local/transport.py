"""The SDK's HTTP client, pointed at the sandbox instead of Twilio's hosts."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response

TWILIO_DOMAIN = "twilio.com"
FORWARDED_HOST = "X-Forwarded-Host"  # which Twilio host a request was for (the sandbox reads it)


class SandboxHttpClient(TwilioHttpClient):
    """Sends every request for a `*.twilio.com` host to the sandbox at `sandbox_url`.

    The sandbox answers with Twilio's own URLs (`https://conversations.twilio.com/v1/...`),
    so paging links the SDK follows come back through here and are rewritten too. Each request
    says which Twilio host it was for (`X-Forwarded-Host`): Messaging's and Conversations'
    `/v1/Services` differ only by host.
    """

    def __init__(
        self,
        sandbox_url: str,
        timeout: float | None = 30.0,
        api_key: tuple[str, str] | None = None,
    ) -> None:
        super().__init__(timeout=timeout)
        self.sandbox_url = sandbox_url.rstrip("/")
        self.api_key = api_key  # the sandbox's (SID, secret), for access tokens; None: documented
        self._target = urlsplit(self.sandbox_url)

    def rewrite(self, url: str) -> str:
        return self._rewritten(url)[0]

    def _rewritten(self, url: str) -> tuple[str, str | None]:
        """The URL pointed at the sandbox, and the Twilio host it named (None: not Twilio's)."""
        parts = urlsplit(url)
        host = parts.hostname or ""
        if host != TWILIO_DOMAIN and not host.endswith("." + TWILIO_DOMAIN):
            return url, None
        target = (self._target.scheme, self._target.netloc, parts.path, parts.query, parts.fragment)
        return urlunsplit(target), host

    def request(
        self,
        method: str,
        url: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> Response:
        sandbox_url, twilio_host = self._rewritten(url)
        if twilio_host is not None:
            headers = {**(headers or {}), FORWARDED_HOST: twilio_host}
        return super().request(
            method,
            sandbox_url,
            params=params,
            data=data,
            headers=headers,
            auth=auth,
            timeout=timeout,
            allow_redirects=allow_redirects,
        )
