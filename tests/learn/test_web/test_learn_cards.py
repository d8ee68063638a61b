"""The card browser on the web: search, suspend/unsuspend, reset and a card's history, over
the API (SQLite and PostgreSQL) and by clicking in Chromium."""

from __future__ import annotations

from typing import Any

from tests.conftest import Server, serious_axe_violations
from tests.learn.test_web.conftest import Learner


def test_card_tools_api(learners: Any) -> None:
    me: Learner = learners()
    r = me.http.get("/learn/api/browse", params={"deck": "iana", "q": "teapot"})
    assert [c["subject"] for c in r.json()["codes"]] == ["418"]
    key = me.play(1)[0]["key"]
    r = me.post("/learn/api/card", {"key": key, "action": "suspend"})
    assert r.status_code == 200, r.text
    assert r.json()["suspended"] is True
    history = me.http.get("/learn/api/history", params={"key": key}).json()
    assert len(history["answers"]) == 1
    assert history["answers"][0]["state_after"]["suspended"] is True
    assert (
        me.post("/learn/api/card", {"key": key, "action": "unsuspend"}).json()["suspended"] is False
    )
    r = me.post("/learn/api/card", {"key": key, "action": "reset"})
    assert r.json() == {"key": key, "state": "new", "removed": 1}
    assert me.reviews() == []
    bad = me.post("/learn/api/card", {"key": key, "action": "delete"})
    assert bad.status_code == 400
    never = me.post("/learn/api/card", {"key": "500:name-code", "action": "suspend"})
    assert never.status_code == 422
    assert "not been studied" in never.json()["detail"]
    assert me.http.get("/learn/api/history", params={"key": "999:x"}).status_code == 404


def test_browse_page_tools_in_chromium(browser: Any, sqlite_server: Server) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(sqlite_server.url + "/learn/play")
        key = str(page.locator(".flashcard").get_attribute("data-key"))
        page.keyboard.press("Space")
        with page.expect_navigation():
            page.keyboard.press("3")
        code = key.split(":")[0]
        page.goto(sqlite_server.url + "/learn/browse")
        page.fill("#browse-q", code)
        with page.expect_navigation():
            page.click("#browse-search button")
        rows = page.locator("table.browse tbody tr")
        assert rows.count() >= 1
        item = page.locator(f'li[data-key="{key}"]')
        with page.expect_navigation():
            item.locator('button[value="suspend"]').click()
        item = page.locator(f'li[data-key="{key}"]')
        assert "suspended" in item.inner_text()
        assert page.locator("#browse-q").input_value() == code  # the search is kept
        assert list(serious_axe_violations(page)) == []
        with page.expect_navigation():
            item.locator("a", has_text="history").click()
        assert page.locator("table.history tbody tr").count() == 1
        assert "Good" in page.locator("table.history").inner_text()
        page.go_back()
        item = page.locator(f'li[data-key="{key}"]')
        with page.expect_navigation():
            item.locator('button[value="reset"]').click()
        assert "history" not in page.locator(f'li[data-key="{key}"]').inner_text()
    finally:
        context.close()
