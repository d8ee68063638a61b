"""Search on the web: the API and the pages, then search-as-you-type in real Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

import statusdex
from tests.conftest import Server
from tests.search.cases import NOT_CODES, STRUCTURE, WORDS


@pytest.mark.parametrize(("query", "lang", "first", "family"), STRUCTURE)
def test_api_structure(
    client: httpx.Client, query: str, lang: str | None, first: list[str], family: str | None
) -> None:
    r = client.get("/api/v1/search", params={"q": query, "lang": lang or "en", "limit": 12})
    assert r.status_code == 200
    data = r.json()
    ids = [h["id"] for h in data["hits"]]
    members = [m for h in data["hits"] for m in (h["members"] or [h["id"]])]
    assert ids[: len(first)] == first or members[: len(first)] == first, ids
    assert data["family"] == family
    assert ids == [
        h.status.key for h in statusdex.search_hits(query, lang=lang or "en", limit=12)
    ], "one ranking everywhere"


@pytest.mark.parametrize(("query", "words"), NOT_CODES)
def test_api_near_codes(client: httpx.Client, query: str, words: str) -> None:
    data = client.get("/api/v1/search", params={"q": query}).json()
    assert data["hits"] == []
    assert words in data["note"]


@pytest.mark.parametrize(("query", "lang", "first", "top3"), WORDS)
def test_api_words(
    client: httpx.Client, query: str, lang: str | None, first: set[str], top3: set[str]
) -> None:
    params = {"q": query, "limit": 3} | ({"lang": lang} if lang else {})
    hits = client.get("/api/v1/search", params=params).json()["hits"]
    assert hits[0]["id"] in first
    assert top3 <= {h["id"] for h in hits}
    assert hits[0]["why"]
    assert ":" not in hits[0]["why"]


@pytest.mark.parametrize(
    ("query", "location"),
    [("429", "/codes/429"), ("403.14", "/codes/403.14"), ("404", "/codes/404")],
)
def test_a_code_submitted_opens_its_page(client: httpx.Client, query: str, location: str) -> None:
    r = client.get("/codes", params={"q": query})
    assert r.status_code == 303
    assert r.headers["location"] == location


def test_results_page_shows_family_note_and_iis_row(client: httpx.Client) -> None:
    page = client.get("/codes", params={"q": "5"}).text
    assert 'href="/families/5xx"' in page
    note = client.get("/codes", params={"q": "6xx"}).text
    assert "not a family" in note
    rows = client.get("/codes", params={"q": "unauthorized"}).text
    assert "sub-statuses of 401" in rows
    assert "/codes?q=iis%20401" in rows


@pytest.fixture
def page(browser: Any, live_server: Server) -> Iterator[Any]:
    context = browser.new_context()
    p = context.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    yield p
    assert errors == []
    context.close()


def options(page: Any) -> list[str]:
    page.locator("#q-list [role=option]").first.wait_for(state="visible")
    return [t.strip() for t in page.locator("#q-list [role=option] .code").all_inner_texts()]


@pytest.mark.parametrize(
    ("prefix", "typed", "first"),
    [
        ("/", "4", ["4xx", "400", "401", "402"]),
        ("/", "50", ["5xx", "500", "501", "502", "503", "504", "505"]),
        ("/", "5xx", ["5xx", "500", "501"]),
        ("/th/", "ไม่พบหน้า", ["404"]),
        ("/th/", "เซิร์ฟเวอร์ล่ม", ["503"]),
    ],
)
def test_typing_shows_the_right_rows(
    page: Any, live_server: Server, prefix: str, typed: str, first: list[str]
) -> None:
    page.goto(live_server.url + prefix)
    page.fill("#q", "")
    page.locator("#q").press_sequentially(typed, delay=40)
    page.wait_for_function(
        "n => document.querySelectorAll('#q-list [role=option]').length >= n", arg=len(first)
    )
    page.wait_for_timeout(400)  # the last keystroke's answer replaces earlier ones
    assert options(page)[: len(first)] == first


@pytest.mark.parametrize("wait", [False, True])
def test_429_then_enter_opens_the_code(page: Any, live_server: Server, wait: bool) -> None:
    page.goto(live_server.url + "/")
    page.locator("#q").press_sequentially("429", delay=30)
    if wait:
        options(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.url == live_server.url + "/codes/429"
    assert "429" in page.locator("h1").inner_text()
