"""Browser code reading the exposed headers across origins (headless Chromium), and the mock
inside ``statusdex serve``."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

import statusdex
from tests.conftest import Server

FETCHES = """
async (base) => {
  const out = {};
  let r = await fetch(base + "/429?header=Retry-After:7");
  out.status429 = r.status;
  out.retryAfter = r.headers.get("retry-after");
  r = await fetch(base + "/201");
  out.location = r.headers.get("location");
  r = await fetch(base + "/206");
  out.contentRange = r.headers.get("content-range");
  r = await fetch(base + "/401");
  out.wwwAuthenticate = r.headers.get("www-authenticate");
  r = await fetch(base + "/503", {method: "PUT", headers: {"X-HttpStatus-Response-X-Custom": "hi",
                                                          "X-HttpStatus-Sleep": "50"}});
  out.preflighted = [r.status, r.headers.get("x-custom")];
  r = await fetch(base + "/redirect/2");
  out.followed = [r.status, r.redirected, new URL(r.url).pathname];
  r = await fetch(base + "/404", {headers: {"Accept": "application/json"}});
  out.json = await r.json();
  return out;
}
"""


def test_fetch_reads_the_exposed_headers_cross_origin(page: Any, mock: Server) -> None:
    port = mock.url.rsplit(":", 1)[1]
    page.goto(f"http://localhost:{port}/")  # another origin than 127.0.0.1:{port}
    out = page.evaluate(FETCHES, f"http://127.0.0.1:{port}")
    assert out["status429"] == 429
    assert out["retryAfter"] == "7"
    assert out["location"] == "/200"
    assert out["contentRange"].startswith("bytes 0-")
    assert out["wwwAuthenticate"].startswith("Basic ")
    assert out["preflighted"] == [503, "hi"]
    assert out["followed"] == [200, True, "/200"]
    assert out["json"]["code"] == 404


SERVE_ROWS = [
    ("/404", 404, "404 Not Found"),
    ("/503", 503, "503 Service Unavailable"),
    ("/status/418", 418, f"418 {statusdex.lookup(418).phrase}"),
    ("/301", 301, "301 Moved Permanently"),
]


@pytest.mark.parametrize(("path", "status", "text"), SERVE_ROWS, ids=str)
def test_inside_statusdex_serve(live_server: Server, path: str, status: int, text: str) -> None:
    r = httpx.get(live_server.url + path, timeout=10)
    assert (r.status_code, r.text) == (status, text)
    assert r.headers["access-control-allow-origin"] == "*"


def test_serve_keeps_per_code_headers(live_server: Server) -> None:
    r = httpx.get(live_server.url + "/503?sleep=100ms&header=Retry-After:9", timeout=10)
    assert r.headers["retry-after"] == "9"
    assert httpx.get(live_server.url + "/301").headers["location"] == "/200"
