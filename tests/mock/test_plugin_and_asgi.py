"""The pytest plugin, used by a separate pytest run as a project would; the app as plain ASGI."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from statusdex.mock.app import create_mock_app
from statusdex.mock.settings import MockSettings

T = TypeVar("T")

PROJECT_TEST = """
import httpx


def test_the_fixture_serves_the_mock(statusdex_mock):
    r = httpx.get(f"{statusdex_mock}/503")
    assert r.status_code == 503
    assert r.headers["retry-after"] == "5"
    assert statusdex_mock.url.startswith("http://127.0.0.1:")


def test_one_server_per_session(statusdex_mock, request):
    assert request.getfixturevalue("statusdex_mock") is statusdex_mock


def test_factory_with_other_caps(statusdex_mock_factory):
    server = statusdex_mock_factory(max_delay_ms=50)
    r = httpx.get(f"{server}/200?sleep=60")
    assert r.status_code == 400
    assert "max_delay_ms=50" in r.json()["detail"]
"""


def test_plugin_in_another_project(tmp_path: Path) -> None:
    (tmp_path / "test_uses_mock.py").write_text(textwrap.dedent(PROJECT_TEST))
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 passed" in done.stdout


def run_async(coro: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run`` in a thread of its own (Playwright's sync API may own this thread's loop)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


async def _call(app: Any, scope: dict[str, Any], body: bytes = b"") -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []
    messages = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive() -> dict[str, Any]:
        if messages:
            return messages.pop(0)
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent


def _scope(path: str, query: bytes = b"", **extra: Any) -> dict[str, Any]:
    return {
        "type": "http",
        "method": "GET",
        "path": path,
        "root_path": "",
        "query_string": query,
        "headers": [(b"host", b"mock.test")],
        "scheme": "http",
        "client": ("127.0.0.1", 1),
        **extra,
    }


def test_early_hints_where_the_server_offers_them() -> None:
    """Servers with the ASGI early-hint extension get a real 103 before the final code."""
    app = create_mock_app(settings=MockSettings())
    scope = _scope("/103", b"final=204", extensions={"http.response.early_hint": {}})
    sent = run_async(_call(app, scope))
    assert sent[0]["type"] == "http.response.early_hint"
    assert sent[0]["links"]
    assert sent[1]["type"] == "http.response.start"
    assert sent[1]["status"] == 204


def test_paths_not_ours_go_to_not_found() -> None:
    seen: list[str] = []

    async def not_found(scope: Any, receive: Any, send: Any) -> None:
        seen.append(scope["path"])
        await send({"type": "http.response.start", "status": 404, "headers": []})
        await send({"type": "http.response.body", "body": b"web 404"})

    app = create_mock_app(not_found=not_found, settings=MockSettings())
    for path in ("/", "/codes/404", "/abc", "/stat"):
        sent = run_async(_call(app, _scope(path)))
        assert sent[-1]["body"] == b"web 404"
    assert seen == ["/", "/codes/404", "/abc", "/stat"]
    sent = run_async(_call(app, _scope("/404")))
    assert sent[0]["status"] == 404
    assert sent[1]["body"] == b"404 Not Found"


def test_root_path_prefixes_locations() -> None:
    app = create_mock_app(settings=MockSettings())
    sent = run_async(_call(app, _scope("/mock/301", root_path="/mock")))
    assert sent[0]["status"] == 301
    assert (b"location", b"/mock/200") in sent[0]["headers"]
