"""Accessibility: axe-core finds no serious or critical violation on the main kinds of page,
in light and dark mode and in every language."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.conftest import Server, serious_axe_violations

PAGES = [
    ("/", "light"),
    ("/codes/404", "light"),
    ("/families/4xx", "light"),
    ("/th/codes/403.14", "light"),
    ("/fr/vendors/nginx/499", "light"),
    ("/codes?q=rate+limit", "light"),
    ("/th/codes/no-such-code", "light"),
    ("/", "dark"),
    ("/codes/404", "dark"),
    ("/families/4xx", "dark"),
]


@pytest.mark.parametrize(("path", "scheme"), PAGES)
def test_no_serious_violations(browser: Any, live_server: Server, path: str, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(live_server.url + path)
        bad = serious_axe_violations(page)
        assert bad == [], bad
    finally:
        context.close()


def test_axe_does_find_problems(browser: Any) -> None:
    """The check can fail: a page with an unlabelled field and low contrast is caught."""
    context = browser.new_context()
    page = context.new_page()
    try:
        page.set_content(
            '<html lang="en"><body><main><input type="text">'
            '<p style="color:#ccc;background:#fff">faint</p></main></body></html>'
        )
        ids = {v["id"] for v in Axe().run(page).response["violations"]}
        assert {"label", "color-contrast"} <= ids
    finally:
        context.close()
