"""Live mode without Twilio: a network on which Twilio's hosts are the sandbox, so the kit sees a
live client, and a good live configuration (the learner's cast and numbers)."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response

GOOD = {
    "GROUP_PHONE_1": "+14155550101",
    "GROUP_PHONE_2": "+14155550102",
    "GROUP_TWILIO_NUMBERS": "+15005550006, +15005550007",
}


class ElsewhereHttpClient(TwilioHttpClient):
    """A network where Twilio's hosts happen to be the sandbox: the kit sees a live client."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.target = urlsplit(url)

    def request(self, method: str, url: str, *args: object, **kwargs: object) -> Response:
        parts = urlsplit(url)
        moved = urlunsplit(("http", self.target.netloc, parts.path, parts.query, ""))
        return super().request(method, moved, *args, **kwargs)
