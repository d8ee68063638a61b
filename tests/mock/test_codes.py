"""One row per status code, generated from the registry, against a real ``statusdex mock``.

A code the registry gains shows up here as a new row; a code the mock mishandles fails its
own row. Expectations about bodies and header fields come from the registry's semantics and
RFC 9110; the literal default values are checked in ``HEADER_ROWS``.
"""

from __future__ import annotations

import re
import socket

import httpx
import pytest

import statusdex
from tests.conftest import Server

REGISTERED = sorted({int(s) for s in statusdex.all_statuses() if s.kind != "iis"})
# The first unassigned number of each class: "Unknown Code" rows.
UNASSIGNED = [
    next(n for n in range(c * 100, c * 100 + 100) if n not in REGISTERED) for c in range(1, 6)
]
# RFC 9110 15.3.7 and 15.4.5: these are required on 206/304 only when a 200 would carry them,
# and the mock's 200 does not.
CONDITIONAL = {"Cache-Control", "Content-Location", "Expires", "Vary"}


def _entry(code: int) -> statusdex.Status | None:
    try:
        return statusdex.lookup(code)
    except statusdex.UnknownStatusError:
        return None


@pytest.fixture(scope="module")
def client(mock: Server) -> httpx.Client:
    with httpx.Client(base_url=mock.url, timeout=10) as c:
        yield c


@pytest.mark.parametrize("code", REGISTERED + UNASSIGNED, ids=str)
def test_every_code(client: httpx.Client, code: int) -> None:
    r = client.get(f"/{code}")
    assert r.headers["access-control-allow-origin"] == "*"
    entry = _entry(code)
    if code < 200:
        # Interim codes cannot be sent alone over HTTP/1.1: a documented 501 says why.
        assert r.status_code == 501
        assert r.headers["content-type"] == "application/problem+json"
        assert r.headers["x-statusdex-mock-error"] == "interim-response"
        assert r.json()["code"] == code
        assert "interim" in r.json()["detail"]
        return
    assert r.status_code == code
    sem = entry.semantics if entry is not None else None
    content = sem.content if sem is not None else "allowed"
    if content == "allowed":
        phrase = entry.phrase if entry is not None else "Unknown Code"
        assert r.text == f"{code} {phrase}"
        assert r.headers["content-type"] == "text/plain; charset=utf-8"
        assert r.headers["content-length"] == str(len(r.content))
    else:
        assert r.content == b""
        assert "content-length" not in r.headers
        assert "content-type" not in r.headers
    for header in sem.headers if sem is not None else ():
        if header.level == "must" and header.name not in CONDITIONAL:
            assert header.name.lower() in r.headers, f"{code} must carry {header.name}"


HEADER_ROWS = [
    (201, "location", "/200"),
    (300, "location", "/200"),
    (301, "location", "/200"),
    (302, "location", "/200"),
    (303, "location", "/200"),
    (307, "location", "/200"),
    (308, "location", "/200"),
    (401, "www-authenticate", 'Basic realm="statusdex mock"'),
    (407, "proxy-authenticate", 'Basic realm="statusdex mock"'),
    (405, "allow", "GET, HEAD, OPTIONS"),
    (413, "retry-after", "5"),
    (429, "retry-after", "5"),
    (503, "retry-after", "5"),
    (416, "content-range", "bytes */100"),
    (426, "upgrade", "HTTP/3.0"),
    (451, "link", '<https://www.rfc-editor.org/rfc/rfc7725>; rel="blocked-by"'),
    (226, "etag", '"statusdex-mock"'),
]


@pytest.mark.parametrize(("code", "name", "value"), HEADER_ROWS, ids=lambda x: str(x))
def test_default_header_values(client: httpx.Client, code: int, name: str, value: str) -> None:
    r = client.get(f"/{code}")
    assert r.status_code == code
    assert r.headers.get(name) == value


ABSENT_ROWS = [
    (200, "location"),
    (404, "retry-after"),
    (500, "retry-after"),
    (305, "location"),  # deprecated; RFC 9110 gives it no Location
    (400, "www-authenticate"),
    (200, "content-range"),
]


@pytest.mark.parametrize(("code", "name"), ABSENT_ROWS, ids=lambda x: str(x))
def test_no_header_where_none_belongs(client: httpx.Client, code: int, name: str) -> None:
    assert name not in client.get(f"/{code}").headers


def test_partial_content_range_matches_the_body(client: httpx.Client) -> None:
    r = client.get("/206")
    m = re.fullmatch(r"bytes (\d+)-(\d+)/(\d+)", r.headers["content-range"])
    assert m, r.headers["content-range"]
    first, last, complete = map(int, m.groups())
    assert last - first + 1 == len(r.content) == int(r.headers["content-length"])
    assert last < complete


def test_reset_content_has_no_body_and_no_content_length(client: httpx.Client) -> None:
    r = client.get("/205")
    assert r.status_code == 205
    assert r.content == b""
    assert "content-length" not in r.headers


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"])
def test_any_method(client: httpx.Client, method: str) -> None:
    r = client.request(method, "/418")
    assert r.status_code == 418
    assert r.text == f"418 {statusdex.lookup(418).phrase}"


@pytest.mark.parametrize("code", [200, 404, 503, 301])
def test_head_has_the_headers_and_no_body(client: httpx.Client, code: int) -> None:
    get, head = client.get(f"/{code}"), client.head(f"/{code}")
    assert head.status_code == code
    assert head.content == b""
    assert head.headers["content-length"] == get.headers["content-length"]
    assert head.headers.get("location") == get.headers.get("location")


ROUTE_ROWS = [
    ("/404/any/path/after", 404, "404 Not Found"),  # httpstat.us ignores a suffix
    ("/403.14", 403, "403.14 " + statusdex.lookup("403.14").phrase),
    ("/499?vendor=nginx", 499, "499 " + statusdex.lookup(499, vendor="nginx").phrase),
    ("/499?vendor=esri", 499, "499 " + statusdex.lookup(499, vendor="esri").phrase),
    ("/420", 420, "420 " + statusdex.lookup(420).phrase),
    ("/999", 999, "999 " + statusdex.lookup(999).phrase),  # LinkedIn's, outside 100–599
    ("/status/418", 418, f"418 {statusdex.lookup(418).phrase}"),
    ("/random/404", 404, "404 Not Found"),
]


@pytest.mark.parametrize(("path", "status", "text"), ROUTE_ROWS, ids=lambda x: str(x))
def test_routes(client: httpx.Client, path: str, status: int, text: str) -> None:
    r = client.get(path)
    assert (r.status_code, r.text) == (status, text)


BAD_ROWS = [
    ("/600", "code"),
    ("/998", "code"),  # beside LinkedIn's 999: not a code anyone sends
    ("/99", "code"),
    ("/1000", "code"),
    ("/40x", "code"),
    ("/404.77777", "code"),
    ("/404?vendor=nobody", "vendor"),
    ("/status/", "codes"),
    ("/status/200:abc", "codes"),
    ("/status/200:-1", "codes"),
    ("/status/200:nan", "codes"),
    ("/status/200:inf", "codes"),
    ("/status/200:1e999", "codes"),
    ("/status/200:0x10", "codes"),
    ("/status/200:0,500:0", "codes"),
    ("/random/504-500", "codes"),
    ("/random/100-599,100-599", "codes"),  # 1000 codes, over max_choices=600
    ("/status/hello", "codes"),
]


@pytest.mark.parametrize(("path", "parameter"), BAD_ROWS, ids=lambda x: str(x))
def test_bad_codes_are_a_400_problem(client: httpx.Client, path: str, parameter: str) -> None:
    r = client.get(path)
    assert r.status_code == 400
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["status"] == 400
    assert body["parameter"] == parameter
    assert body["detail"]


def test_paths_that_are_not_endpoints_get_a_404_listing_them(client: httpx.Client) -> None:
    r = client.get("/nothing-here")
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/problem+json"
    assert "/status/{codes}" in r.json()["endpoints"]


# raw status lines: the phrase on the wire is the registry's, for LinkedIn's 999 too
STATUS_LINE_ROWS = [
    (404, "404 " + statusdex.lookup(404).phrase),
    (999, "999 " + statusdex.lookup(999).phrase),
]


@pytest.mark.parametrize(("code", "line"), STATUS_LINE_ROWS, ids=lambda x: str(x))
def test_status_line_phrase_is_the_registrys(mock: Server, code: int, line: str) -> None:
    host, port = mock.url.removeprefix("http://").split(":")
    request = f"GET /{code} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode()
    data = b""
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(request)
        while chunk := s.recv(4096):  # Connection: close, so the server ends the stream
            data += chunk
    assert data.split(b"\r\n", 1)[0] == f"HTTP/1.1 {line}".encode("latin-1")
