"""The learning pages over plain HTTP (no JavaScript), on SQLite and PostgreSQL: every page in
every language, the forms (play, undo, account, import), CSRF on forms, and bad input
answered with a clear 4xx, never a 500."""

from __future__ import annotations

import html
import re
import secrets
from typing import Any

import httpx
import pytest

from statusdex.core import labels
from tests.conftest import Server
from tests.learn.test_web.conftest import Learner

PAGES = [
    "/learn",
    "/learn/play",
    "/learn/play?mode=typed&deck=iis",
    "/learn/play?mode=choice&deck=vendors",
    "/learn/browse?deck=families",
    "/learn/stats",
    "/learn/print?deck=starter&front=scenario-code&paper=letter",
    "/learn/data",
    "/learn/account",
]
LANGS = {"en": "", "th": "/th", "fr": "/fr"}


def hidden(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found, f"no hidden field {name}"
    return html.unescape(found.group(1))


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", list(LANGS))
def test_every_page_in_every_language(server: Server, path: str, lang: str) -> None:
    with httpx.Client(base_url=server.url) as http:
        r = http.get(LANGS[lang] + path)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert f'<html lang="{lang}">' in r.text
    assert r.headers["cache-control"] == "no-store"
    assert "/learn/static/learn.css?v=" in r.text
    # CSP: no inline script and no inline style.
    assert not re.search(r"<script(?![^>]*\bsrc=)", r.text)
    assert " style=" not in r.text


def test_labels_exist_in_every_language() -> None:
    table = labels.table("web_learn")
    for lang in ("th", "fr"):
        assert set(table[lang]) == set(table["en"]), lang


def test_typed_answer_by_form_and_a_resent_form(server: Server) -> None:
    me = Learner(server.url).start()
    try:
        play = me.http.get("/fr/learn/play?mode=typed").text
        key = hidden(play, "key")
        assert key.endswith(("-code", "code-name"))
        card = me.next("starter", "fr")
        assert card["card"]["key"] == key
        form = {
            "csrf": hidden(play, "csrf"),
            "key": key,
            "deck": "starter",
            "mode": "typed",
            "reps": hidden(play, "reps"),
            "answer": card["back"]["expected"],
            "duration_ms": "1234",
        }
        r = me.http.post("/fr/learn/answer", data=form)
        assert r.status_code == 200
        assert "Exact" in r.text
        assert card["back"]["why"] in html.unescape(r.text)
        # Its language links lead somewhere real (a GET of a form's address redirects).
        switch = me.http.get("/th/learn/answer")
        assert switch.status_code == 303
        assert switch.headers["location"] == "/th/learn/play"
        assert 'id="next-card"' in r.text
        again = me.http.post("/fr/learn/answer", data=form)
        assert again.status_code == 409
        assert "rien n&#39;a été compté deux fois" in again.text
        (row,) = me.reviews()
        assert row["duration_ms"] == 1234
        assert row["correct"] is True
    finally:
        me.close()


def test_flip_and_choice_forms_then_undo(server: Server) -> None:
    me = Learner(server.url).start()
    try:
        play = me.http.get("/learn/play?mode=flip").text
        fields = {n: hidden(play, n) for n in ("csrf", "key", "deck", "mode", "reps")}
        r = me.http.post("/learn/answer", data={**fields, "rating": "4"})
        assert r.status_code == 303
        assert r.headers["location"] == "/learn/play?deck=starter&mode=flip"

        play = me.http.get("/th/learn/play?mode=choice").text
        fields = {n: hidden(play, n) for n in ("csrf", "key", "deck", "mode", "reps")}
        options = re.findall(r'name="answer" value="([^"]*)"', play)
        assert len(options) == 4
        r = me.http.post("/th/learn/answer", data={**fields, "answer": options[0]})
        assert r.status_code == 200
        assert ("ถูกต้อง" in r.text) != ("ยังไม่ถูก" in r.text)
        assert len(me.reviews()) == 2

        r = me.http.post("/learn/undo", data={"csrf": fields["csrf"], "mode": "choice"})
        assert r.status_code == 303
        assert r.headers["location"].endswith("undone=1")
        assert len(me.reviews()) == 1
        assert "Undid the last answer" in me.http.get(r.headers["location"]).text
    finally:
        me.close()


def test_forms_need_the_csrf_token(server: Server) -> None:
    me = Learner(server.url).start()
    try:
        play = me.http.get("/learn/play").text
        fields = {n: hidden(play, n) for n in ("key", "deck", "mode", "reps")}
        for csrf in ("", "f" * 64):
            r = me.http.post("/learn/answer", data={**fields, "csrf": csrf, "rating": "3"})
            assert r.status_code == 403
            assert "CSRF" in r.text
        # A cross-site form post arrives without the cookie: refused as well.
        with httpx.Client(base_url=server.url) as stranger:
            r = stranger.post(
                "/learn/answer", data={**fields, "csrf": hidden(play, "csrf"), "rating": "3"}
            )
            assert r.status_code == 403
        assert me.reviews() == []
    finally:
        me.close()


def test_account_forms(server: Server) -> None:
    name = f"form{secrets.token_hex(4)}"
    me = Learner(server.url).start()
    other = Learner(server.url).start()
    try:
        _, csrf = me.page_csrf("/learn/account")
        r = me.http.post(
            "/learn/account/register", data={"csrf": csrf, "username": name, "password": "x"}
        )
        assert r.status_code == 400
        assert "8 characters" in r.text
        r = me.http.post(
            "/learn/account/register", data={"csrf": csrf, "username": name, "password": "abcdefgh"}
        )
        assert r.status_code == 303
        page = me.http.get(r.headers["location"]).text
        assert name in page

        _, csrf = other.page_csrf("/fr/learn/account")
        r = other.http.post(
            "/fr/learn/account/login",
            data={"csrf": csrf, "username": name, "password": "wrong one"},
        )
        assert r.status_code == 401
        assert 'role="alert"' in r.text
        r = other.http.post(
            "/fr/learn/account/login", data={"csrf": csrf, "username": name, "password": "abcdefgh"}
        )
        assert r.status_code == 303
        assert r.headers["location"] == "/fr/learn/account?done=logged_in"
        page, csrf = other.page_csrf("/fr/learn/account")
        assert f"Connecté en tant que {name}" in page.text
        r = other.http.post("/fr/learn/account/logout", data={"csrf": csrf})
        assert r.status_code == 303
        assert "Connecté en tant que" not in other.http.get("/fr/learn/account").text
    finally:
        me.close()
        other.close()


def test_import_form(server: Server) -> None:
    source = Learner(server.url).start()
    me = Learner(server.url).start()
    try:
        source.play(2)
        log = source.log("csv").content
        _, csrf = me.page_csrf("/learn/data")
        r = me.http.post(
            "/learn/import", data={"csrf": csrf}, files={"file": ("log.csv", log, "text/csv")}
        )
        assert r.status_code == 303
        assert r.headers["location"] == "/learn/data?imported=2"
        assert "2 answers imported." in me.http.get(r.headers["location"]).text
        r = me.http.post(
            "/learn/import",
            data={"csrf": csrf},
            files={"file": ("log.csv", b"not,a\nlog,at all\n", "text/csv")},
        )
        assert r.status_code == 422
        assert 'role="alert"' in r.text
        assert len(me.reviews()) == 2
    finally:
        source.close()
        me.close()


def test_print_sheet_backs_mirror_fronts(server: Server) -> None:
    with httpx.Client(base_url=server.url) as http:
        page = http.get("/fr/learn/print?deck=starter").text
    sections = re.findall(r'data-side="(front|back)">(.*?)</section>', page, re.S)
    assert sections
    assert len(sections) % 2 == 0
    for (side_a, fronts), (side_b, backs) in zip(sections[::2], sections[1::2], strict=True):
        assert (side_a, side_b) == ("front", "back")
        front_keys = re.findall(r'class="pcard[^"]*"(?: data-key="([^"]*)")?', fronts)
        back_keys = re.findall(r'class="pcard[^"]*"(?: data-key="([^"]*)")?', backs)
        assert len(front_keys) == len(back_keys) == 8
        for row in range(4):
            assert back_keys[2 * row : 2 * row + 2] == front_keys[2 * row : 2 * row + 2][::-1]


def test_stats_page_draws_svg_charts(server: Server) -> None:
    me = Learner(server.url).start()
    try:
        me.play(3)
        page = me.http.get("/learn/stats").text
        assert page.count("<svg") == 5  # with retention week by week
        weekly = re.search(r'<svg class="chart retention-weeks".*?</svg>', page, re.S)
        assert weekly
        assert weekly.group(0).count('class="axis"') == 1  # the target line
        heatmap = re.search(r'<svg class="chart heatmap".*?</svg>', page, re.S)
        assert heatmap
        assert heatmap.group(0).count("<rect") == 365
        assert heatmap.group(0).count('class="heat-4"') == 1  # today is the busiest day
        forecast = re.search(r'<svg class="chart forecast".*?</svg>', page, re.S)
        assert forecast
        assert forecast.group(0).count("<rect") == 30
    finally:
        me.close()


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status"),
    [
        ("GET", "/learn/play?deck=nope", {}, 400),
        ("GET", "/learn/play?mode=juggle", {}, 400),
        ("GET", "/learn/print?front=back", {}, 400),
        ("GET", "/learn/print?paper=a3", {}, 400),
        ("GET", "/learn/api/next?lang=xx", {}, 400),
        ("GET", "/learn/api/next?deck=nope", {}, 400),
        ("GET", "/learn/api/log?format=xml", {}, 400),
        ("GET", "/learn/anki?deck=nope", {}, 400),
        ("GET", "/learn/static/nope.js", {}, 404),
        ("POST", "/learn/api/answer", {"json": {"key": "999:code-name", "rating": 3}}, 404),
        ("POST", "/learn/api/answer", {"json": {"key": "404:code-name", "rating": 7}}, 422),
        ("POST", "/learn/api/answer", {"json": {"key": "404:code-name", "rating": "3"}}, 400),
        ("POST", "/learn/api/answer", {"json": {"key": "404:code-name", "rating": True}}, 400),
        ("POST", "/learn/api/answer", {"json": {"key": "404:code-name"}}, 422),
        ("POST", "/learn/api/answer", {"json": {"key": "404:code-name", "answer": "x" * 500}}, 422),
        (
            "POST",
            "/learn/api/answer",
            {"json": {"key": "404:code-name", "rating": 3, "duration_ms": -5}},
            422,
        ),
        ("POST", "/learn/api/answer", {"json": {"key": ["404"]}}, 400),
        ("POST", "/learn/api/answer", {"json": {"rating": 3}}, 400),
        ("POST", "/learn/api/answer", {"json": [1, 2]}, 400),
        ("POST", "/learn/api/answer", {"content": b"{not json"}, 400),
        ("POST", "/learn/api/answer", {"content": b"{" + b" " * 70_000 + b"}"}, 413),
        ("POST", "/learn/api/log", {"content": b"\xff\xfe\x00bad"}, 422),
        ("POST", "/learn/api/log", {"content": b""}, 422),
        ("POST", "/learn/answer", {"data": {"key": "404:code-name", "mode": "flip"}}, 400),
        ("POST", "/learn/answer", {"data": {"key": "404:code-name", "mode": "typed"}}, 400),
        ("POST", "/learn/import", {"data": {}}, 400),
    ],
)
def test_bad_input_gets_a_clear_4xx(
    server: Server, method: str, path: str, kwargs: dict[str, Any], status: int
) -> None:
    me = Learner(server.url).start()
    try:
        if "data" in kwargs:
            _, csrf = me.page_csrf("/learn/data")
            kwargs = {"data": {**kwargs["data"], "csrf": csrf}}
        r = me.http.request(method, path, headers={"X-CSRF-Token": me.csrf}, **kwargs)
        assert r.status_code == status, r.text
        if path.startswith("/learn/api/"):
            assert r.headers["content-type"] == "application/problem+json"
            body = r.json()
            assert body["status"] == status
            assert body["detail"]
        else:
            assert r.headers["content-type"].startswith("text/html")
    finally:
        me.close()


def test_static_assets_are_versioned_and_cached(server: Server) -> None:
    with httpx.Client(base_url=server.url) as http:
        page = http.get("/learn").text
        src = re.search(r'src="(/learn/static/learn\.js\?v=[0-9a-f]{8})"', page)
        assert src
        r = http.get(src.group(1))
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/javascript")
        assert "immutable" in r.headers["cache-control"]
        again = http.get(src.group(1), headers={"If-None-Match": r.headers["etag"]})
        assert again.status_code == 304
