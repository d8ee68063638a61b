"""The /check page on a real ``statusdex serve``: pasted in Chromium, in three languages; bad
input gets a 4xx (problem+json for JSON clients), and nothing is ever fetched."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, Server


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium for this module only: the session-wide one keeps Playwright's event loop in the
    main thread for the rest of the run, which breaks later tests that call asyncio.run."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


RAW = 'HTTP/1.1 201 Created\nContent-Type: application/json\n\n{"error": "quota"}'
WORDS = {
    "en": ("Check a response", "201 without Location"),
    "th": ("ตรวจการตอบกลับ", "201 ไม่มี Location"),
    "fr": ("Vérifier une réponse", "201 sans Location"),
}


@pytest.mark.parametrize("lang", ["en", "th", "fr"])
def test_paste_and_review_in_the_browser(live_server: Server, browser: Any, lang: str) -> None:
    prefix = "" if lang == "en" else f"/{lang}"
    page = browser.new_page()
    try:
        page.goto(f"{live_server.url}{prefix}/check")
        title, missing = WORDS[lang]
        assert page.locator("h1").inner_text() == title
        page.select_option("#check-method", "POST")
        page.fill("#check-raw", RAW)
        page.click(".check-form button[type=submit]")
        page.wait_for_selector(".check-report")
        rules = page.locator(".finding").evaluate_all("els => els.map(e => e.dataset.rule)")
        assert "header-missing" in rules
        assert "hidden-error-json" in rules
        assert missing in page.locator(".check-report").inner_text()
        assert page.locator("#check-raw").input_value() == RAW  # the paste stays for editing
    finally:
        page.close()


def test_a_paste_that_does_not_parse_names_the_line(live_server: Server, browser: Any) -> None:
    page = browser.new_page()
    try:
        page.goto(f"{live_server.url}/fr/check")
        page.fill("#check-raw", "HTTP/1.1 200 OK\nnot a header\n\n")
        page.click(".check-form button[type=submit]")
        alert = page.locator(".check-error").inner_text()
        assert "line 2" in alert
        assert "Impossible de lire" in alert
    finally:
        page.close()


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"raw": "garbage"}, 400),
        ({"raw": "HTTP/1.1 200 OK\n\n", "method": "BREW"}, 400),
        ({"method": "GET"}, 400),
    ],
)
def test_bad_input_is_a_4xx_problem(live_server: Server, data: dict[str, str], status: int) -> None:
    r = httpx.post(
        f"{live_server.url}/check", data=data, headers={"Accept": "application/json"}, timeout=10
    )
    assert r.status_code == status
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["detail"]


def test_oversized_form_is_refused(live_server: Server) -> None:
    r = httpx.post(
        f"{live_server.url}/check",
        content=b"raw=" + b"x" * 300_000,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        timeout=10,
    )
    assert r.status_code == 413


def test_a_url_is_not_fetched_only_judged_as_text(live_server: Server) -> None:
    # a URL pasted instead of a response is a parse error; the server makes no request
    r = httpx.post(
        f"{live_server.url}/check",
        data={"raw": "http://127.0.0.1:1/admin"},
        headers={"Accept": "application/json"},
        timeout=10,
    )
    assert r.status_code == 400
    assert "status line" in r.json()["detail"]


def test_json_review(live_server: Server) -> None:
    r = httpx.post(
        f"{live_server.url}/th/check",
        data={"raw": "HTTP/1.1 405 Method Not Allowed\n\n"},
        headers={"Accept": "application/json"},
        timeout=10,
    )
    assert r.status_code == 200
    data = r.json()
    assert data["lang"] == "th"
    assert data["worst"] == "error"
    assert "Allow" in data["responses"][0]["findings"][0]["message"]
