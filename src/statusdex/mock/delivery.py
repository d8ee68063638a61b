"""Sending a ``Plan`` over raw ASGI: waits, interim responses, drip-fed bodies and faults.

ASGI has no message for "drop the connection", so the faults lean on what every server must
do with a broken application (uvicorn does exactly this, with both its HTTP parsers):

- abort after headers / mid-body: the app returns before the body is complete, and the
  server closes the connection, so the client sees a response cut short of Content-Length;
- abort before headers: the app hands the server a response start it must refuse (a header
  value with a line break) and returns; the server writes nothing and closes the connection.

Every wait ends early when the client goes away, so a hung-up client frees its place at once.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from statusdex.mock.plan import Plan

# starlette only names the ASGI types: the mock app itself needs no framework
if TYPE_CHECKING:
    from starlette.types import Receive, Send

# A value no server may write (RFC 9110 forbids CR/LF in field values): the server rejects
# the start message before sending a byte of it.
_UNSENDABLE = [(b"x-statusdex-abort", b"\r\n")]
DRIP_PIECES = 50  # most pieces a drip-fed body is cut into


async def _until_disconnect(receive: Receive) -> None:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return


async def client_left(receive: Receive, seconds: float) -> bool:
    """Wait ``seconds``; True as soon as the client disconnects (the wait is then cut short)."""
    watcher = asyncio.ensure_future(_until_disconnect(receive))
    try:
        done, _ = await asyncio.wait({watcher}, timeout=seconds)
    finally:
        if not watcher.done():
            watcher.cancel()
    return bool(done)


async def _read_body(receive: Receive) -> None:
    """Read the request body (on the first read the server sends ``100 Continue``)."""
    while True:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body", False):
            return


async def deliver(plan: Plan, method: str, receive: Receive, send: Send) -> None:
    reply = plan.reply
    if plan.interim == 100:
        await _read_body(receive)
    elif plan.interim == 103:
        await send(
            {"type": "http.response.early_hint", "links": [v for _, v in plan.interim_headers]}
        )
    if plan.delay_s > 0 and await client_left(receive, plan.delay_s):
        return
    if plan.abort == "before-headers":
        await _abort_before_headers(send)
        return
    await send({"type": "http.response.start", "status": reply.status, "headers": reply.headers})
    if plan.after_headers_s > 0 and await client_left(receive, plan.after_headers_s):
        return
    body = b"" if method == "HEAD" or reply.body is None else reply.body
    if plan.abort == "after-headers":
        return
    if plan.abort == "mid-body":
        if len(body) > 1:
            await _body(send, body[: len(body) // 2], more=True)
        return
    if plan.drip_s > 0 and len(body) > 1:
        await _drip(body, plan.drip_s, receive, send)
        return
    await _body(send, body, more=False)


async def _body(send: Send, data: bytes, *, more: bool) -> None:
    message: dict[str, Any] = {"type": "http.response.body", "body": data, "more_body": more}
    await send(message)


async def _drip(body: bytes, seconds: float, receive: Receive, send: Send) -> None:
    n = min(len(body), DRIP_PIECES)
    size, extra = divmod(len(body), n)
    interval = seconds / (n - 1) if n > 1 else 0.0
    start = 0
    for i in range(n):
        end = start + size + (1 if i < extra else 0)
        last = i == n - 1
        await _body(send, body[start:end], more=not last)
        start = end
        if not last and await client_left(receive, interval):
            return


async def _abort_before_headers(send: Send) -> None:
    try:
        await send({"type": "http.response.start", "status": 500, "headers": _UNSENDABLE})
    except Exception:  # the refusal is the point: nothing was written
        return
