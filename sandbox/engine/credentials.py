"""Push credentials (APN, GCM, FCM): what Twilio's response shows is stored; the secrets
(Certificate, PrivateKey, ApiKey, Secret) are taken and dropped, since the sandbox sends no push
notification and Twilio's response never shows them
(https://www.twilio.com/docs/conversations/api/credential-resource)."""

from __future__ import annotations

from sandbox.engine.context import Context
from sandbox.engine.paging import PageRequest, PageResult, fetch_page
from sandbox.engine.validation import one_of
from sandbox.errors import InvalidParameter, NotFound
from sandbox.rows import Credential
from sandbox.sids import new_sid

TYPES = ("apn", "gcm", "fcm")
MAX_FRIENDLY_NAME = 64  # the spec: "It can be up to 64 characters long"


def _check(type_: str | None, friendly_name: str | None) -> None:
    if type_ is not None:
        one_of("Type", type_, TYPES)
    if friendly_name and len(friendly_name) > MAX_FRIENDLY_NAME:
        raise InvalidParameter(f"FriendlyName is limited to {MAX_FRIENDLY_NAME} characters")


def create(
    ctx: Context, *, type_: str | None, friendly_name: str | None, sandbox: bool | None
) -> Credential:
    if not type_:
        raise InvalidParameter("Type is required: apn, gcm or fcm")
    _check(type_, friendly_name)
    now, sid = ctx.now(), new_sid("CR")
    apn_sandbox = None if sandbox is None else int(sandbox)
    ctx.db.execute(
        "INSERT INTO credentials (sid, friendly_name, type, sandbox, date_created, date_updated)"
        " VALUES (?,?,?,?,?,?)",
        (sid, friendly_name, type_, apn_sandbox, now, now),
    )
    return Credential(sid, friendly_name, type_, apn_sandbox, now, now)


def get(ctx: Context, sid: str) -> Credential:
    row = ctx.db.execute("SELECT * FROM credentials WHERE sid = ?", (sid,)).fetchone()
    if row is None:
        raise NotFound(f"The requested resource /Credentials/{sid} was not found")
    return Credential.from_row(row)


def update(
    ctx: Context,
    credential: Credential,
    *,
    type_: str | None,
    friendly_name: str | None,
    sandbox: bool | None,
) -> Credential:
    _check(type_, friendly_name)
    ctx.db.execute(
        "UPDATE credentials SET type = ?, friendly_name = ?, sandbox = ?, date_updated = ?"
        " WHERE sid = ?",
        (
            type_ or credential.type,
            credential.friendly_name if friendly_name is None else friendly_name,
            credential.sandbox if sandbox is None else int(sandbox),
            ctx.now(),
            credential.sid,
        ),
    )
    return get(ctx, credential.sid)


def delete(ctx: Context, credential: Credential) -> None:
    ctx.db.execute("DELETE FROM credentials WHERE sid = ?", (credential.sid,))


def page(ctx: Context, request: PageRequest) -> PageResult:
    return fetch_page(ctx.db, "credentials", "", (), "id", request)
