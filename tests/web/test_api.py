"""The JSON API on a live ``statusdex serve``: answers, filters, errors, caching, CORS."""

from __future__ import annotations

import gzip
from typing import Any

import httpx
import pytest

import statusdex
from statusdex.core.export import family_dict, status_dict, vendor_dict

PROBLEM = "application/problem+json"

# path → (status, the answer equals the library's own data for it)
EXACT: list[tuple[str, Any]] = [
    ("/api/v1/codes/404", lambda: status_dict(statusdex.lookup(404))),
    ("/api/v1/codes/404?lang=th", lambda: status_dict(statusdex.lookup(404), "th")),
    ("/api/v1/codes/403.14?lang=fr", lambda: status_dict(statusdex.lookup("403.14"), "fr")),
    ("/api/v1/codes/499", lambda: status_dict(statusdex.lookup(499))),
    ("/api/v1/codes/999", lambda: status_dict(statusdex.lookup(999))),
    ("/api/v1/codes/linkedin:999?lang=th", lambda: status_dict(statusdex.lookup(999), "th")),
    (
        "/api/v1/codes/499?vendor=esri",
        lambda: status_dict(statusdex.lookup(499, vendor="esri")),
    ),
    ("/api/v1/codes/nginx:444?lang=en", lambda: status_dict(statusdex.lookup("nginx/444"), "en")),
    ("/api/v1/codes/NOT_FOUND?lang=en", lambda: status_dict(statusdex.lookup(404), "en")),
    (
        "/api/v1/codes/payload%20too%20large?lang=en",
        lambda: status_dict(statusdex.lookup(413), "en"),
    ),
    ("/api/v1/families/4xx?lang=th", lambda: family_dict(statusdex.family("4xx"), "th")),
    ("/api/v1/vendors/iis?lang=en", lambda: vendor_dict(statusdex.vendor("microsoft"), "en")),
    ("/api/v1/families", lambda: [family_dict(f) for f in statusdex.families()]),
    ("/api/v1/vendors?lang=fr", lambda: [vendor_dict(v, "fr") for v in statusdex.vendors()]),
    ("/api/v1/export?lang=en", lambda: statusdex.export(lang="en")),
    (
        "/api/v1/codes/530/meanings?lang=en",
        lambda: {"code": 530, "meanings": [status_dict(s, "en") for s in statusdex.meanings(530)]},
    ),
]


@pytest.mark.parametrize(("path", "expected"), EXACT)
def test_answers_are_the_library_data(client: httpx.Client, path: str, expected: Any) -> None:
    r = client.get(path)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/json"
    assert r.json() == expected()


# filter query → a predicate every listed entry satisfies, and the expected count
FILTERS: list[tuple[str, Any]] = [
    ("family=4xx", lambda s: int(s) // 100 == 4),
    ("vendor=nginx", lambda s: s.vendor is not None and s.vendor.id == "nginx"),
    ("vendor=iis&kind=iis", lambda s: s.kind == "iis"),
    ("kind=vendor", lambda s: s.kind == "vendor"),
    ("state=obsoleted", lambda s: s.state == "obsoleted"),
    ("family=5xx&kind=iana", lambda s: s.kind == "iana" and int(s) >= 500),
]


@pytest.mark.parametrize(("query", "keep"), FILTERS)
def test_code_filters(client: httpx.Client, query: str, keep: Any) -> None:
    r = client.get(f"/api/v1/codes?{query}&lang=en")
    assert r.status_code == 200
    data = r.json()
    expected = [s.key for s in statusdex.all_statuses() if keep(s)]
    assert expected, "the filter must select something for the test to mean anything"
    assert [c["id"] for c in data["codes"]] == expected
    assert data["count"] == len(expected)
    assert all(set(c["text"]) == {"en"} for c in data["codes"])


@pytest.mark.parametrize(
    ("query", "lang", "first"),
    [
        ("teapot", "en", "418"),
        ("too many requests", "en", "429"),
        ("ไม่พบ", "th", "404"),
        ("trop de requetes", "fr", "429"),
        ("client closed request", "en", "nginx/499"),
        ("403.14", "en", "403.14"),
    ],
)
def test_search(client: httpx.Client, query: str, lang: str, first: str) -> None:
    r = client.get("/api/v1/search", params={"q": query, "lang": lang, "limit": 5})
    assert r.status_code == 200
    data = r.json()
    assert data["hits"][0]["id"] == first
    assert data["hits"]
    assert len(data["hits"]) <= 5
    assert [h["id"] for h in data["hits"]] == [
        h.status.key for h in statusdex.search_hits(query, lang=lang, limit=5)
    ]
    top = statusdex.lookup(first)
    assert data["hits"][0]["summary"] == top.text(lang).summary


# bad input → status, and something the problem's detail or suggestions must mention
ERRORS: list[tuple[str, int, str]] = [
    ("/api/v1/codes/998", 404, "100 to 599"),
    ("/api/v1/codes/403.99", 404, "known 403.x"),
    ("/api/v1/codes/not%20foun", 404, "404"),
    ("/api/v1/codes/499?vendor=nobody", 404, "nginx"),
    ("/api/v1/codes/404?lang=de", 400, "lang"),
    ("/api/v1/codes?family=9xx", 400, "family"),
    ("/api/v1/codes?vendor=nobody", 400, "nobody"),
    ("/api/v1/search?q=x&limit=0", 400, "limit"),
    ("/api/v1/search?q=x&limit=many", 400, "limit"),
    ("/api/v1/search", 400, "q"),
    ("/api/v1/families/6xx", 404, "1xx"),
    ("/api/v1/vendors/nobody", 404, "nobody"),
    ("/api/v1/nothing-here", 404, "nothing-here"),
]


@pytest.mark.parametrize(("path", "status", "mentions"), ERRORS)
def test_errors_are_problem_details(
    client: httpx.Client, path: str, status: int, mentions: str
) -> None:
    r = client.get(path)
    assert r.status_code == status
    assert r.headers["content-type"] == PROBLEM
    body = r.json()
    assert body["status"] == status
    assert body["title"] == statusdex.lookup(status).phrase
    assert body["type"] == "about:blank"
    said = body.get("detail", "") + " ".join(body.get("suggestions", [])) + body.get("instance", "")
    assert mentions in said


def test_unknown_code_suggests_near_codes(client: httpx.Client) -> None:
    body = client.get("/api/v1/codes/Not%20Foud").json()
    assert "404" in body["suggestions"]


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_the_api_is_read_only(client: httpx.Client, method: str) -> None:
    r = client.request(method, "/api/v1/codes/404")
    assert r.status_code == 405
    assert r.headers["content-type"] == PROBLEM
    assert "GET" in r.headers["allow"]


def test_etag_and_304(client: httpx.Client) -> None:
    first = client.get("/api/v1/codes/418?lang=en")
    etag = first.headers["etag"]
    assert first.headers["cache-control"].startswith("public")
    again = client.get("/api/v1/codes/418?lang=en", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    other = client.get("/api/v1/codes/418?lang=th", headers={"If-None-Match": etag})
    assert other.status_code == 200
    assert other.headers["etag"] != etag


def test_gzip_only_when_asked(client: httpx.Client) -> None:
    plain = client.get("/api/v1/export?lang=en", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    with httpx.stream(
        "GET", str(client.base_url) + "/api/v1/export?lang=en", headers={"Accept-Encoding": "gzip"}
    ) as r:
        raw = b"".join(r.iter_raw())
        assert r.headers["content-encoding"] == "gzip"
        assert r.headers["vary"] == "Accept-Encoding"
        assert r.headers["etag"] == plain.headers["etag"]
    assert len(raw) < len(plain.content) / 3
    assert gzip.decompress(raw) == plain.content


def test_head_has_headers_and_no_body(client: httpx.Client) -> None:
    plain = {"Accept-Encoding": "identity"}
    r = client.head("/api/v1/codes/404", headers=plain)
    assert r.status_code == 200
    assert r.content == b""
    full = client.get("/api/v1/codes/404", headers=plain)
    assert int(r.headers["content-length"]) == len(full.content)
    assert r.headers["etag"] == full.headers["etag"]


def test_cors_is_open_for_reading(client: httpx.Client) -> None:
    r = client.get("/api/v1/codes/404", headers={"Origin": "https://elsewhere.example"})
    assert r.headers["access-control-allow-origin"] == "*"
    assert "ETag" in r.headers["access-control-expose-headers"]
    pre = client.options(
        "/api/v1/search",
        headers={
            "Origin": "https://elsewhere.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    assert pre.status_code == 204
    assert pre.headers["access-control-allow-origin"] == "*"
    assert "GET" in pre.headers["access-control-allow-methods"]
    assert pre.headers["access-control-allow-headers"] == "if-none-match"
    denied = client.options(
        "/api/v1/search",
        headers={"Origin": "https://x.example", "Access-Control-Request-Method": "DELETE"},
    )
    assert "DELETE" not in denied.headers.get("access-control-allow-methods", "")


def test_openapi_document(client: httpx.Client) -> None:
    doc = client.get("/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    paths = doc["paths"]
    for path in ("/api/v1/codes", "/api/v1/codes/{code}", "/api/v1/search", "/api/v1/export"):
        assert "get" in paths[path]
    errors = paths["/api/v1/codes/{code}"]["get"]["responses"]
    assert set(errors) == {"200", "400", "404"}
    assert list(errors["404"]["content"]) == [PROBLEM]
    # the pages are not API operations
    assert not any(p.startswith(("/codes", "/families", "/vendors")) for p in paths)


def test_index_links_work(client: httpx.Client) -> None:
    links = client.get("/api/v1").json()["links"]
    for name, link in links.items():
        if "{" not in link:
            assert client.get(link).status_code == 200, name
