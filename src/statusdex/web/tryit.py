""" "Try it" on a code page: the ``curl -i`` command for this server's own mock, and the status
line and headers the mock really answers, asked in-process through its ASGI interface (the
same app ``statusdex serve`` routes ``/404`` to), so the page never restates them by hand."""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

from starlette.types import ASGIApp

from statusdex.core.records import Status

MAX_BODY = 64 * 1024


@dataclass(frozen=True, slots=True)
class Exchange:
    path: str  # "/404", "/499?vendor=nginx", "/403.14"
    status: int
    status_line: str
    headers: tuple[tuple[str, str], ...]


def mock_path(s: Status) -> str | None:
    """Where the mock answers as ``s`` does; ``None`` for interim (1xx) codes, which the mock
    cannot send on their own."""
    if int(s) < 200:
        return None
    if s.kind == "iis":
        return f"/{s.code}"
    if s.kind == "vendor" and s.vendor is not None:
        return f"/{int(s)}?vendor={quote(s.vendor.id)}"
    return f"/{int(s)}"


async def ask(mock: ASGIApp, path: str, root_path: str = "") -> Exchange:
    """``GET path`` (as curl sends it) to the mock app; its status and headers."""
    raw_path, _, query = path.partition("?")
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": root_path + raw_path,
        "raw_path": (root_path + raw_path).encode("ascii"),
        "root_path": root_path,
        "query_string": query.encode("ascii"),
        "headers": [(b"host", b"statusdex"), (b"user-agent", b"curl"), (b"accept", b"*/*")],
        "client": ("127.0.0.1", 0),
        "server": ("127.0.0.1", 80),
        "state": {},
    }
    start: dict[str, Any] = {}
    size = 0
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": b"", "more_body": False}
        return {"type": "http.disconnect"}

    async def send(message: MutableMapping[str, Any]) -> None:
        nonlocal size
        if message["type"] == "http.response.start":
            start.update(message)
        elif message["type"] == "http.response.body":
            size += len(message.get("body", b""))
            if size > MAX_BODY:
                raise RuntimeError("the mock's answer is larger than expected")

    await mock(scope, receive, send)
    status = int(start["status"])
    try:
        phrase = HTTPStatus(status).phrase  # what the HTTP server puts on the status line
    except ValueError:
        phrase = ""
    headers = tuple((k.decode("latin-1"), v.decode("latin-1")) for k, v in start.get("headers", []))
    return Exchange(path, status, f"HTTP/1.1 {status} {phrase}".rstrip(), headers)
