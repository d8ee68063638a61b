"""Finding 6: the rendered-answer cache cannot be grown until memory runs out.

It was capped at 2,048 entries and keyed by the whole query string and Host, while
``/api/v1/export`` is 2.1 MB: 95 cache-busting requests took a worker from 118 to 356 MB. Now
the cache is bounded in bytes, and keyed only on what changes an answer: the query parameters
its route reads, and the Host only for pages that print it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

import statusdex
from statusdex.web import caching
from statusdex.web.app import create_web_app
from statusdex.web.security import SecurityHeaders
from statusdex.web.settings import WebSettings
from statusdex.web.urls import entry_path
from tests.conftest import Server, start_server
from tests.web.html_tools import Page

BUSTERS = 60
MIB = 1 << 20


def rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


@pytest.fixture(scope="module")
def fresh_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server of its own, so its memory is this test's alone."""
    server = start_server(["serve", "--no-access-log"], tmp_path_factory.mktemp("cache"))
    yield server
    server.stop()


def test_cache_busting_requests_do_not_grow_the_server(fresh_site: Server) -> None:
    with httpx.Client(base_url=fresh_site.url, timeout=30) as c:
        first = c.get("/api/v1/export")
        assert first.status_code == 200
        assert len(first.content) > MIB  # the biggest answer the site has
        before = rss_bytes(fresh_site.process.pid)
        for i in range(BUSTERS):
            r = c.get(f"/api/v1/export?bust={i}", headers={"host": f"h{i}.example"})
            assert r.headers["etag"] == first.headers["etag"]
        grown = rss_bytes(fresh_site.process.pid) - before
        # One more 2 MB answer kept per request would be 120 MB or more; none is kept.
        assert grown < 32 * MIB, f"{grown / MIB:.0f} MiB"
        # Pages print absolute links with the Host: those are keyed on it, never mixed up.
        for host in ("a.example", "b.example", "a.example"):
            page = Page(c.get("/codes/404?bust=1", headers={"host": host}).text)
            links = [a["href"] for a in page.find("link", rel="alternate")]
            assert f"http://{host}/fr/codes/404" in links
            assert all("bust" not in link for link in links)


def _run(cache: caching.ResponseCache, requests: list[tuple[str, str]]) -> list[int]:
    async def go() -> list[int]:
        transport = httpx.ASGITransport(app=cache)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            return [
                (await c.get(path, headers={"host": host})).status_code for path, host in requests
            ]

    # in a thread of its own: Playwright's session fixtures keep an event loop in this one
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, go()).result()


def test_the_cache_is_bounded_in_bytes(tmp_path: Path) -> None:
    web = create_web_app(WebSettings(database_url=f"sqlite:///{tmp_path / 'l.db'}"))
    cap = 256 * 1024
    cache = caching.ResponseCache(SecurityHeaders(web), max_bytes=cap)
    pages = [(entry_path(s), "t") for s in statusdex.all_statuses()[:80]]
    assert set(_run(cache, pages)) == {200}
    assert 0 < cache.bytes <= cap
    assert cache.bytes == sum(e.size for e in cache.entries.values())
    assert len(cache.entries) < len(pages)  # the oldest were let go
    # Parameters nobody reads and made-up Hosts change nothing: one entry for the API answer.
    api = [(f"/api/v1/codes/404?x={i}&lang=fr", f"h{i}") for i in range(50)]
    assert set(_run(cache, api)) == {200}
    kept = [k for k in cache.entries if "/api/v1/codes/404" in k]
    assert len(kept) == 1
