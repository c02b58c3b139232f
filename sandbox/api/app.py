"""The sandbox's ASGI app: its factory, the endpoint that runs a handler in a transaction, and
Twilio-shaped errors for what no handler answers."""

from __future__ import annotations

import asyncio
import logging
import os
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path
from typing import BinaryIO

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from lab_contract.defaults import DEFAULT_SANDBOX_API_KEY_SECRET, DEFAULT_SANDBOX_API_KEY_SID
from sandbox.api import hosts, links, pre_events, representations
from sandbox.api.auth import Credentials
from sandbox.api.calls import Call, Handler, Upload, Write
from sandbox.api.endpoints import ENDPOINTS, HOSTS, PUBLIC, SERVICE, UPLOADS, page_size_maximum
from sandbox.api.params import MAX_BODY_BYTES, Params
from sandbox.api.unemulated import unemulated_parameters
from sandbox.config import DELIVERY_SECONDS
from sandbox.dispatch import TIMEOUT_SECONDS, Dispatcher, ask
from sandbox.engine import media
from sandbox.engine.engine import Engine
from sandbox.engine.message_2010 import incoming_webhook
from sandbox.engine.pre_events import ALLOWED
from sandbox.errors import (
    ApiError,
    InvalidParameter,
    MediaTooLarge,
    MethodNotAllowed,
    NotFound,
    RequestTooLarge,
    ServerError,
)
from sandbox.store import Store

log = logging.getLogger("sandbox")
TICK_SECONDS = 0.25


def error_response(error: ApiError) -> JSONResponse:
    return JSONResponse(error.body(), status_code=error.status)


class Sandbox:
    """One sandbox: its engine and the credentials it accepts."""

    def __init__(
        self, engine: Engine, credentials: Credentials, webhook_timeout: float = TIMEOUT_SECONDS
    ) -> None:
        self.engine = engine
        self.credentials = credentials
        self.ask_pre_webhook = partial(ask, credentials.auth_token, timeout=webhook_timeout)

    def endpoint(
        self,
        template: str,
        by_host: dict[str | None, dict[str, Handler]],
        public: bool = False,
        raw: bool = False,
    ) -> Callable[[Request], Awaitable[Response]]:
        """One path's endpoint: it calls the handler of the request's method (HEAD: GET's) among
        the endpoints of the Twilio host the request was meant for (`endpoints.HOSTS`; None: any
        other host's)."""
        most = {host: page_size_maximum(template, host) for host in by_host}

        async def serve(request: Request) -> Response:
            host = hosts.intended_host(request.headers)
            host = host if host in HOSTS else None
            method = "GET" if request.method == "HEAD" else request.method
            upload = None
            try:
                if not public:
                    self.credentials.check(request.headers.get("authorization", ""))
                if host not in by_host:
                    raise NotFound()
                handler = by_host[host].get(method)
                if handler is None:
                    raise MethodNotAllowed(f"Method {request.method} not allowed here")
                params = Params.parse(_query_string(request))
                if raw and request.method == "POST":  # a media file: its bytes, not form fields
                    upload = await _media_upload(request)
                elif request.method in ("POST", "PUT"):
                    params = params.merged(Params.parse(await _body(request)))
                forced = request.headers.get("x-twilio-webhook-enabled", "").lower() == "true"
                path = dict(request.path_params)
                service = path.pop(SERVICE, None)  # a service-scoped endpoint's; None: the default
                verdict = ALLOWED
                if isinstance(handler, Write):  # asked before the write's transaction begins
                    verdict = await pre_events.consult(
                        self.engine, self.ask_pre_webhook, handler, params, path, forced, service
                    )
                with self.engine.session(webhooks_forced=forced, service_sid=service) as ctx:
                    call = Call(params, path, ctx, self.engine, verdict, upload, most[host])
                    reply = handler(call)
                    documented = (
                        unemulated_parameters(request.method, template) if host is None else {}
                    )
                    params.check_all_taken(documented)
            except NotFound as error:
                return error_response(_named(error, request))
            except ApiError as error:
                return error_response(error)
            finally:
                if upload is not None:
                    upload.content.close()
            if reply.status == 204:
                return Response(status_code=204)
            if isinstance(reply.body, bytes):
                body = reply.body
            elif isinstance(reply.body, dict) or reply.body is None:
                body = representations.encode(reply.body or {})
            else:
                return _streamed(reply.body, reply.status, reply.media_type)
            if service is not None:
                body = representations.with_chat_service_sid(
                    links.in_service(body, service), service
                )
            return Response(body, status_code=reply.status, media_type=reply.media_type)

        return serve


def _query_string(request: Request) -> bytes:
    """The query as `request.url.query` reads it (up to any `#`), without building the URL."""
    return bytes(request.scope.get("query_string", b"")).partition(b"#")[0]


async def _body(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise RequestTooLarge(f"The request body is larger than {limit} bytes")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise RequestTooLarge(f"The request body is larger than {limit} bytes")
    return body


async def _media_upload(request: Request) -> Upload:
    """A media file as it streams in, spooled to a temporary file past 1 MB: up to Twilio's
    150 MB, never whole in memory."""
    too_large = MediaTooLarge(
        f"Message media size is too large: Conversations keeps {media.MAX_BYTES} bytes (150 MB) "
        "at most"
    )
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > media.MAX_BYTES:
        raise too_large
    spool = tempfile.SpooledTemporaryFile(max_size=media.CHUNK_BYTES)  # noqa: SIM115 (serve closes it)
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > media.MAX_BYTES:
            spool.close()
            raise too_large
        spool.write(chunk)
    spool.seek(0)
    return Upload(spool, size, request.headers.get("content-type", ""))


def _streamed(file: BinaryIO, status: int, media_type: str) -> StreamingResponse:
    """A media file sent a chunk at a time from its temporary copy, which is closed once sent
    (or once the client goes away)."""
    size = file.seek(0, os.SEEK_END)
    file.seek(0)

    def chunks() -> Iterator[bytes]:
        with file:
            while chunk := file.read(media.CHUNK_BYTES):
                yield chunk

    return StreamingResponse(
        chunks(), status_code=status, media_type=media_type, headers={"Content-Length": str(size)}
    )


def _named(error: NotFound, request: Request) -> NotFound:
    """Twilio's 20404 names the whole path that was requested (e.g. `/2010-04-01/Accounts/AC…/
    IncomingPhoneNumbers/PN….json`), which only the HTTP layer knows; other 404s keep theirs."""
    if error.code != NotFound.code:
        return error
    return NotFound(f"The requested resource {request.url.path} was not found")


async def _http_error(request: Request, error: Exception) -> Response:
    status = getattr(error, "status_code", 500)
    if status == 405:
        return error_response(MethodNotAllowed(f"Method {request.method} not allowed here"))
    if status == 404:
        return error_response(_named(NotFound(), request))
    return error_response(InvalidParameter(str(getattr(error, "detail", "Bad request"))))


async def _server_error(request: Request, error: Exception) -> Response:
    log.exception("sandbox: unexpected error on %s %s", request.method, request.url.path)
    return error_response(ServerError())


@asynccontextmanager
async def _ticking(engine: Engine, app: Starlette) -> AsyncIterator[None]:
    """While the server runs: carriers report with no request to run them."""
    task = asyncio.create_task(_tick(engine))
    try:
        yield
    finally:
        task.cancel()


async def _tick(engine: Engine) -> None:
    """A session when a carrier's report or a scheduled message falls due (a look every tick,
    a session only then), on the event loop like every request (so never two at once): the
    report reaches the webhooks soon after it falls due. Idle otherwise: a long conversation
    timer costs no ticks, a message scheduled days ahead one look a tick."""
    while True:
        await asyncio.sleep(TICK_SECONDS)
        if not engine.carrier_report_due():  # (timers wait for a request, as they always have)
            continue
        try:
            with engine.session():
                pass
        except Exception:
            log.exception("sandbox: running what fell due failed; the next tick tries again")


def create_app(
    db_path: Path | str,
    account_sid: str,
    auth_token: str,
    engine: Engine | None = None,
    webhook_timeout: float = TIMEOUT_SECONDS,
    api_key: tuple[str, str] = (DEFAULT_SANDBOX_API_KEY_SID, DEFAULT_SANDBOX_API_KEY_SECRET),
    delivery_seconds: int = DELIVERY_SECONDS,
    group_mms: bool = True,
) -> Starlette:
    """The app factory: the one place the sandbox's state is made."""
    engine = engine or Engine(Store(db_path), account_sid, delivery_seconds, group_mms)
    if engine.dispatch is None:
        replies = partial(incoming_webhook.reply, engine)  # a number's SmsUrl answering TwiML
        dispatcher = Dispatcher(auth_token, timeout=webhook_timeout, on_reply=replies)
        engine.dispatch = dispatcher.submit
    credentials = Credentials(account_sid, auth_token, *api_key)
    box = Sandbox(engine, credentials, webhook_timeout)
    # One Starlette Route per path, not per method and path: a request is matched against half as
    # many; a path two hosts share (/v1/Services) has each host's handlers.
    handlers: dict[str, dict[str | None, dict[str, Handler]]] = {}
    for host, table in ((None, ENDPOINTS), *HOSTS.items()):
        for method, path, handler in table:
            handlers.setdefault(path, {}).setdefault(host, {})[method] = handler
    routes = [
        Route(
            path,
            box.endpoint(path, by_host, public=path in PUBLIC, raw=path in UPLOADS),
            methods=sorted({method for by_method in by_host.values() for method in by_method}),
        )
        for path, by_host in handlers.items()
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={HTTPException: _http_error, Exception: _server_error},
        lifespan=partial(_ticking, engine),
    )
    app.state.sandbox = box
    return app
