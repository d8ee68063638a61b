"""The site in real headless Chromium: keyboard-only search, language switch, dark mode,
phone width, offline API docs, no console errors. Screenshots go to /tmp/statusdex-shots."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

import statusdex
from tests.conftest import Server

SHOTS = Path("/tmp/statusdex-shots")


@pytest.fixture
def watched(browser: Any, live_server: Server, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A page that records console errors and any request leaving the server."""
    options = getattr(request, "param", {})
    context = browser.new_context(**options)
    page = context.new_page()
    page.errors = []  # type: ignore[attr-defined]
    page.foreign = []  # type: ignore[attr-defined]
    host = urlsplit(live_server.url).netloc
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on(
        "request",
        lambda r: urlsplit(r.url).netloc not in (host, "") and page.foreign.append(r.url),
    )
    yield page
    assert page.errors == [], page.errors
    assert page.foreign == [], page.foreign
    context.close()


def shot(page: Any, name: str, full: bool = False) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)


def focus_by_tab(page: Any, element_id: str, limit: int = 20) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    pytest.fail(f"#{element_id} is not reachable with Tab")


@pytest.mark.parametrize(
    ("lang", "query", "code"),
    [("en", "teapot", "418"), ("th", "ไม่พบ", "404"), ("fr", "trop de requetes", "429")],
)
def test_search_as_you_type_with_the_keyboard(
    watched: Any, live_server: Server, lang: str, query: str, code: str
) -> None:
    page = watched
    page.goto(live_server.url + ("/" if lang == "en" else f"/{lang}/"))
    focus_by_tab(page, "q")
    page.keyboard.type(query, delay=30)
    option = page.locator("#q-list [role=option]").first
    option.wait_for(state="visible")
    assert page.get_attribute("#q", "aria-expanded") == "true"
    shot(page, f"search-{lang}")
    page.keyboard.press("ArrowDown")
    assert page.get_attribute("#q", "aria-activedescendant") == "q-list-0"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    prefix = "" if lang == "en" else f"/{lang}"
    assert page.url == f"{live_server.url}{prefix}/codes/{code}"
    heading = page.locator("h1").inner_text()
    assert code in heading
    assert statusdex.lookup(code).text(lang).name in heading


def test_search_without_choosing_goes_to_results_then_to_a_code(
    watched: Any, live_server: Server
) -> None:
    page = watched
    page.goto(live_server.url + "/")
    focus_by_tab(page, "q")
    page.keyboard.type("rate limit")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/codes?q=rate+limit" in page.url
    shot(page, "results")
    for _ in range(40):
        page.keyboard.press("Tab")
        href = page.evaluate("document.activeElement.getAttribute('href')") or ""
        if href == "/codes/429":
            break
    else:
        pytest.fail("no link to 429 reachable with Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/codes/429")


def test_switch_to_thai_and_french(watched: Any, live_server: Server) -> None:
    page = watched
    page.goto(live_server.url + "/codes/404")
    s = statusdex.lookup(404)
    for lang in ("th", "fr"):
        with page.expect_navigation():
            page.locator(f"nav.langs a[hreflang={lang}]").click()
        assert page.url.endswith(f"/{lang}/codes/404")
        assert page.get_attribute("html", "lang") == lang
        assert s.text(lang).name in page.locator("h1").inner_text()
        assert page.get_attribute(f"nav.langs a[hreflang={lang}]", "aria-current") == "true"
        shot(page, f"code-404-{lang}")
    with page.expect_navigation():
        page.locator("nav.langs a[hreflang=en]").click()
    assert page.url.endswith("/codes/404")


def _background(page: Any) -> tuple[int, ...]:
    rgb = page.evaluate("getComputedStyle(document.body).backgroundColor")
    return tuple(int(x) for x in re.findall(r"\d+", rgb)[:3])


@pytest.mark.parametrize(
    ("watched", "dark"),
    [({"color_scheme": "dark"}, True), ({"color_scheme": "light"}, False)],
    indirect=["watched"],
)
def test_colour_scheme_follows_the_system(watched: Any, live_server: Server, dark: bool) -> None:
    page = watched
    page.goto(live_server.url + "/codes/503")
    brightness = sum(_background(page)) / 3
    assert (brightness < 60) if dark else (brightness > 200)
    text = page.evaluate("getComputedStyle(document.body).color")
    text_brightness = sum(int(x) for x in re.findall(r"\d+", text)[:3]) / 3
    assert abs(text_brightness - brightness) > 150  # readable contrast either way
    shot(page, f"code-503-{'dark' if dark else 'light'}", full=True)


PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}


@pytest.mark.parametrize("watched", [PHONE], indirect=True)
@pytest.mark.parametrize(
    "path", ["/", "/codes", "/codes/404", "/th/codes/403.14", "/fr/families/4xx", "/vendors"]
)
def test_phone_width_has_no_horizontal_scroll(watched: Any, live_server: Server, path: str) -> None:
    page = watched
    page.goto(live_server.url + path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, (path, width)
    name = "phone" + (path.replace("/", "-").replace(".", "_") if path != "/" else "-home")
    shot(page, name)


def test_focus_is_visible(watched: Any, live_server: Server) -> None:
    page = watched
    page.goto(live_server.url + "/codes/404")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    assert page.locator(".skip").bounding_box()["y"] >= 0  # slid into view


def test_api_docs_work_offline(watched: Any, live_server: Server) -> None:
    page = watched
    page.goto(live_server.url + "/docs")
    page.locator(".swagger-ui .info .title").wait_for(state="visible", timeout=15000)
    assert "statusdex" in page.locator(".swagger-ui .info .title").inner_text()
    page.locator("#operations-statusdex-get_code_api_v1_codes__code__get").wait_for()
    shot(page, "docs")


def test_print_stylesheet_hides_navigation(watched: Any, live_server: Server) -> None:
    page = watched
    page.goto(live_server.url + "/codes/404")
    page.emulate_media(media="print")
    assert not page.locator("nav.main-nav").is_visible()
    assert not page.locator("form.search").first.is_visible()
    assert page.locator("footer .print-only").is_visible()
    page.emulate_media(media="screen")
