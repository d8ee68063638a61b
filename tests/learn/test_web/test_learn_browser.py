"""The learning pages in real headless Chromium: playing by keyboard alone (flip, multiple
choice, typed), switching language, the print sheet (print media, PDF), the SVG stats, and
axe-core. Screenshots go to /tmp/statusdex-shots (learn-*.png)."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.conftest import Server, serious_axe_violations
from tests.learn.test_web import pdfpages
from tests.learn.test_web.conftest import SHOTS


@pytest.fixture
def tab(browser: Any, sqlite_server: Server, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh browser context (a new learner) that records console errors and any request
    leaving the server."""
    options = getattr(request, "param", {})
    context = browser.new_context(**options)
    page = context.new_page()
    errors: list[str] = []
    foreign: list[str] = []
    host = urlsplit(sqlite_server.url).netloc
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: urlsplit(r.url).netloc not in (host, "") and foreign.append(r.url))
    page.base = sqlite_server.url  # type: ignore[attr-defined]
    yield page
    assert errors == [], errors
    assert foreign == [], foreign
    context.close()


def shot(page: Any, name: str, full: bool = False) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"learn-{name}.png"), full_page=full)


def reviews(page: Any) -> list[dict[str, Any]]:
    """The page's learner's review log, read with the page's own cookie."""
    r = page.request.get(page.base + "/learn/api/log?format=json")
    assert r.ok
    return list(r.json()["reviews"])


def card_key(page: Any) -> str:
    return str(page.locator(".flashcard").get_attribute("data-key"))


def test_flip_cards_by_keyboard(tab: Any) -> None:
    tab.goto(tab.base + "/learn/play")
    first = card_key(tab)
    back = tab.locator("#back")
    assert not back.evaluate("el => el.open")
    tab.keyboard.press("Space")
    assert back.evaluate("el => el.open")
    assert tab.locator("#back .answer").is_visible()
    shot(tab, "flip-revealed")
    with tab.expect_navigation():
        tab.keyboard.press("3")
    second = card_key(tab)
    assert second != first
    tab.keyboard.press("Space")
    with tab.expect_navigation():
        tab.keyboard.press("Space")  # Space again = Good
    tab.keyboard.press("Enter")
    with tab.expect_navigation():
        tab.keyboard.press("1")
    log = reviews(tab)
    assert [(r["card"], r["rating"]) for r in log[:2]] == [(first, 3), (second, 3)]
    assert [r["rating"] for r in log] == [3, 3, 1]
    with tab.expect_navigation():
        tab.keyboard.press("u")
    assert tab.locator(".note").inner_text() == "Undid the last answer."
    assert len(reviews(tab)) == 2
    shot(tab, "flip-after-undo")


def test_multiple_choice_by_keyboard(tab: Any) -> None:
    tab.goto(tab.base + "/fr/learn/play?mode=choice")
    key = card_key(tab)
    options = tab.locator("button.choice")
    assert options.count() == 4
    shot(tab, "choice")
    with tab.expect_navigation():
        tab.keyboard.press("2")
    verdict = tab.locator(".verdict").inner_text()
    assert verdict in ("Exact", "Pas tout à fait")
    assert tab.locator(".why").is_visible()
    shot(tab, "choice-result")
    with tab.expect_navigation():
        tab.keyboard.press("Space")
    assert "/fr/learn/play" in tab.url
    (row,) = reviews(tab)
    assert (row["card"], row["mode"]) == (key, "choice")
    assert row["duration_ms"] is not None
    assert row["duration_ms"] >= 0


def test_typed_answer_by_keyboard(tab: Any) -> None:
    tab.goto(tab.base + "/th/learn/play?mode=typed")
    key = card_key(tab)
    nxt = tab.request.get(tab.base + "/learn/api/next?lang=th").json()
    assert nxt["card"]["key"] == key
    assert tab.evaluate("document.activeElement.id") == "answer"
    tab.keyboard.type(nxt["back"]["expected"])
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    assert tab.locator(".verdict").inner_text() == "ถูกต้อง"
    assert tab.evaluate("document.activeElement.id") == "next-card"
    shot(tab, "typed-result-th")
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    assert card_key(tab) != key
    (row,) = reviews(tab)
    assert row["correct"] is True


def test_switch_language(tab: Any) -> None:
    tab.goto(tab.base + "/learn/play?deck=families&mode=choice")
    assert tab.locator("html").get_attribute("lang") == "en"
    english = tab.locator(".question").inner_text()
    tab.locator('.langs a[hreflang="th"]').click()
    tab.wait_for_url(re.compile(r"/th/learn/play\?deck=families&mode=choice$"))
    assert tab.locator("html").get_attribute("lang") == "th"
    thai = tab.locator(".question").inner_text()
    assert thai != english
    assert re.search(r"[\u0e00-\u0e7f]", thai)
    assert tab.locator('.learn-nav a[aria-current="page"]').inner_text() == "เล่น"
    shot(tab, "play-th")
    tab.locator('.langs a[hreflang="fr"]').click()
    tab.wait_for_url(re.compile(r"/fr/learn/play"))
    assert tab.locator(".learn-nav a[aria-current]").inner_text() == "Jouer"


def test_print_sheet_layout(tab: Any, tmp_path: Any) -> None:
    tab.goto(tab.base + "/fr/learn/print?deck=starter&front=code-name")
    shot(tab, "print-screen")
    tab.emulate_media(media="print")
    assert not tab.locator(".print-help").is_visible()
    assert not tab.locator("header.site").is_visible()
    pages = tab.locator(".page")
    assert pages.count() == 8  # 26 cards, 8 a sheet: 4 sheets, fronts and backs
    mm = 96 / 25.4
    box = pages.nth(0).bounding_box()
    assert box["width"] == pytest.approx(210 * mm, abs=1)
    assert box["height"] == pytest.approx(297 * mm, abs=1)
    for sheet in range(4):
        front, back = pages.nth(2 * sheet), pages.nth(2 * sheet + 1)
        fbox, bbox = front.bounding_box(), back.bounding_box()
        fcards = front.locator(".pcard")
        for i in range(8):
            fc = fcards.nth(i)
            key = fc.get_attribute("data-key")
            if key is None:
                continue
            twin = back.locator(f'.pcard[data-key="{key}"]')
            assert twin.count() == 1
            f, b = fc.bounding_box(), twin.bounding_box()
            # Flipped on the long edge: same height on the page, mirrored left to right.
            assert b["y"] - bbox["y"] == pytest.approx(f["y"] - fbox["y"], abs=1)
            mirrored = fbox["width"] - (f["x"] - fbox["x"]) - f["width"]
            assert b["x"] - bbox["x"] == pytest.approx(mirrored, abs=1)
            assert (b["width"], b["height"]) == pytest.approx((f["width"], f["height"]), abs=1)
    shot(tab, "print-media", full=True)
    slots = [print_slots(pages.nth(n)) for n in range(8)]
    pdf = tab.pdf(prefer_css_page_size=True, print_background=True)
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 8
    (tmp_path / "sheet.pdf").write_bytes(pdf)
    check_printed_pages(pdf, slots, tmp_path)


def print_slots(page: Any) -> list[dict[str, Any]]:
    """Each card slot of a sheet's page: its box relative to the page (CSS px), its key
    (None for an empty slot) and its main text (the front's prompt, the back's answer)."""
    return list(
        page.evaluate(
            """p => {
              const o = p.getBoundingClientRect();
              return [...p.querySelectorAll('.pcard')].map(c => {
                const r = c.getBoundingClientRect();
                const main = c.querySelector('.pprompt, .panswer');
                return {x: r.x - o.x, y: r.y - o.y, w: r.width, h: r.height,
                        key: c.dataset.key || null, text: main ? main.textContent.trim() : ''};
              });
            }"""
        )
    )


def check_printed_pages(pdf: bytes, slots: list[list[dict[str, Any]]], tmp: Any) -> None:
    """The PDF as poppler renders it (``pdftoppm -png -r 50``): 8 A4 pages, none blank, fronts
    and backs alternating. A front has its family's band across the top of every card and a
    back across the bottom (the backs' columns mirrored, as the DOM checks above showed); an
    empty slot stays empty. ``pdftotext`` finds each back's answer on its back page only."""
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm is not installed (apt: poppler-utils; ./scripts/test installs it)")
    rendered = pdfpages.pages(pdf, dpi=50)
    assert len(rendered) == 8
    scale = 50 / 96  # CSS pixels are 1/96 inch
    for n, (img, page_slots) in enumerate(zip(rendered, slots, strict=True)):
        side = "front" if n % 2 == 0 else "back"
        assert (img.width, img.height) == pytest.approx((413, 585), abs=2)  # A4 at 50 dpi
        assert img.inked(0, 0, img.width, img.height) > img.width * img.height // 500  # not blank
        assert len(page_slots) == 8
        for slot in page_slots:
            x0, y0 = round(slot["x"] * scale), round(slot["y"] * scale)
            x1, y1 = round((slot["x"] + slot["w"]) * scale), round((slot["y"] + slot["h"]) * scale)
            inside = (x0 + 6, y0 + 8, x1 - 6, y1 - 8)  # within the 5 mm padding
            top = img.mean(x0 + 4, y0 + 1, x1 - 4, y0 + 3)  # within a 2 mm band at the top
            bottom = img.mean(x0 + 4, y1 - 3, x1 - 4, y1 - 1)
            where = f"page {n + 1}, {side}, slot {slot['key']}"
            if slot["key"] is None:
                assert img.inked(*inside, level=230) == 0, where
                continue
            assert img.inked(*inside) > 15, where  # the card's text
            band, plain = (top, bottom) if side == "front" else (bottom, top)
            assert band < 170, f"{where}: no family band ({band:.0f})"
            assert plain > 215, f"{where}: a band on the wrong edge ({plain:.0f})"
    source = tmp / "sheet.pdf"
    for n in range(0, 8, 2):
        front, back = (
            subprocess.run(
                ["pdftotext", "-f", str(k), "-l", str(k), str(source), "-"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            for k in (n + 1, n + 2)
        )
        front_text, back_text = " ".join(front.split()), " ".join(back.split())
        for slot in slots[n + 1]:
            if slot["key"] is not None:
                assert slot["text"] in back_text
                assert slot["text"] not in front_text


def test_stats_page_draws_svg(tab: Any) -> None:
    tab.goto(tab.base + "/learn/play")
    for rating in ("3", "1", "4"):
        tab.keyboard.press("Space")
        with tab.expect_navigation():
            tab.keyboard.press(rating)
    tab.goto(tab.base + "/learn/stats")
    heatmap = tab.locator("svg.heatmap")
    assert heatmap.is_visible()
    assert heatmap.locator("rect").count() == 365
    assert heatmap.locator("rect.heat-4").count() == 1
    assert tab.locator("svg.forecast rect").count() == 30
    assert tab.locator("svg.accuracy rect.bar").count() >= 1
    assert tab.locator("svg.retention line.axis").count() == 1
    weekly = tab.locator("svg.retention-weeks")
    assert weekly.is_visible()
    assert weekly.locator("line.axis").count() == 1  # the target; no review-state answer yet
    shot(tab, "stats", full=True)


A11Y_PAGES = [
    ("/learn", "light"),
    ("/learn/play", "light"),
    ("/learn/play?mode=typed", "light"),
    ("/th/learn/play?mode=choice", "light"),
    ("/learn/browse", "light"),
    ("/fr/learn/stats", "light"),
    ("/learn/print", "light"),
    ("/learn/data", "light"),
    ("/learn/settings", "light"),
    ("/fr/learn/settings", "dark"),
    ("/th/learn/account", "light"),
    ("/learn/play", "dark"),
    ("/learn/stats", "dark"),
    ("/learn/account", "dark"),
]


@pytest.mark.parametrize(("path", "scheme"), A11Y_PAGES)
def test_no_serious_accessibility_violations(
    browser: Any, sqlite_server: Server, path: str, scheme: str
) -> None:
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(sqlite_server.url + path)
        if path == "/learn/play":
            page.keyboard.press("Space")  # check the revealed back and its buttons too
        bad = serious_axe_violations(page)
        assert bad == [], bad
    finally:
        context.close()


def test_result_page_accessibility(browser: Any, sqlite_server: Server) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(sqlite_server.url + "/learn/play?mode=choice")
        with page.expect_navigation():
            page.keyboard.press("1")
        bad = serious_axe_violations(page)
        assert bad == [], bad
    finally:
        context.close()
