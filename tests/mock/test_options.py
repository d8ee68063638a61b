"""Composable options (status + delay + headers + body), by query or by request header; caps
and unsafe values rejected with a 400 problem; content negotiation. Real server, real httpx."""

from __future__ import annotations

import json
import time

import httpx
import pytest

import statusdex
from tests.conftest import Server


@pytest.fixture(scope="module")
def client(mock: Server) -> httpx.Client:
    with httpx.Client(base_url=mock.url, timeout=10) as c:
        yield c


# (path, request headers, lower bound of the wait in seconds)
DELAY_ROWS = [
    ("/200?sleep=300", {}, 0.3),  # httpstat.us: milliseconds
    ("/200?sleep=250ms", {}, 0.25),
    ("/503?delay=0.3", {}, 0.3),  # httpbin style: seconds
    ("/503?delay=300ms", {}, 0.3),
    ("/404", {"X-HttpStatus-Sleep": "300"}, 0.3),
    ("/404", {"X-HttpStatus-Sleep": "0.3s"}, 0.3),
    ("/delay/0.3", {}, 0.3),
    ("/delay/300ms", {}, 0.3),
    ("/status/500?sleep=300", {}, 0.3),
    ("/random/502?sleep=300", {}, 0.3),  # httpstat.us ignored ?sleep on /random; we do not
]


@pytest.mark.parametrize(("path", "headers", "seconds"), DELAY_ROWS, ids=lambda x: str(x))
def test_delays(client: httpx.Client, path: str, headers: dict[str, str], seconds: float) -> None:
    start = time.monotonic()
    r = client.get(path, headers=headers)
    assert time.monotonic() - start >= seconds
    assert r.status_code < 600


def test_delay_endpoint_echoes_the_request_like_httpbin(client: httpx.Client) -> None:
    r = client.get("/delay/0?x=1", headers={"X-Test": "yes"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json"
    body = r.json()
    assert body["args"] == {"x": "1"}
    assert body["headers"]["X-Test"] == "yes"
    assert body["url"].endswith("/delay/0?x=1")


def test_everything_in_one_request(client: httpx.Client) -> None:
    start = time.monotonic()
    r = client.get(
        "/429",
        params={"sleep": "200ms", "header": ["Retry-After:120", "X-RateLimit-Remaining:0"]},
    )
    assert time.monotonic() - start >= 0.2
    assert r.status_code == 429
    assert r.headers["retry-after"] == "120"  # replaces the default, not added beside it
    assert r.headers.get_list("retry-after") == ["120"]
    assert r.headers["x-ratelimit-remaining"] == "0"
    exposed = [h.strip().lower() for h in r.headers["access-control-expose-headers"].split(",")]
    assert "x-ratelimit-remaining" in exposed
    assert "retry-after" in exposed
    assert r.text == "429 Too Many Requests"


def test_everything_by_request_headers(client: httpx.Client) -> None:
    headers = {
        "X-HttpStatus-Sleep": "100",
        "X-HttpStatus-Response-Retry-After": "Wed, 21 Oct 2026 07:28:00 GMT",
        "X-HttpStatus-Body": '{"error": "busy"}',
        "X-HttpStatus-Content-Type": "application/json",
    }
    r = client.get("/503", headers=headers)
    assert r.status_code == 503
    assert r.headers["retry-after"] == "Wed, 21 Oct 2026 07:28:00 GMT"
    assert r.headers["content-type"] == "application/json"
    assert r.json() == {"error": "busy"}


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/200?suppressBody=true", {}),
        ("/200?suppress_body=1", {}),
        ("/500", {"X-HttpStatus-SuppressBody": "true"}),
    ],
    ids=str,
)
def test_suppress_body(client: httpx.Client, path: str, headers: dict[str, str]) -> None:
    r = client.get(path, headers=headers)
    assert r.content == b""
    assert r.headers["content-length"] == "0"
    assert "content-type" not in r.headers


def test_custom_body_and_content_type(client: httpx.Client) -> None:
    r = client.post("/422", params={"body": "<e>bad</e>", "content_type": "application/xml"})
    assert (r.status_code, r.text, r.headers["content-type"]) == (
        422,
        "<e>bad</e>",
        "application/xml",
    )


BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
# (Accept, expected Content-Type, check of the body)
ACCEPT_ROWS = [
    (None, "text/plain; charset=utf-8", "404 Not Found"),
    ("*/*", "text/plain; charset=utf-8", "404 Not Found"),
    ("text/plain", "text/plain; charset=utf-8", "404 Not Found"),
    ("application/json", "application/json", "json"),
    ("application/json; charset=utf-8", "application/json", "json"),
    ("application/json;q=0.9, */*;q=0.1", "application/json", "json"),
    ("application/json, text/plain, */*", "application/json", "json"),  # axios's default
    ("text/plain;q=0.5, application/json", "application/json", "json"),
    ("application/vnd.api+json", "application/json", "json"),
    (
        "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        "text/html; charset=utf-8",
        "html",
    ),
    ("image/png", "text/plain; charset=utf-8", "404 Not Found"),
    ("application/json;q=0", "text/plain; charset=utf-8", "404 Not Found"),
]


@pytest.mark.parametrize(("accept", "ctype", "check"), ACCEPT_ROWS, ids=str)
def test_content_negotiation(
    client: httpx.Client, accept: str | None, ctype: str, check: str
) -> None:
    headers = {"Accept": accept} if accept is not None else {}
    if accept is None:
        client.headers.pop("accept", None)
    r = client.get("/404", headers=headers)
    assert r.headers["content-type"] == ctype
    assert r.headers["content-length"] == str(len(r.content))
    if check == "json":
        body = r.json()
        assert body["code"] == 404
        assert body["description"] == "Not Found"
        assert body["summary"] == statusdex.lookup(404).text("en").summary
    elif check == "html":
        assert "<title>404 Not Found</title>" in r.text
        assert statusdex.lookup(404).text("en").summary.split(",")[0] in r.text
    else:
        assert r.text == check


def test_json_for_an_unknown_code_matches_httpstatus(client: httpx.Client) -> None:
    r = client.get("/299", headers={"Accept": "application/json"})
    assert r.status_code == 299
    assert r.json() == {"code": 299, "description": "Unknown Code"}


def test_json_and_html_follow_accept_language(client: httpx.Client) -> None:
    r = client.get(
        "/404", headers={"Accept": "application/json", "Accept-Language": "fr-CA, en;q=0.5"}
    )
    assert r.json()["lang"] == "fr"
    assert r.json()["summary"] == statusdex.lookup(404).text("fr").summary


def test_allowed_redirect_targets(client: httpx.Client, mock: Server) -> None:
    own = mock.url.removeprefix("http://")
    for target in (
        "/somewhere",
        "https://example.org/x",
        "http://docs.example.org/",
        f"http://{own}/200",
    ):
        r = client.get("/302", params={"header": f"Location:{target}"})
        assert (r.status_code, r.headers["location"]) == (302, target)


def test_refresh_in_the_form_every_browser_reads_alike(client: httpx.Client, mock: Server) -> None:
    own = mock.url.removeprefix("http://")
    for value in (
        "5",
        "0; url=/codes/404",
        "0;URL=/200",
        "1.5 ; url=https://example.org/x",
        f"0; url=http://{own}/200",
    ):
        r = client.get("/200", params={"header": f"Refresh:{value}"})
        assert (r.status_code, r.headers["refresh"]) == (200, value)


# (path, query or request headers, parameter named in the problem)
REJECT_ROWS = [
    ("/200", {"sleep": "5001"}, "sleep"),  # max_delay_ms=5000: rejected, never clamped
    ("/200", {"delay": "6"}, "delay"),
    ("/200", {"sleep": "3s", "sleep_after_headers": "3s"}, "sleep"),
    ("/delay/6", {}, "delay"),
    ("/200", {"sleep": "soon"}, "sleep"),
    ("/200", {"sleep": "-5"}, "sleep"),
    ("/200", {"sleep": "100", "delay": "1"}, "delay"),
    ("/200", {"body": "x" * 1025}, "body"),  # max_body_bytes=1024
    ("/204", {"body": "x"}, "body"),
    ("/304", {"content_type": "text/plain"}, "content_type"),
    ("/200", {"header": "X-Big:" + "x" * 600}, "header"),  # max_header_bytes=512
    ("/200", {"header": "X-A:one\r\nSet-Cookie: a=b"}, "header"),  # response splitting
    ("/200", {"header": "X-A:bell\x07"}, "header"),
    ("/200", {"header": "Bad Name:x"}, "header"),
    ("/200", {"header": "no-colon"}, "header"),
    ("/200", {"header": "Content-Length:5"}, "header"),
    ("/200", {"header": "Transfer-Encoding:chunked"}, "header"),
    ("/302", {"header": "Location:https://evil.example/"}, "header"),  # no open redirect
    ("/302", {"header": "Location://evil.example/"}, "header"),
    ("/302", {"header": "Location:/\\evil.example"}, "header"),
    ("/302", {"header": "Location:javascript:alert(1)"}, "header"),
    ("/200", {"header": "Refresh:0; url=https://evil.example/"}, "header"),
    ("/200", {"header": "Refresh:0; //evil.example/"}, "header"),
    ("/302", {"header": "Location:https:evil.example"}, "header"),
    ("/302", {"header": "Location:/\t/evil.example"}, "header"),
    ("/200", {"header": "Date:Wed, 21 Oct 2015 07:28:00 GMT"}, "header"),
    ("/200", {"delay": "\u0661"}, "delay"),
    ("/200", {"suppressBody": "maybe"}, "suppressBody"),
    ("/200", {"abort": "sometimes"}, "abort"),
    ("/200", {"abort": "mid-body", "abortbeforeheaders": "true"}, "abortbeforeheaders"),
    ("/redirect/6", {}, "redirects"),  # max_redirects=5
    ("/redirect/0", {}, "redirects"),
    ("/redirect/2", {"status": "200"}, "status"),
    ("/status/200,500", {"attempt": "1"}, "attempt"),
    ("/100", {"final": "101"}, "final"),
]


@pytest.mark.parametrize(("path", "query", "parameter"), REJECT_ROWS, ids=str)
def test_rejected_with_400(
    client: httpx.Client, path: str, query: dict[str, str], parameter: str
) -> None:
    start = time.monotonic()
    r = client.get(
        path, params=query, headers={"Expect": "100-continue"} if "final" in query else {}
    )
    assert time.monotonic() - start < 2, "a rejected request must not wait first"
    assert r.status_code == 400, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert r.headers["x-statusdex-mock-error"] == "invalid-request"
    body = r.json()
    assert body["status"] == 400
    assert body["detail"]
    assert body.get("parameter") == parameter


@pytest.mark.parametrize(
    "headers",
    [
        {"X-HttpStatus-Sleep": "9000"},
        {"X-HttpStatus-Response-Location": "https://evil.example/"},
        {"X-HttpStatus-Sleep": "100", "X-HttpStatus-Delay": "1"},
    ],
    ids=str,
)
def test_rejected_by_request_header(client: httpx.Client, headers: dict[str, str]) -> None:
    r = client.get("/302", headers=headers)
    assert r.status_code == 400
    assert r.json()["parameter"].lower().startswith("x-httpstatus-")


def test_the_same_option_twice_is_rejected(client: httpx.Client) -> None:
    r = client.get("/200?sleep=1", headers={"X-HttpStatus-Sleep": "1"})
    assert r.status_code == 400
    assert "more than once" in r.json()["detail"]


def test_unknown_query_parameters_are_ignored(client: httpx.Client) -> None:
    r = client.get("/404?_=1699999999&cachebust=yes")
    assert (r.status_code, r.text) == (404, "404 Not Found")


def test_problem_bodies_are_valid_json(client: httpx.Client) -> None:
    r = client.get("/200", params={"header": "X-A:ü\x01"})
    assert r.status_code == 400
    json.loads(r.content)
