"""How ``create_app`` composes the faces: the learning routes and the mock app plug in as
agreed, mock answers pass through untouched, unknown paths get the helpful 404."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Request
from starlette.types import ASGIApp, Receive, Scope, Send

import statusdex.mock.app
import statusdex.mock.policy
import statusdex.web.learn.routes
from statusdex.web.app import create_app
from statusdex.web.dispatch import is_web_path
from statusdex.web.settings import WebSettings
from statusdex.web.templating import request_lang
from tests.web.html_tools import Page

MOCK_BODY = b"mocked " * 200  # long enough that the web face would compress it


def fake_mock(*, not_found: ASGIApp | None = None, policy: object = None) -> ASGIApp:
    """Answers /200 itself, like the real mock; everything else goes to ``not_found``."""
    assert not_found is not None
    assert policy is statusdex.mock.policy.SITE  # on the site's origin, the site's rules

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["path"].endswith("/200"):
            headers = [(b"content-type", b"text/plain"), (b"x-mock", b"1")]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": MOCK_BODY})
            return
        await not_found(scope, receive, send)

    return app


def fake_learning(app: FastAPI, settings: WebSettings) -> None:
    @app.get("/learn/probe")
    def probe(request: Request) -> dict[str, Any]:
        return {"lang": request_lang(request), "db": settings.database_url}


@pytest.fixture
def faces(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(statusdex.mock.app, "create_mock_app", fake_mock)
    monkeypatch.setattr(statusdex.web.learn.routes, "install", fake_learning)
    return


def fetch(app: ASGIApp, path: str, root_path: str = "", **headers: str) -> httpx.Response:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, root_path=root_path)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
            return await c.get(path, headers=headers)

    # in a thread of its own: Playwright's session fixtures keep an event loop in this one
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, go()).result()


def test_mock_answers_pass_untouched(faces: None) -> None:
    r = fetch(create_app(WebSettings()), "/200", **{"accept-encoding": "gzip"})
    assert r.content == MOCK_BODY
    assert r.headers["x-mock"] == "1"
    for web_header in ("content-security-policy", "etag", "content-encoding", "x-frame-options"):
        assert web_header not in r.headers


@pytest.mark.parametrize(
    ("accept", "media"),
    [("text/html", "text/html; charset=utf-8"), ("application/json", "application/problem+json")],
)
def test_paths_nobody_serves_get_the_helpful_404(faces: None, accept: str, media: str) -> None:
    r = fetch(create_app(WebSettings()), "/teapot", accept=accept)
    assert r.status_code == 404
    assert r.headers["content-type"] == media
    assert "content-security-policy" in r.headers
    if media.startswith("text/html"):
        assert "/codes/418" in Page(r.text).links()
    else:
        assert r.json()["suggestions"][0] == "418"


@pytest.mark.parametrize(("path", "lang"), [("/learn/probe", "en"), ("/th/learn/probe", "th")])
def test_learning_routes_are_installed_and_get_the_language(
    faces: None, path: str, lang: str
) -> None:
    settings = WebSettings(database_url="sqlite:///x.db")
    r = fetch(create_app(settings), path)
    assert r.json() == {"lang": lang, "db": "sqlite:///x.db"}


@pytest.mark.parametrize("path", ["/ref/th/codes/404", "/th/codes/404"])
def test_root_path_prefixes_every_link(faces: None, path: str) -> None:
    """Behind a proxy serving us under /ref, whether or not it strips the prefix."""
    r = fetch(create_app(WebSettings(root_path="/ref")), path)
    assert r.status_code == 200
    page = Page(r.text)
    local = [h for h in page.links() if h.startswith("/")]
    assert "/ref/th/codes/410" in local
    assert all(h.startswith("/ref/") for h in local)
    assets = [a["src"] for a in page.find("script")]
    assert assets
    assert all(a.startswith("/ref/static/") for a in assets)
    alternates = [a["href"] for a in page.find("link", rel="alternate")]
    assert "http://test/ref/fr/codes/404" in alternates


@pytest.mark.parametrize(
    ("path", "web"),
    [
        ("/", True),
        ("", True),
        ("/codes", True),
        ("/codes/404", True),
        ("/codesx", False),
        ("/api/v1/codes", True),
        ("/openapi.json", True),
        ("/docs", True),
        ("/learn", True),
        ("/learn/deck/1", True),
        ("/static/site.css", True),
        ("/404", False),
        ("/status/503", False),
        ("/delay/2", False),
        ("/redirect/3", False),
        ("/random/4xx", False),
        ("/anything", False),
    ],
)
def test_which_paths_are_the_web_faces(path: str, web: bool) -> None:
    assert is_web_path(path) is web
