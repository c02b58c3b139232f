"""Twilio's list envelopes: `meta` for Conversations v1, top-level paging fields for 2010."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sandbox.api import links, representations
from sandbox.engine.paging import PageRequest, PageResult

Query = list[tuple[str, object]]


def v1_page(
    key: str,
    url: str,
    filters: Query,
    request: PageRequest,
    result: PageResult,
    items: Sequence[dict[str, Any] | bytes],
) -> bytes:
    """The page, encoded: items already encoded (a message, see
    `representations.encoded_message`) are joined as they are, so a list of unchanged messages
    costs no JSON encoding."""
    size = request.size

    def page_url(page: int, token: str | None) -> str:
        return links.with_query(
            url, [*filters, ("PageSize", size), ("Page", page), ("PageToken", token)]
        )

    encoded = [item if isinstance(item, bytes) else representations.encode(item) for item in items]
    meta = representations.encode(
        {
            "page": request.page,
            "page_size": size,
            "first_page_url": page_url(0, None),
            "previous_page_url": (
                page_url(max(request.page - 1, 0), result.previous_token)
                if result.previous_token
                else None
            ),
            "url": page_url(request.page, request.token),
            "next_page_url": (
                page_url(request.page + 1, result.next_token) if result.next_token else None
            ),
            "key": key,
        }
    )
    return b'{"%s":[%s],"meta":%s}' % (key.encode(), b",".join(encoded), meta)


def v2010_page(
    key: str,
    uri: str,
    filters: Query,
    request: PageRequest,
    result: PageResult,
    items: Sequence[dict[str, Any]],
) -> dict[str, Any]:
    size = request.size

    def page_uri(page: int, token: str | None) -> str:
        return links.with_query(
            uri, [*filters, ("PageSize", size), ("Page", page), ("PageToken", token)]
        )

    start = request.page * size
    return {
        key: list(items),
        "end": start + max(len(items) - 1, 0),
        "first_page_uri": page_uri(0, None),
        "next_page_uri": page_uri(request.page + 1, result.next_token)
        if result.next_token
        else None,
        "page": request.page,
        "page_size": size,
        "previous_page_uri": (
            page_uri(max(request.page - 1, 0), result.previous_token)
            if result.previous_token
            else None
        ),
        "start": start,
        "uri": page_uri(request.page, request.token),
    }
