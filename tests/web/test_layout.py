"""Every kind of page in real Chromium at 1280 and 390 px, light and dark: no horizontal
overflow, no word broken inside a table header or a code token, axe-core clean; and the rules
a screenshot would show (the answer above the fold, no hole in the family grid, a short phone
header, a focus ring that is not an error's red). Screenshots go to /tmp/statusdex-shots
(layout-*.png) for a person to look at."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Server, serious_axe_violations

SHOTS = Path("/tmp/statusdex-shots")

PAGES = [
    ("home", "/"),
    ("code", "/codes/404"),
    ("code-th", "/th/codes/401"),
    ("iis", "/codes/403.14"),
    ("vendor-code", "/fr/vendors/nginx/499"),
    ("codes", "/codes"),
    ("search", "/codes?q=rate+limit"),
    ("unknown", "/codes/998"),
    ("family", "/families/4xx"),
    ("families", "/families"),
    ("vendors", "/vendors"),
    ("vendor", "/vendors/cloudflare"),
    ("docs", "/docs"),
    ("learn", "/learn"),
    ("play", "/learn/play"),
    ("consult", "/learn/browse"),
    ("stats", "/learn/stats"),
    ("print", "/learn/print"),
    ("print-fold", "/th/learn/print?layout=fold"),
    ("data", "/learn/data"),
    ("account", "/learn/account"),
]
VIEWPORTS = {1280: 900, 390: 844}
SCHEMES = ("light", "dark")

# Words that a line break cuts in two: for each element, each whitespace-separated token is
# measured with a Range; more than one line box means the token was broken.
BROKEN_WORDS = """() => {
  const out = [];
  const sel = 'th, code, pre, .code, kbd, .badges li, h1 .code';
  for (const el of document.querySelectorAll(sel)) {
    if (el.closest('[hidden], details:not([open]), .visually-hidden')) continue;
    if (el.getClientRects().length === 0) continue;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent;
      const re = /\\S+/g;
      let m;
      while ((m = re.exec(text)) !== null) {
        if (/[^\\x00-\\x7f]/.test(m[0])) continue;  // Thai and friends may break anywhere
        const r = document.createRange();
        r.setStart(node, m.index);
        r.setEnd(node, m.index + m[0].length);
        const boxes = [...r.getClientRects()].filter(b => b.width > 0);
        const tops = new Set(boxes.map(b => Math.round(b.top)));
        if (tops.size > 1) out.push(el.tagName.toLowerCase() + ': ' + m[0]);
      }
    }
  }
  return out.slice(0, 10);
}"""


@pytest.fixture
def open_page(browser: Any, live_server: Server) -> Iterator[Any]:
    contexts: list[Any] = []

    def go(path: str, width: int, scheme: str) -> Any:
        context = browser.new_context(
            viewport={"width": width, "height": VIEWPORTS[width]}, color_scheme=scheme
        )
        contexts.append(context)
        page = context.new_page()
        response = page.goto(live_server.url + path)
        assert response is not None
        if path.startswith("/docs"):
            page.wait_for_selector("#swagger-ui .info .title")
        return page, response.status

    yield go
    for c in contexts:
        c.close()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", list(VIEWPORTS))
@pytest.mark.parametrize(("name", "path"), PAGES, ids=[p[0] for p in PAGES])
def test_page_never_breaks(open_page: Any, name: str, path: str, width: int, scheme: str) -> None:
    page, status = open_page(path, width, scheme)
    assert status == (404 if name == "unknown" else 200)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"layout-{name}-{width}-{scheme}.png"))
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page is {overflow}px wider than the screen"
    assert page.evaluate(BROKEN_WORDS) == []
    assert serious_axe_violations(page) == []


@pytest.mark.parametrize("width", list(VIEWPORTS))
def test_the_answer_comes_first(open_page: Any, width: int) -> None:
    """On a code page the short answer, and on the home page the common codes, start within
    the first screenful; the phone header leaves room for them."""
    page, _ = open_page("/codes/404", width, "light")
    height = VIEWPORTS[width]
    answer = page.locator("section.answer").bounding_box()
    assert answer["y"] + 120 < height, answer
    header = page.locator("header.site").bounding_box()
    assert header["height"] < (230 if width == 1280 else 170), header
    home, _ = open_page("/", width, "light")
    first = home.locator("ul.common li").first.bounding_box()
    assert first["y"] + first["height"] < height, first
    assert home.locator("ul.common li").first.inner_text().startswith("200")


@pytest.mark.parametrize("width", list(VIEWPORTS))
def test_family_grid_has_no_hole(open_page: Any, width: int) -> None:
    page, _ = open_page("/", width, "light")
    boxes = page.eval_on_selector_all(
        "ul.cards.families > li", "els => els.map(e => e.getBoundingClientRect().toJSON())"
    )
    assert len(boxes) == 5
    right = page.eval_on_selector("ul.cards.families", "e => e.getBoundingClientRect().right")
    rows: dict[int, list[dict[str, float]]] = {}
    for b in boxes:
        rows.setdefault(round(b["top"]), []).append(b)
    for row in rows.values():
        assert max(b["right"] for b in row) == pytest.approx(right, abs=1.5), "a hole in a row"


def _rgb(css: str) -> tuple[int, ...]:
    inside = css[css.index("(") + 1 : css.index(")")].replace(",", " ").split()
    return tuple(int(float(v)) for v in inside[:3])


@pytest.mark.parametrize("scheme", SCHEMES)
def test_focus_ring_is_not_error_red(open_page: Any, scheme: str) -> None:
    page, _ = open_page("/codes/404", 1280, scheme)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    ring = _rgb(page.evaluate("() => getComputedStyle(document.activeElement).outlineColor"))
    errors = page.evaluate(
        "() => ['--c5', '--c4'].map(v => getComputedStyle(document.documentElement)"
        ".getPropertyValue(v).trim())"
    )
    for err in errors:
        red = tuple(int(err[i : i + 2], 16) for i in (1, 3, 5))
        gap = abs(_hue(ring) - _hue(red))
        gap = min(gap, 360 - gap)
        assert gap > 90, f"focus ring {ring} has nearly the hue of the error colour {red}"


def _hue(rgb: tuple[int, ...]) -> float:
    import colorsys

    h, _l, _s = colorsys.rgb_to_hls(*(c / 255 for c in rgb))
    return h * 360


def _luminance(rgb: tuple[int, ...]) -> float:
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize("scheme", SCHEMES)
def test_heatmap_scale_runs_toward_contrast(open_page: Any, scheme: str) -> None:
    """Busier days stand out more from the page in both schemes, as the legend says."""
    page, _ = open_page("/learn/stats", 1280, scheme)
    background = _rgb(page.evaluate("() => getComputedStyle(document.body).backgroundColor"))
    shades = [
        _rgb(
            page.eval_on_selector(f".legend .heat-{n}", "e => getComputedStyle(e).backgroundColor")
        )
        for n in range(1, 5)
    ]
    bg = _luminance(background)
    distances = [abs(_luminance(s) - bg) for s in shades]
    assert distances == sorted(distances), (scheme, shades)
    text = page.locator("p.hint").first.inner_text()
    assert "darker" not in text


def test_unknown_code_suggests_by_number_and_family(open_page: Any) -> None:
    page, status = open_page("/codes/512", 1280, "light")
    assert status == 404
    shown = page.locator("main").inner_text()
    for code in ("500", "511", "510"):
        assert code in shown
    page, _ = open_page("/codes/998", 1280, "light")
    shown = page.locator("main").inner_text()
    assert "511" in shown  # nearest in number
    assert "218" not in shown  # not words found in the path
    assert "419" not in shown
