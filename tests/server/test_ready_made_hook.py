"""The hook ``statusdex.serving`` asks before starting an ASGI task
(``Dispatcher.cached_reply``): after a request has gone through the whole ASGI stack once, it
must hand out exactly the messages that stack sends (same status, header list, body), and
nothing for requests the stack would answer differently (other methods, per-user pages,
paths outside the root path, options the mock must read)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from starlette.types import ASGIApp

from statusdex.web.app import create_app
from statusdex.web.settings import WebSettings

Headers = list[tuple[bytes, bytes]]
GZIP = (b"accept-encoding", b"gzip")
HOST = (b"host", b"example.test")

# (method, path, query, headers): answered ready-made once the stack has answered it.
READY: list[tuple[str, str, bytes, Headers]] = [
    ("GET", "/codes/404", b"", [HOST]),
    ("GET", "/codes/404", b"", [HOST, GZIP]),
    ("HEAD", "/codes/404", b"", [HOST, GZIP]),
    ("GET", "/codes/404", b"", [HOST, (b"if-none-match", b"*")]),
    ("GET", "/th/codes/404", b"", [HOST]),
    ("GET", "/fr/families/4xx", b"", [HOST, GZIP]),
    ("GET", "/", b"", [HOST]),
    ("GET", "/api/v1/codes/404", b"", [HOST]),
    ("GET", "/api/v1/codes/404", b"lang=th", [HOST, GZIP]),
    ("GET", "/api/v1/codes/404", b"unread=1", [HOST]),
    ("GET", "/404", b"", [HOST]),
    ("HEAD", "/503", b"", [HOST, (b"accept", b"application/json")]),
    ("GET", "/418", b"", [HOST, (b"accept", b"text/html"), (b"accept-language", b"fr")]),
]
# Never answered ready-made, however often the stack has answered them.
NOT_READY: list[tuple[str, str, bytes, Headers]] = [
    ("POST", "/codes/404", b"", [HOST]),
    ("GET", "/healthz", b"", [HOST]),
    ("GET", "/learn", b"", [HOST]),
    ("GET", "/404", b"sleep=0", [HOST]),
    ("GET", "/404", b"", [HOST, (b"x-httpstatus-sleep", b"0")]),
    ("GET", "/status/404", b"", [HOST]),
]


def call(app: ASGIApp, method: str, path: str, query: bytes, headers: Headers) -> list[Any]:
    """The messages ``app`` sends for this request, with a scope as uvicorn builds it."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "server": ("127.0.0.1", 8000),
        "client": ("127.0.0.1", 50000),
        "scheme": "http",
        "root_path": "",
        "headers": headers,
        "state": {},
        "method": method,
        "path": path,
        "raw_path": path.encode(),
        "query_string": query,
    }
    sent: list[Any] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    # In a thread of its own: a session-wide Playwright loop may be running in this one.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, app(scope, receive, send)).result()
    return sent


def wire(messages: list[Any]) -> tuple[int, Headers, bytes]:
    start, *bodies = messages
    body = b"".join(m.get("body", b"") for m in bodies)
    return start["status"], list(start.get("headers", [])), body


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Any:
    db = tmp_path_factory.mktemp("hook") / "learn.db"
    return create_app(WebSettings(database_url=f"sqlite:///{db}"))


@pytest.mark.parametrize(("method", "path", "query", "headers"), READY)
def test_ready_made_answer_is_what_the_stack_sends(
    app: Any, method: str, path: str, query: bytes, headers: Headers
) -> None:
    first = wire(call(app, method, path, query, headers))
    again = wire(call(app, method, path, query, headers))
    ready = app.cached_reply(method, path, query, headers, "http")
    assert ready is not None
    assert wire(list(ready)) == again == first


@pytest.mark.parametrize(("method", "path", "query", "headers"), NOT_READY)
def test_no_ready_made_answer(
    app: Any, method: str, path: str, query: bytes, headers: Headers
) -> None:
    for _ in range(2):
        call(app, method, path, query, headers)
    assert app.cached_reply(method, path, query, headers, "http") is None


def test_the_key_holds_what_changes_the_answer(app: Any) -> None:
    """Language, encoding, conditional request and method each get their own answer."""
    variants = [
        ("GET", "/codes/410", []),
        ("GET", "/th/codes/410", []),
        ("GET", "/codes/410", [GZIP]),
        ("HEAD", "/codes/410", []),
        ("GET", "/codes/410", [(b"if-none-match", b"*")]),
    ]
    answers = []
    for method, path, extra in variants:
        call(app, method, path, b"", [HOST, *extra])
        ready = app.cached_reply(method, path, b"", [HOST, *extra], "http")
        assert ready is not None
        answers.append(wire(list(ready)))
    assert len(set(map(repr, answers))) == len(variants)
    statuses = [a[0] for a in answers]
    assert statuses == [200, 200, 200, 200, 304]


def test_behind_a_root_path_only_prefixed_paths(tmp_path: Path) -> None:
    app: Any = create_app(
        WebSettings(database_url=f"sqlite:///{tmp_path / 'l.db'}", root_path="/ref")
    )
    assert app.cached_reply("GET", "/ref/codes/404", b"", [HOST], "http") is None  # not yet
    for path in ("/ref/codes/404", "/codes/404", "/ref/404"):
        call(app, "GET", path, b"", [HOST])
    assert app.cached_reply("GET", "/ref/codes/404", b"", [HOST], "http") is not None
    assert app.cached_reply("GET", "/ref/404", b"", [HOST], "http") is not None
    assert app.cached_reply("GET", "/codes/404", b"", [HOST], "http") is None
