"""The reference pages on a live ``statusdex serve``: every entry in every language, what a
code page shows, language links, fallback marks, redirects, escaping, the 404 page."""

from __future__ import annotations

import gzip
import pathlib
import re

import httpx
import pytest

import statusdex
import statusdex.web.i18n
from statusdex.web.urls import entry_path
from tests.conftest import SetText
from tests.web.html_tools import Page

LANGS = statusdex.LANGUAGES
PREFIX = {"en": "", "th": "/th", "fr": "/fr"}


def flat(text: str) -> str:
    return " ".join(text.split())


def get_page(client: httpx.Client, path: str) -> tuple[httpx.Response, Page]:
    r = client.get(path)
    assert r.status_code == 200, (path, r.status_code)
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    return r, Page(r.text)


@pytest.mark.parametrize("lang", LANGS)
def test_every_entry_has_a_page_in_every_language(client: httpx.Client, lang: str) -> None:
    for s in statusdex.all_statuses():
        path = PREFIX[lang] + entry_path(s)
        _, page = get_page(client, path)
        text = s.text(lang)
        assert page.find("html", lang=lang), path
        shown = page.text
        assert s.code in shown, path
        assert flat(text.summary) in shown, path
        hreflangs = {a["hreflang"]: a["href"] for a in page.find("link", rel="alternate")}
        assert set(hreflangs) == {*LANGS, "x-default"}, path
        for other in LANGS:
            assert hreflangs[other].endswith(PREFIX[other] + entry_path(s)), path
        assert bool(page.find("p", class_="fallback-note", role="note")) == bool(text.fallback)


@pytest.mark.parametrize(
    ("path", "must_show"),
    [
        # explanation, examples as raw HTTP, causes, fixes, fault, sources
        (
            "/codes/404",
            lambda s, t: [
                *t.explanation.split("\n\n"),
                *(e.request for e in t.examples if e.request),
                *(e.response for e in t.examples if e.response),
                *t.causes,
                *t.fixes,
                t.fault,
                *(src.label for src in s.sources),
            ],
        ),
        # headers the response must carry, and the redirect rules
        ("/codes/405", lambda s, t: [h.name for h in s.semantics.headers]),
        ("/codes/308", lambda s, t: [h.name for h in s.semantics.headers]),
        # older names
        ("/codes/413", lambda s, t: [h.phrase for h in s.history]),
        # related codes with the "how to choose" text
        ("/codes/401", lambda s, t: [*t.choose.values(), *(r.code for r in s.related)]),
        # other meanings of the same number
        ("/vendors/nginx/499", lambda s, t: [m.code for m in s.meanings] + ["Token Required"]),
        # IIS sub-status: parent code, and the parent lists its sub-statuses
        ("/codes/403.14", lambda s, t: [s.parent.label, *t.fixes]),
        ("/codes/403", lambda s, t: [x.code for x in s.substatuses]),
        # a vendor code outside 100–599: no class, said in words, with its source
        (
            "/vendors/linkedin/999",
            lambda s, t: [
                "non-standard, outside HTTP's 100–599 range",
                "LinkedIn",
                t.summary,
                *t.fixes,
                *(src.label for src in s.sources),
            ],
        ),
    ],
)
def test_code_page_shows_everything(client: httpx.Client, path: str, must_show: object) -> None:
    _, page = get_page(client, path)
    code = path.rsplit("/", 1)[1]
    vendor = path.split("/")[2] if path.startswith("/vendors/") else None
    s = statusdex.lookup(code, vendor=vendor)
    wanted = must_show(s, s.text("en"))  # type: ignore[operator]
    assert wanted
    text = page.text
    for item in wanted:
        assert flat(item) in text, (path, item)


def test_sources_are_links(client: httpx.Client) -> None:
    _, page = get_page(client, "/codes/429")
    hrefs = page.links()
    for src in statusdex.lookup(429).sources:
        assert src.url in hrefs


@pytest.mark.parametrize(
    ("path", "must_show"),
    [
        ("/", lambda: [f.id for f in statusdex.families()] + ["nginx", "Cloudflare"]),
        ("/families", lambda: [f.text("en").summary for f in statusdex.families()]),
        ("/families/5xx", lambda: [s.code for s in statusdex.family("5xx").codes] + ["522"]),
        ("/vendors", lambda: [v.name for v in statusdex.vendors()]),
        ("/vendors/cloudflare", lambda: [s.code for s in statusdex.vendor("cloudflare").codes]),
        ("/vendors/linkedin", lambda: ["999", statusdex.lookup(999).text("en").summary]),
        ("/th/vendors/linkedin/999", lambda: ["ไม่เป็นมาตรฐาน อยู่นอกช่วง 100–599 ของ HTTP"]),
        ("/codes", lambda: [s.code for s in statusdex.all_statuses()]),
        ("/th/families/4xx", lambda: [statusdex.family("4xx").text("th").look_first]),
        ("/fr/", lambda: [f.text("fr").name for f in statusdex.families()]),
    ],
)
def test_index_pages(client: httpx.Client, path: str, must_show: object) -> None:
    _, page = get_page(client, path)
    for item in must_show():  # type: ignore[operator]
        assert flat(item) in page.text, (path, item)


def test_language_switch_keeps_the_page(client: httpx.Client) -> None:
    # The query the page reads (q) is kept; a parameter it ignores (x) changes nothing and is
    # not repeated, so cache busters cannot shape the page (web.caching).
    _, page = get_page(client, "/fr/codes?q=teapot&x=1")
    switch = {a["hreflang"]: a["href"] for t, a in page.tags if t == "a" and "hreflang" in a}
    assert switch == {
        "en": "/codes?q=teapot",
        "th": "/th/codes?q=teapot",
        "fr": "/fr/codes?q=teapot",
    }
    current = [a for t, a in page.tags if t == "a" and a.get("aria-current")]
    assert [a["hreflang"] for a in current] == ["fr"]


def test_fallback_is_marked_in_english(set_text: SetText, tmp_path: pathlib.Path) -> None:
    """An entry whose Thai text lacks some fields: the page says which, and marks them.

    Every entry is fully translated today, so the test removes two Thai fields of 404 from the
    loaded registry and renders the page in process, on a fresh app (no page cache)."""
    from starlette.testclient import TestClient

    from statusdex.core import store
    from statusdex.web.app import create_app
    from statusdex.web.settings import WebSettings

    thai = dict(store.raw_text("th", "404") or {})
    assert thai.pop("causes")
    assert thai.pop("fixes")
    set_text("th", "404", thai)
    assert set(statusdex.lookup(404).text("th").fallback) == {"causes", "fixes"}

    app = create_app(WebSettings(database_url=f"sqlite:///{tmp_path / 'learn.db'}"))
    with TestClient(app) as client:
        r = client.get("/th/codes/404")
    assert r.status_code == 200
    page = Page(r.text)
    assert page.find("p", class_="fallback-note")
    marked = [a for _, a in page.tags if a.get("class") == "fallback"]
    assert len(marked) == 3  # causes, fixes, and the first fixes again in the short answer
    assert all(a["lang"] == "en" for a in marked)
    for field in ("causes", "fixes"):
        assert statusdex.web.i18n.labels("th")[f"field.{field}"] in page.text
    english = statusdex.lookup(404).text("en")
    assert flat(english.causes[0]) in flat(page.text)


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/codes/499", "/vendors/nginx/499"),
        ("/codes/999", "/vendors/linkedin/999"),  # LinkedIn's, outside 100–599
        ("/fr/codes/999", "/fr/vendors/linkedin/999"),
        ("/th/codes/NOT_FOUND", "/th/codes/404"),
        ("/fr/codes/payload%20too%20large", "/fr/codes/413"),
        ("/families/4", "/families/4xx"),
        ("/vendors/iis", "/vendors/microsoft"),
        ("/vendors/nginx/404", None),
    ],
)
def test_other_spellings_redirect(client: httpx.Client, path: str, location: str | None) -> None:
    r = client.get(path)
    if location is None:
        assert r.status_code == 404
    else:
        assert r.status_code == 301
        assert r.headers["location"] == location


def test_search_works_without_javascript(client: httpx.Client) -> None:
    _, page = get_page(client, "/codes?q=teapot")
    assert "/codes/418" in page.links()
    _, thai = get_page(client, "/th/codes?q=ไม่พบ")
    assert "/th/codes/404" in thai.links()
    form = page.find("form", role="search")
    assert form
    assert form[0]["action"] == "/codes"
    assert form[0]["method"] == "get"


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.mark.parametrize(
    "path",
    [f"/codes?q={HOSTILE}", f"/th/codes/{HOSTILE}", f"/codes/{HOSTILE}", f"/fr/{HOSTILE}"],
)
def test_user_text_is_escaped(client: httpx.Client, path: str) -> None:
    r = client.get(path)
    assert r.status_code in (200, 404)
    assert "<script>alert" not in r.text
    assert "<img src=x" not in r.text
    assert "&lt;script&gt;" in r.text


def test_helpful_404(client: httpx.Client) -> None:
    r = client.get("/th/codes/teapot-please")
    assert r.status_code == 404
    page = Page(r.text)
    assert page.find("html", lang="th")
    assert "/th/codes/418" in page.links()
    assert page.find("form", role="search")
    api = client.get("/th/codes/teapot-please", headers={"Accept": "application/json"})
    assert api.status_code == 404
    assert api.headers["content-type"] == "application/problem+json"
    assert "418" in api.json()["suggestions"]


SECURITY = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
}


@pytest.mark.parametrize("path", ["/", "/codes/404", "/th/families/4xx", "/codes?q=x", "/nope/x"])
def test_security_headers(client: httpx.Client, path: str) -> None:
    r = client.get(path)
    for name, value in SECURITY.items():
        assert r.headers[name] == value
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp


PAGES = ["/", "/codes", "/codes/404", "/th/codes/403.14", "/fr/families/5xx", "/vendors", "/docs"]


@pytest.mark.parametrize("path", PAGES)
def test_no_inline_code_and_no_cdn(client: httpx.Client, path: str) -> None:
    r, page = get_page(client, path)
    scripts = page.find("script")
    assert scripts
    assert all(s.get("src", "").startswith("/static/") for s in scripts)
    styles = [a for t, a in page.tags if t == "link" and a.get("rel") == "stylesheet"]
    assert styles
    assert all(a["href"].startswith("/static/") for a in styles)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", r.text)
    assert not re.search(r"\sstyle=", r.text)
    assert "<style" not in r.text
    for asset in [s["src"] for s in scripts] + [a["href"] for a in styles]:
        got = client.get(asset)
        assert got.status_code == 200
        assert "immutable" in got.headers["cache-control"]


@pytest.mark.parametrize("path", ["/", "/codes", "/codes/404", "/th/codes/500", "/families/4xx"])
def test_page_weight_under_50_kb_compressed(client: httpx.Client, path: str) -> None:
    r, page = get_page(client, path)
    assets = [s["src"] for s in page.find("script")]
    assets += [
        a["href"] for t, a in page.tags if t == "link" and a.get("rel") in ("stylesheet", "icon")
    ]
    total = len(gzip.compress(r.content))
    total += sum(len(gzip.compress(client.get(a).content)) for a in assets)
    assert total < 50_000, (path, total)
