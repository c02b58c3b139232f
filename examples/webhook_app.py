"""A webhook app in Flask: what Twilio calls when things happen in your group texts.

- POST /conversations/pre: Conversations' pre-event webhook (the onMessageAdd filter), asked
  before a message is stored: a message with a banned word is refused, a masked word is starred.
- POST /conversations/post: post-event webhooks, logged.
- POST /sms: your number's own Messaging webhook (its SmsUrl), for a text that no conversation
  holds: a TwiML answer texts the phone back.

Every request must carry a valid X-Twilio-Signature (else 403). Twilio signs the URL it was
told to call: behind a tunnel, set PUBLIC_URL to the tunnel's address.

    TWILIO_AUTH_TOKEN=... python examples/webhook_app.py --port 5000

https://www.twilio.com/docs/conversations-classic/conversations-webhooks
https://www.twilio.com/docs/usage/webhooks/webhooks-security
https://www.twilio.com/docs/messaging/twiml
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from collections.abc import Iterable

from flask import Flask, Response, abort, jsonify, request
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

log = logging.getLogger("webhook_app")

BANNED_WORDS = frozenset({"spoiler"})
MASKED_WORDS = frozenset({"heck"})
UNKNOWN_TEXT_REPLY = (
    "This number carries group texts. You are not in one here yet: ask the organiser to add you."
)


def create_app(
    auth_token: str,
    public_url: str | None = None,
    banned_words: Iterable[str] = BANNED_WORDS,
    masked_words: Iterable[str] = MASKED_WORDS,
) -> Flask:
    app = Flask(__name__)
    validator = RequestValidator(auth_token)
    banned = _words(banned_words)
    masked = _words(masked_words)

    @app.before_request
    def only_twilio() -> None:
        url = signed_url(public_url)
        signature = request.headers.get("X-Twilio-Signature", "")
        if not validator.validate(url, request.form, signature):
            log.warning("refused %s %s: no valid X-Twilio-Signature", request.method, url)
            abort(403)

    @app.post("/conversations/pre")
    def pre_event() -> Response | tuple[str, int]:
        form = request.form
        body = form.get("Body", "")
        if form.get("EventType") != "onMessageAdd":
            return jsonify({})
        if banned.search(body):
            log.info("refused a message from %s: a banned word", form.get("Author"))
            return "That word is not allowed here.", 422  # any 4xx or 5xx refuses the action
        if masked.search(body):
            return jsonify({"body": masked.sub(lambda m: "*" * len(m.group()), body)})
        return jsonify({})  # 200 and no changes: the message is stored as sent

    @app.post("/conversations/post")
    def post_event() -> tuple[str, int]:
        form = request.form
        log.info(
            "%s in %s: %s",
            form.get("EventType"),
            form.get("ConversationSid"),
            form.get("Body") or form.get("ParticipantSid") or "",
        )
        return "", 200

    @app.post("/sms")
    def text_to_the_number() -> Response:
        log.info(
            "a text from %s to %s outside any conversation",
            request.form.get("From"),
            request.form.get("To"),
        )
        answer = MessagingResponse()
        answer.message(UNKNOWN_TEXT_REPLY)
        return Response(str(answer), mimetype="application/xml")

    return app


def signed_url(public_url: str | None) -> str:
    """The URL Twilio signed: the one it called, which is PUBLIC_URL's when a tunnel forwards."""
    if not public_url:
        return request.url
    query = f"?{request.query_string.decode()}" if request.query_string else ""
    return public_url.rstrip("/") + request.path + query


def _words(words: Iterable[str]) -> re.Pattern[str]:
    listed = "|".join(re.escape(word) for word in sorted(words)) or r"(?!)"
    return re.compile(rf"\b(?:{listed})\b", re.IGNORECASE)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the webhook app (Flask's own server).")
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)
    token = os.environ.get("TWILIO_AUTH_TOKEN")
    if not token:
        print("Set TWILIO_AUTH_TOKEN: the app checks Twilio's signatures with it.", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    create_app(token, os.environ.get("PUBLIC_URL")).run(host=args.host, port=args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
