"""Finding 11: HEAD works on every GET route (``curl -I /learn`` and ``/healthz`` gave 405),
and 405 answers list HEAD in ``Allow`` wherever they list GET (RFC 9110, Section 9.3.2)."""

from __future__ import annotations

import subprocess

import httpx
import pytest

from tests.conftest import Server

GET_ROUTES = [
    "/",
    "/codes",
    "/codes/404",
    "/fr/codes/404",
    "/families/4xx",
    "/vendors/nginx",
    "/api/v1",
    "/api/v1/codes/404",
    "/openapi.json",
    "/docs",
    "/healthz",
    "/learn",
    "/th/learn",
    "/learn/browse",
    "/learn/stats",
    "/learn/data",
    "/learn/print",
    "/learn/api/session",
    "/learn/api/stats",
]


def test_every_get_route_answers_head_like_get(http: httpx.Client) -> None:
    for path in GET_ROUTES:
        get = http.get(path)
        head = http.head(path)
        assert (path, head.status_code) == (path, get.status_code)
        assert head.content == b""
        assert head.headers.get("content-type") == get.headers.get("content-type"), path


@pytest.mark.parametrize("path", ["/learn", "/healthz"])
def test_curl_head_as_in_the_report(site: Server, path: str) -> None:
    out = subprocess.run(
        ["curl", "-sS", "-I", "--max-time", "10", site.url + path],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.splitlines()[0].split()[1] == "200", out


ALLOW_ROWS = [
    ("POST", "/api/v1/codes", {"GET", "HEAD"}),
    ("DELETE", "/healthz", {"GET", "HEAD"}),
    ("PUT", "/learn", {"GET", "HEAD"}),
    ("POST", "/codes/404", {"GET", "HEAD"}),
    ("GET", "/learn/api/register", {"POST"}),  # no GET, so no HEAD either
]


def test_allow_says_head_where_get_is_allowed(http: httpx.Client) -> None:
    for method, path, allowed in ALLOW_ROWS:
        r = http.request(method, path)
        assert r.status_code == 405
        assert {m.strip() for m in r.headers["allow"].split(",")} == allowed, (method, path)
        if "HEAD" in allowed:
            assert http.head(path).status_code == 200
