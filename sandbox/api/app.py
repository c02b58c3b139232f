"""The sandbox's ASGI app: the map of routes, basic auth, and Twilio-shaped errors."""

from __future__ import annotations

import base64
import binascii
import hmac
import logging
import os
from functools import partial
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from sandbox.api import (
    account,
    configuration,
    pre_events,
    render,
    sandbox,
    services,
    users,
    webhooks,
)
from sandbox.api import conversations as conv
from sandbox.api.calls import Call, Handler
from sandbox.api.forms import MAX_BODY_BYTES, Params
from sandbox.config import DEFAULT_API_KEY_SECRET, DEFAULT_API_KEY_SID
from sandbox.delivery import TIMEOUT_SECONDS, Dispatcher, ask
from sandbox.engine import Engine
from sandbox.engine.pre_events import ALLOWED
from sandbox.errors import (
    AuthenticationFailed,
    MethodNotAllowed,
    NotFound,
    RequestTooLarge,
    TwilioError,
)
from sandbox.process import SERVICE_NAME
from sandbox.store import Store

log = logging.getLogger("sandbox")

C = "/v1/Conversations/{conversation}"
M = C + "/Messages/{message}"
A = "/2010-04-01/Accounts/{account}"

ROUTES: list[tuple[str, str, Handler]] = [
    ("POST", "/v1/Conversations", conv.create_conversation),
    ("GET", "/v1/Conversations", conv.list_conversations),
    ("GET", C, conv.fetch_conversation),
    ("POST", C, conv.update_conversation),
    ("DELETE", C, conv.delete_conversation),
    ("POST", C + "/Participants", conv.create_participant),
    ("GET", C + "/Participants", conv.list_participants),
    ("GET", C + "/Participants/{participant}", conv.fetch_participant),
    ("POST", C + "/Participants/{participant}", conv.update_participant),
    ("DELETE", C + "/Participants/{participant}", conv.delete_participant),
    ("POST", C + "/Messages", conv.create_message),
    ("GET", C + "/Messages", conv.list_messages),
    ("GET", M, conv.fetch_message),
    ("POST", M, conv.update_message),
    ("DELETE", M, conv.delete_message),
    ("GET", M + "/Receipts", conv.list_receipts),
    ("GET", M + "/Receipts/{receipt}", conv.fetch_receipt),
    ("GET", "/v1/ParticipantConversations", conv.list_participant_conversations),
    ("POST", C + "/Webhooks", webhooks.create_scoped),
    ("GET", C + "/Webhooks", webhooks.list_scoped),
    ("GET", C + "/Webhooks/{webhook}", webhooks.fetch_scoped),
    ("POST", C + "/Webhooks/{webhook}", webhooks.update_scoped),
    ("DELETE", C + "/Webhooks/{webhook}", webhooks.delete_scoped),
    ("GET", "/v1/Configuration/Webhooks", webhooks.fetch_account),
    ("POST", "/v1/Configuration/Webhooks", webhooks.update_account),
    ("GET", "/v1/Configuration", configuration.fetch_configuration),
    ("POST", "/v1/Configuration/Addresses", configuration.create_address),
    ("GET", "/v1/Configuration/Addresses", configuration.list_addresses),
    ("GET", "/v1/Configuration/Addresses/{sid}", configuration.fetch_address),
    ("POST", "/v1/Configuration/Addresses/{sid}", configuration.update_address),
    ("DELETE", "/v1/Configuration/Addresses/{sid}", configuration.delete_address),
    ("GET", "/v1/Services", services.list_services),
    ("GET", "/v1/Services/{sid}", services.fetch_service),
    ("GET", "/v1/Roles", services.list_roles),
    ("GET", "/v1/Roles/{sid}", services.fetch_role),
    ("POST", "/v1/Roles", users.create_role),
    ("POST", "/v1/Roles/{sid}", users.update_role),
    ("DELETE", "/v1/Roles/{sid}", users.delete_role),
    ("POST", "/v1/Users", users.create_user),
    ("GET", "/v1/Users", users.list_users),
    ("GET", "/v1/Users/{sid}", users.fetch_user),
    ("POST", "/v1/Users/{sid}", users.update_user),
    ("DELETE", "/v1/Users/{sid}", users.delete_user),
    ("POST", "/v1/ConversationWithParticipants", users.create_conversation_with_participants),
    ("POST", A + "/IncomingPhoneNumbers.json", account.buy_number),
    ("GET", A + "/IncomingPhoneNumbers.json", account.list_numbers),
    ("GET", A + "/IncomingPhoneNumbers/{sid}.json", account.fetch_number),
    ("DELETE", A + "/IncomingPhoneNumbers/{sid}.json", account.release_number),
    ("GET", A + "/Messages.json", account.list_sms),
    ("GET", A + "/Messages/{sid}.json", account.fetch_sms),
    ("POST", "/sandbox/Phones/{phone}/Messages", sandbox.phone_sends),
    ("GET", "/sandbox/Clock", sandbox.read_clock),
    ("POST", "/sandbox/Clock", sandbox.advance_clock),
]


def twilio_error(error: TwilioError) -> JSONResponse:
    return JSONResponse(error.body(), status_code=error.status)


class Sandbox:
    """One sandbox: its engine and the credentials it accepts."""

    def __init__(
        self,
        engine: Engine,
        account_sid: str,
        auth_token: str,
        webhook_timeout: float = TIMEOUT_SECONDS,
        api_key: tuple[str, str] = (DEFAULT_API_KEY_SID, DEFAULT_API_KEY_SECRET),
    ) -> None:
        self.engine = engine
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.api_key = api_key
        self.ask_pre_webhook = partial(ask, auth_token, timeout=webhook_timeout)

    def authenticate(self, request: Request) -> None:
        header = request.headers.get("authorization", "")
        scheme, _, encoded = header.partition(" ")
        try:
            user, _, password = base64.b64decode(encoded, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            user, password = "", ""
        good_user = hmac.compare_digest(user.encode(), self.account_sid.encode())
        good_password = hmac.compare_digest(password.encode(), self.auth_token.encode())
        key_sid, key_secret = self.api_key  # Twilio also accepts an API key (SK…) and its secret
        good_key = hmac.compare_digest(user.encode(), key_sid.encode()) and hmac.compare_digest(
            password.encode(), key_secret.encode()
        )
        if scheme.lower() != "basic" or not ((good_user and good_password) or good_key):
            raise AuthenticationFailed()

    def endpoint(self, handlers: dict[str, Handler]):  # type: ignore[no-untyped-def]
        """One path's endpoint: it calls the handler of the request's method (HEAD: GET's)."""

        async def serve(request: Request) -> Response:
            handler = handlers["GET" if request.method == "HEAD" else request.method]
            try:
                self.authenticate(request)
                params = Params.parse(_query_string(request))
                if request.method in ("POST", "PUT"):
                    params = params.merged(Params.parse(await _body(request)))
                forced = request.headers.get("x-twilio-webhook-enabled", "").lower() == "true"
                path = dict(request.path_params)
                verdict = ALLOWED
                if self.engine.pre_webhook is not None:  # before the write's transaction begins
                    params, verdict = await pre_events.consult(
                        self.engine, self.ask_pre_webhook, handler, params, path, forced
                    )
                with self.engine.session(webhooks_forced=forced) as ctx:
                    call = Call(params, path, ctx, self.engine, verdict)
                    reply = handler(call)
                    params.check_all_taken()
            except TwilioError as error:
                return twilio_error(error)
            if reply.status == 204:
                return Response(status_code=204)
            body = reply.body if isinstance(reply.body, bytes) else render.encode(reply.body or {})
            return Response(body, status_code=reply.status, media_type="application/json")

        return serve

    async def health(self, request: Request) -> Response:
        return JSONResponse(
            {
                "service": SERVICE_NAME,
                "status": "ok",
                "account_sid": self.account_sid,
                "pid": os.getpid(),
            }
        )

    async def reset(self, request: Request) -> Response:
        try:
            self.authenticate(request)
        except TwilioError as error:
            return twilio_error(error)
        self.engine.reset()
        return JSONResponse({"reset": True})


def _query_string(request: Request) -> bytes:
    """The query as `request.url.query` reads it (up to any `#`), without building the URL."""
    return bytes(request.scope.get("query_string", b"")).partition(b"#")[0]


async def _body(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise RequestTooLarge(f"The request body is larger than {MAX_BODY_BYTES} bytes.")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise RequestTooLarge(f"The request body is larger than {MAX_BODY_BYTES} bytes.")
    return body


async def _http_error(request: Request, error: Exception) -> Response:
    status = getattr(error, "status_code", 500)
    if status == 405:
        return twilio_error(MethodNotAllowed(f"Method {request.method} not allowed here"))
    if status == 404:
        return twilio_error(NotFound(f"The requested resource {request.url.path} was not found"))
    return twilio_error(TwilioError(str(getattr(error, "detail", "Bad request"))))


async def _server_error(request: Request, error: Exception) -> Response:
    log.exception("sandbox: unexpected error on %s %s", request.method, request.url.path)
    failure = TwilioError("The sandbox failed on this request; see its log.")
    failure.code, failure.status = 20500, 500
    return twilio_error(failure)


def create_app(
    db_path: Path | str,
    account_sid: str,
    auth_token: str,
    engine: Engine | None = None,
    webhook_timeout: float = TIMEOUT_SECONDS,
    api_key: tuple[str, str] = (DEFAULT_API_KEY_SID, DEFAULT_API_KEY_SECRET),
) -> Starlette:
    """The app factory: the one place the sandbox's state is made."""
    engine = engine or Engine(Store(db_path), account_sid)
    if engine.delivery_sink is None:
        engine.delivery_sink = Dispatcher(auth_token, timeout=webhook_timeout).submit
    box = Sandbox(engine, account_sid, auth_token, webhook_timeout, api_key)
    # One route per path, not per method and path: a request is matched against half as many.
    handlers: dict[str, dict[str, Handler]] = {}
    for method, path, handler in ROUTES:
        handlers.setdefault(path, {})[method] = handler
    routes = [
        Route(path, box.endpoint(by_method), methods=list(by_method))
        for path, by_method in handlers.items()
    ]
    routes += [
        Route("/sandbox/Health", box.health, methods=["GET"]),
        Route("/sandbox/Reset", box.reset, methods=["POST"]),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={HTTPException: _http_error, Exception: _server_error},
    )
    app.state.sandbox = box
    return app
