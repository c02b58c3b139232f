"""Conversations Services: the account's default one, which the sandbox makes at start."""

from __future__ import annotations

from sandbox.engine.context import Context
from sandbox.engine.paging import PageRequest, PageResult, fetch_page
from sandbox.errors import NotFound
from sandbox.records import Service


def get(ctx: Context, sid: str) -> Service:
    row = ctx.db.execute("SELECT * FROM services WHERE sid = ?", (sid,)).fetchone()
    if row is None:
        raise NotFound(f"The requested resource /Services/{sid} was not found")
    return Service.from_row(row)


def page(ctx: Context, request: PageRequest) -> PageResult:
    return fetch_page(ctx.db, "services", "", (), "id", request)
