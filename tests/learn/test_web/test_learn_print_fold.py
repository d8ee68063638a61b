"""The fold-in-half print layout for single-sided printers, in real Chromium and as poppler
renders the PDF: fronts on the top half, backs upside down on the bottom half, each back at
its front's column and distance from the fold."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.learn.test_web import pdfpages
from tests.learn.test_web.test_learn_browser import print_slots, shot, tab

__all__ = ["tab"]  # the fixture, shared with the duplex test


def test_fold_in_half_layout(tab: Any, tmp_path: Path) -> None:
    tab.goto(tab.base + "/learn/print?deck=starter&front=code-name&layout=fold")
    assert tab.locator("#p-layout").input_value() == "fold"
    shot(tab, "print-fold-screen")
    tab.emulate_media(media="print")
    pages = tab.locator(".page")
    assert pages.count() == 7  # 26 cards, 4 a page
    mm = 96 / 25.4
    for n in range(7):
        page = pages.nth(n)
        box = page.bounding_box()
        assert (box["width"], box["height"]) == pytest.approx((210 * mm, 297 * mm), abs=1)
        fold = box["height"] / 2
        line = page.locator(".fold-line").evaluate(
            "e => e.getBoundingClientRect().top"
            " + parseFloat(getComputedStyle(e).borderTopWidth) / 2"  # the box is as drawn
        )
        assert line - box["y"] == pytest.approx(fold, abs=2), "the dashed line is the middle"
        rotation = page.locator(".half.backs").evaluate("e => getComputedStyle(e).transform")
        assert rotation.startswith("matrix(-1, "), rotation  # turned by 180 degrees
        assert ", -1, " in rotation, rotation
        fronts = page.locator(".pcard.front[data-key]")
        assert 1 <= fronts.count() <= 4
        for i in range(fronts.count()):
            f = fronts.nth(i)
            key = f.get_attribute("data-key")
            back = page.locator(f'.pcard.back[data-key="{key}"]')
            assert back.count() == 1
            fb, bb = f.bounding_box(), back.bounding_box()
            assert fb["y"] + fb["height"] <= box["y"] + fold <= bb["y"], "fronts above the fold"
            assert bb["x"] == pytest.approx(fb["x"], abs=1), "a back in its front's column"
            above = box["y"] + fold - (fb["y"] + fb["height"] / 2)
            below = bb["y"] + bb["height"] / 2 - (box["y"] + fold)
            assert below == pytest.approx(above, abs=1), "mirrored across the fold"
    shot(tab, "print-fold-media", full=True)
    slots = [print_slots(pages.nth(n)) for n in range(7)]
    pdf = tab.pdf(prefer_css_page_size=True, print_background=True)
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm is not installed (apt: poppler-utils; ./scripts/test installs it)")
    rendered = pdfpages.pages(pdf, dpi=50)
    assert len(rendered) == 7, "one page a sheet: nothing needs the other side of the paper"
    scale = 50 / 96
    for n, (img, page_slots) in enumerate(zip(rendered, slots, strict=True)):
        assert (img.width, img.height) == pytest.approx((413, 585), abs=2)
        mid = img.height // 2
        assert img.inked(0, mid - 2, img.width, mid + 2, level=200) > img.width // 6, "fold line"
        for slot in page_slots:
            x0, y0 = round(slot["x"] * scale), round(slot["y"] * scale)
            x1, y1 = round((slot["x"] + slot["w"]) * scale), round((slot["y"] + slot["h"]) * scale)
            where = f"page {n + 1}, slot {slot['key']}"
            inside = (x0 + 6, y0 + 8, x1 - 6, y1 - 8)
            if slot["key"] is None:
                assert img.inked(*inside, level=230) == 0, where
                continue
            assert img.inked(*inside) > 15, where
            # A front's band is on its top edge; a back's, drawn on its bottom edge and turned
            # upside down, shows on its top edge too: once cut and turned like a page, the
            # back reads upright with its band at the bottom.
            top = img.mean(x0 + 4, y0 + 1, x1 - 4, y0 + 3)
            bottom = img.mean(x0 + 4, y1 - 3, x1 - 4, y1 - 1)
            assert top < 170, f"{where}: no family band on top ({top:.0f})"
            assert bottom > 215, f"{where}: a band at the bottom ({bottom:.0f})"
    source = tmp_path / "fold.pdf"
    source.write_bytes(pdf)
    for n in range(7):
        text = subprocess.run(
            ["pdftotext", "-f", str(n + 1), "-l", str(n + 1), str(source), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        flat = " ".join(text.split())
        for slot in slots[n]:
            if slot["key"] is not None:
                assert slot["text"] in flat, f"page {n + 1}: {slot['text']!r} not printed"
