"""The floor: the sandbox's routes in the same framework, answering a fixed, valid response.

What it costs is HTTP, uvicorn, Starlette, JSON and the `twilio` SDK alone; the sandbox's
time above it is the emulation (auth, parsing, SQLite, fan-out). `python -m bench.floor`.
"""

from __future__ import annotations

import argparse
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from helpers.settings import DEFAULT_SANDBOX_ACCOUNT_SID
from sandbox.api import render, urls
from sandbox.api.listing import v1_page
from sandbox.engine.paging import PageRequest, PageResult
from sandbox.records import Conversation, DeliverySummary, Message, Participant

ACCOUNT = DEFAULT_SANDBOX_ACCOUNT_SID
CONVERSATION_SID = "CH" + "f" * 32
WHEN = "2026-01-01T00:00:00Z"
LISTED = 50


def _conversation() -> Conversation:
    return Conversation(
        CONVERSATION_SID, "IS" + "f" * 32, None, "bench", None, "{}", "active",
        None, None, None, None, WHEN, WHEN,
    )  # fmt: skip


def _participant() -> Participant:
    return Participant(
        "MB" + "f" * 32, CONVERSATION_SID, None, "+16502000000", "+14152000000", "{}",
        "RL" + "f" * 32, None, None, WHEN, WHEN,
    )  # fmt: skip


def _message(index: int) -> Message:
    delivery = DeliverySummary(2, {"delivered": 2})
    sid = f"IM{index:032x}"
    return Message(sid, CONVERSATION_SID, index, "alice", "hello", "{}", None, WHEN, WHEN, delivery)


def _message_list() -> dict[str, Any]:
    request = PageRequest(size=LISTED)
    result = PageResult([], "PTnext", None)
    items = [render.message(ACCOUNT, _message(i)) for i in range(LISTED)]
    url = f"{urls.conversation(CONVERSATION_SID)}/Messages"
    return v1_page("messages", url, [("Order", "asc")], request, result, items)


def fixed(status: int, body: dict[str, Any]):  # type: ignore[no-untyped-def]
    async def answer(request: Request) -> Response:
        await request.body()  # a real server reads the form; so does the floor
        return JSONResponse(body, status_code=status)

    return answer


def create_app() -> Starlette:
    conversation = "/v1/Conversations/{conversation}"
    return Starlette(
        routes=[
            Route(
                "/v1/Conversations",
                fixed(201, render.conversation(ACCOUNT, _conversation())),
                methods=["POST"],
            ),
            Route(
                conversation + "/Participants",
                fixed(201, render.participant(ACCOUNT, _participant())),
                methods=["POST"],
            ),
            Route(
                conversation + "/Messages",
                fixed(201, render.message(ACCOUNT, _message(0))),
                methods=["POST"],
            ),
            Route(conversation + "/Messages", fixed(200, _message_list()), methods=["GET"]),
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.floor")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    uvicorn.run(
        create_app(),
        host="127.0.0.1",
        port=args.port,
        log_level="warning",
        access_log=False,
        lifespan="off",
    )


if __name__ == "__main__":
    main()
