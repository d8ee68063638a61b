"""Settings in the browser and the API, the browser's time zone, and undo per browser: real
servers on SQLite and PostgreSQL, httpx, and headless Chromium."""

from __future__ import annotations

import secrets
from typing import Any

import pytest

from tests.conftest import Server, serious_axe_violations
from tests.learn.test_web.conftest import Learner


def test_settings_api_per_deck(learners: Any) -> None:
    me: Learner = learners()
    r = me.http.get("/learn/api/settings")
    assert r.status_code == 200
    mine = r.json()
    assert (mine["new_per_day"], mine["timezone"], mine["fitted"]) == (10, "UTC", False)
    r = me.post(
        "/learn/api/settings",
        {
            "deck": "iana",
            "new_per_day": 20,
            "learning_steps": "1m 10m 1h",
            "leech_action": "suspend",
        },
    )
    assert r.status_code == 200, r.text
    iana = r.json()
    assert iana["new_per_day"] == 20
    assert iana["learning_steps"] == [60, 600, 3600]
    assert iana["deck_overrides"] == ["learning_steps", "leech_action", "new_per_day"]
    assert me.http.get("/learn/api/settings").json()["new_per_day"] == 10
    assert me.next("iana")["card"]["counts"]["new"] == 20
    assert me.next("starter")["card"]["counts"]["new"] == 10
    # The deck's value set back to the learner's own stops being the deck's.
    r = me.post("/learn/api/settings", {"deck": "iana", "new_per_day": 10})
    assert r.json()["deck_overrides"] == ["learning_steps", "leech_action"]
    r = me.post("/learn/api/settings", {"timezone": "Asia/Bangkok", "default_deck": "families"})
    assert (r.json()["timezone"], r.json()["deck"]) == ("Asia/Bangkok", "families")


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"new_per_day": "lots"}, 422, "new_per_day must be a number"),
        ({"new_per_day": -1}, 422, "new cards per day"),
        ({"desired_retention": 1.5}, 422, "desired retention"),
        ({"learning_steps": "1x"}, 422, "bad step"),
        ({"leech_action": "delete"}, 422, "leech action"),
        ({"timezone": "Mars/Olympus"}, 422, "unknown time zone"),
        ({"deck": "nope", "new_per_day": 3}, 400, "deck"),
        ({"deck": "iana", "timezone": "Asia/Bangkok"}, 422, "not a deck setting"),
        ({"new_cards": 3}, 422, "unknown setting(s): new_cards"),
    ],
)
def test_bad_settings_are_4xx_with_a_message(
    learners: Any, body: dict[str, Any], status: int, words: str
) -> None:
    me: Learner = learners()
    r = me.post("/learn/api/settings", body)
    assert r.status_code == status, r.text
    assert words in r.json()["detail"]
    assert me.http.get("/learn/api/settings").json()["new_per_day"] == 10  # nothing changed


def test_settings_need_the_csrf_token(learners: Any) -> None:
    me: Learner = learners()
    r = me.http.post("/learn/api/settings", json={"new_per_day": 3})
    assert r.status_code == 403
    assert me.http.get("/learn/api/settings").json()["new_per_day"] == 10


def test_undo_only_from_the_browser_that_answered(learners: Any) -> None:
    phone: Learner = learners()
    name = "u" + secrets.token_hex(5)
    r = phone.post("/learn/api/register", {"username": name, "password": "long enough pw"})
    assert r.is_success
    phone.csrf = r.json()["csrf"]  # registering rotates the cookie, and the CSRF token with it
    laptop: Learner = learners()
    r = laptop.post("/learn/api/login", {"username": name, "password": "long enough pw"})
    assert r.status_code == 200, r.text
    laptop.csrf = r.json()["csrf"]
    phone.play(1)
    assert laptop.post("/learn/api/undo").json() == {"undone": None}
    assert len(phone.reviews()) == 1
    assert phone.post("/learn/api/undo").json()["undone"] is not None
    assert phone.reviews() == []


def test_the_browser_sends_its_zone_on_first_use(browser: Any, sqlite_server: Server) -> None:
    context = browser.new_context(timezone_id="Asia/Bangkok")
    page = context.new_page()
    try:
        page.goto(sqlite_server.url + "/learn/play")
        page.keyboard.press("Space")
        with page.expect_navigation():
            page.keyboard.press("3")
        settings = page.request.get(sqlite_server.url + "/learn/api/settings").json()
        assert settings["timezone"] == "Asia/Bangkok"
        # A later visit from another zone keeps the learner's own day.
        context.add_cookies(
            [{"name": "statusdex_tz", "value": "Europe/Paris", "url": sqlite_server.url}]
        )
        page.request.get(sqlite_server.url + "/learn/api/next")
        assert page.request.get(sqlite_server.url + "/learn/api/settings").json()["timezone"] == (
            "Asia/Bangkok"
        )
    finally:
        context.close()


def test_settings_page_in_chromium(browser: Any, sqlite_server: Server) -> None:
    context = browser.new_context(timezone_id="America/Los_Angeles")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(sqlite_server.url + "/learn/settings")
        assert page.locator("#timezone").input_value() in ("UTC", "America/Los_Angeles")
        page.fill("#timezone", "America/Los_Angeles")
        page.fill("#new_per_day", "15")
        page.fill("#learning_steps", "30s 5m")
        page.check('input[name="leech_action"][value="suspend"]')
        with page.expect_navigation():
            page.click("#settings-form button[type=submit]")
        assert page.locator("p.note[role=status]").inner_text() == "Settings saved."
        api = page.request.get(sqlite_server.url + "/learn/api/settings").json()
        assert api["timezone"] == "America/Los_Angeles"
        assert api["new_per_day"] == 15
        assert api["learning_steps"] == [30, 300]
        assert api["leech_action"] == "suspend"
        # One deck's own limit.
        page.select_option("#scope", "iana")
        with page.expect_navigation():
            page.click("#settings-scope button")
        assert page.locator("#timezone").count() == 0  # the learner's, not a deck's
        page.fill("#new_per_day", "30")
        with page.expect_navigation():
            page.click("#settings-form button[type=submit]")
        assert "(this deck's own value)" in page.locator("label[for=new_per_day]").inner_text()
        iana = page.request.get(sqlite_server.url + "/learn/api/settings?deck=iana").json()
        assert (iana["new_per_day"], iana["deck_overrides"]) == (30, ["new_per_day"])
        assert bad_axe(page) == []
        # A bad value: the page says why, nothing is saved.
        page.fill("#learning_steps", "soon")
        with page.expect_navigation():
            page.click("#settings-form button[type=submit]")
        assert "bad step" in page.locator("p.error[role=alert]").inner_text()
        again = page.request.get(sqlite_server.url + "/learn/api/settings?deck=iana").json()
        assert again["learning_steps"] == [30, 300]
        page.goto(sqlite_server.url + "/th/learn/settings")
        assert page.locator("h1").inner_text() == "การตั้งค่า"
        assert errors == []
    finally:
        context.close()


def bad_axe(page: Any) -> list[Any]:
    return list(serious_axe_violations(page))


def test_fit_through_the_api(learners: Any) -> None:
    from statusdex.learn import log as _log
    from tests.learn.test_optimize import strong_memory_log

    me: Learner = learners()
    me.play(2)
    r = me.post("/learn/api/optimize")
    assert r.status_code == 200, r.text
    assert (r.json()["accepted"], r.json()["reason"]) == (False, "too few reviews")
    other: Learner = learners()
    body = _log.dumps(strong_memory_log(), "csv").encode()
    r = other.http.post("/learn/api/log", content=body, headers={"X-CSRF-Token": other.csrf})
    assert r.status_code == 200, r.text
    r = other.post("/learn/api/optimize")
    assert r.json()["accepted"] is True, r.text
    assert r.json()["after"]["log_loss"] < r.json()["before"]["log_loss"]
    assert other.http.get("/learn/api/settings").json()["fitted"] is True
    assert other.post("/learn/api/optimize").json()["reason"] == "not better"
