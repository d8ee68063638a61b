"""Reference pages and API answers the web face has cached are written by the server straight
from its page cache (``ResponseCache.cached_reply`` through ``StatusdexProtocol``), without an
ASGI task. The first request of each row goes through the whole stack (dispatcher, cache,
security headers, FastAPI) and fills the cache; the next ones must be the same bytes: status
line, every header field (security headers, ETag, Vary, Content-Encoding…), body."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest

from tests.conftest import Server, start_server
from tests.server.test_fast_path import exchange

H = "Host: x\r\n"
REQUESTS = [
    f"GET /codes/404 HTTP/1.1\r\n{H}\r\n",
    f"GET /codes/404 HTTP/1.1\r\n{H}Accept-Encoding: gzip, br\r\n\r\n",
    f"HEAD /codes/404 HTTP/1.1\r\n{H}\r\n",
    f"HEAD /codes/404 HTTP/1.1\r\n{H}Accept-Encoding: gzip\r\n\r\n",
    f"GET /codes/404 HTTP/1.1\r\n{H}If-None-Match: *\r\n\r\n",
    f"GET /codes/404 HTTP/1.1\r\n{H}Connection: close\r\n\r\n",
    "GET /codes/404 HTTP/1.0\r\n\r\n",
    f"GET /th/codes/404 HTTP/1.1\r\n{H}\r\n",
    f"GET /fr/codes/418 HTTP/1.1\r\n{H}Accept-Encoding: gzip\r\n\r\n",
    f"GET / HTTP/1.1\r\n{H}\r\n",
    f"GET /families/4xx HTTP/1.1\r\n{H}\r\n",
    f"GET /api/v1/codes/404 HTTP/1.1\r\n{H}\r\n",
    f"GET /api/v1/codes/404 HTTP/1.1\r\n{H}Accept-Encoding: gzip\r\nOrigin: http://o\r\n\r\n",
    f"GET /api/v1/codes/404?lang=th HTTP/1.1\r\n{H}\r\n",
    f"GET /api/v1/codes/404?cache-buster=1 HTTP/1.1\r\n{H}\r\n",
    f"GET /th/api/v1/codes/503 HTTP/1.1\r\n{H}\r\n",
]


@pytest.fixture(scope="module")
def serve(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    # One worker, so the second request surely meets the cache the first one filled.
    s = start_server(["serve", "--workers", "1"], tmp_path_factory.mktemp("ready-web"))
    yield s
    s.stop()


@pytest.mark.parametrize("raw", REQUESTS)
def test_cached_page_is_byte_for_byte_the_rendered_one(serve: Server, raw: str) -> None:
    first, *again = exchange(serve, raw, 4)
    assert first.startswith(b"HTTP/1.")
    assert b"\r\ncontent-security-policy: " in first or b" 304 " in first.split(b"\r\n")[0]
    assert again == [first] * 3


def test_a_matching_etag_gets_the_same_304_every_time(serve: Server) -> None:
    (page,) = exchange(serve, f"GET /codes/410 HTTP/1.1\r\n{H}\r\n", 1)
    etag = re.search(rb"\r\netag: ([^\r]+)", page)
    assert etag is not None
    raw = f"GET /codes/410 HTTP/1.1\r\n{H}If-None-Match: {etag.group(1).decode()}\r\n\r\n"
    first, *again = exchange(serve, raw, 3)
    assert first.startswith(b"HTTP/1.1 304 Not Modified")
    assert again == [first] * 2


def test_access_log_has_every_cached_page(serve: Server) -> None:
    exchange(serve, f"GET /api/v1/codes/405?lang=fr HTTP/1.1\r\n{H}\r\n", 5)
    exchange(serve, f"HEAD /fr/codes/405 HTTP/1.1\r\n{H}\r\n", 3)
    wanted = ['"GET /api/v1/codes/405?lang=fr HTTP/1.1" 200', '"HEAD /fr/codes/405 HTTP/1.1" 200']
    for _ in range(50):
        text = serve.log.read_text()
        if [text.count(w) for w in wanted] == [5, 3]:
            return
        time.sleep(0.1)
    pytest.fail(f"expected 5 and 3 access log lines:\n{serve.log.read_text()[-2000:]}")


@pytest.mark.parametrize("path", ["/ref/codes/404", "/ref/th/api/v1/codes/404", "/codes/404"])
def test_cached_page_behind_a_root_path(
    tmp_path_factory: pytest.TempPathFactory, path: str
) -> None:
    """With ``--root-path`` (a proxy that keeps or strips the prefix) the answers stay the
    first one's (links carry the prefix), and the access log has each request."""
    s = start_server(
        ["serve", "--workers", "1", "--root-path", "/ref"], tmp_path_factory.mktemp("root")
    )
    try:
        first, *again = exchange(s, f"GET {path} HTTP/1.1\r\n{H}\r\n", 3)
        for _ in range(50):
            if s.log.read_text().count(f'"GET {path} HTTP/1.1" 200') == 3:
                break
            time.sleep(0.1)
    finally:
        s.stop()
    assert first.startswith(b"HTTP/1.1 200 OK")
    assert again == [first] * 2
    assert s.log.read_text().count(f'"GET {path} HTTP/1.1" 200') == 3
