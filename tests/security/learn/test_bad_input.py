"""Finding 5 (and the validation half of 8): every hostile input answers a 4xx with a JSON
problem, never a 500, on SQLite and PostgreSQL, and nothing already acknowledged is lost.
Imports are checked exactly as play is."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.security.learn.bodies import BAD_LOGS, deep_json, deep_object
from tests.security.learn.conftest import Person, Target, username

JSON = {"Content-Type": "application/json"}


def _problem(r: httpx.Response, *statuses: int) -> None:
    assert r.status_code in statuses, (r.status_code, r.text[:300])
    assert r.headers["content-type"] == "application/problem+json", r.headers
    assert r.json()["detail"]


def _raw(person: Person, path: str, body: str) -> httpx.Response:
    return person.http.post(
        path,
        content=body.encode("utf-8", "surrogatepass"),
        headers={**JSON, "X-CSRF-Token": person.csrf},
    )


def test_deep_json_to_login_without_a_cookie(target: Target) -> None:
    with httpx.Client(base_url=target.url, timeout=30) as stranger:
        r = stranger.post("/learn/api/login", content=deep_json(), headers=JSON)
    _problem(r, 400)


@pytest.mark.parametrize("path", ["/learn/api/login", "/learn/api/answer", "/learn/api/register"])
def test_deep_json_bodies(people: Any, path: str) -> None:
    me: Person = people()
    me.play(2)
    for body in (deep_json(), deep_object("key"), deep_object("username")):
        _problem(_raw(me, path, body), 400)
    assert len(me.reviews()) == 2


LONE = '"\\ud800"'  # a JSON escape of a lone surrogate: valid JSON, not valid Unicode


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/learn/api/answer", '{"key": "404:code-name", "answer": ' + LONE + "}"),
        ("/learn/api/login", '{"username": ' + LONE + ', "password": "whatever1"}'),
        ("/learn/api/register", '{"username": "okname", "password": "abcdefgh\\ud800"}'),
    ],
)
def test_lone_surrogates(people: Any, path: str, body: str) -> None:
    me: Person = people()
    me.play(1)
    _problem(_raw(me, path, body), 400)
    assert len(me.reviews()) == 1


@pytest.mark.parametrize(("name", "body", "fmt"), BAD_LOGS, ids=[b[0] for b in BAD_LOGS])
def test_bad_imports_through_the_api(people: Any, name: str, body: object, fmt: str) -> None:
    me: Person = people()
    me.play(3)
    before = me.reviews()
    text = body if isinstance(body, str) else json.dumps(body)
    r = me.http.post(
        "/learn/api/log",
        params={"format": fmt},
        content=text.encode("utf-8", "surrogatepass"),
        headers={"X-CSRF-Token": me.csrf, "Content-Type": "text/plain"},
    )
    _problem(r, 400, 422)
    assert me.reviews() == before


@pytest.mark.parametrize(("name", "body", "fmt"), BAD_LOGS[:3], ids=[b[0] for b in BAD_LOGS[:3]])
def test_bad_imports_through_the_page(people: Any, name: str, body: object, fmt: str) -> None:
    me: Person = people()
    me.play(2)
    before = me.reviews()
    _r, csrf = me.page_csrf("/learn/data")
    text = body if isinstance(body, str) else json.dumps(body)
    r = me.http.post(
        "/learn/import",
        data={"csrf": csrf},
        files={"file": (f"log.{fmt}", text.encode("utf-8", "surrogatepass"), "text/plain")},
    )
    assert 400 <= r.status_code < 500, (r.status_code, r.text[:300])
    assert me.reviews() == before


def test_nul_characters_on_postgresql(pg_target: Target) -> None:
    """PostgreSQL cannot store NUL in text: a typed answer or a username with one is a 400."""
    me = Person(pg_target.url).start()
    try:
        me.play(1)
        card = me.next()["card"]
        _problem(me.post("/learn/api/answer", {"key": card["key"], "answer": "40\x004"}), 400)
        _problem(me.post("/learn/api/login", {"username": "ab\x00c", "password": "whatever1"}), 400)
        _problem(
            me.post("/learn/api/register", {"username": username(), "password": "abc\x00defgh"}),
            400,
        )
        _r, csrf = me.page_csrf("/learn/play?deck=starter&mode=typed")
        r = me.http.post(
            "/learn/answer",
            data={"csrf": csrf, "key": card["key"], "mode": "typed", "answer": "4\x0004"},
        )
        assert r.status_code == 400
        _r, csrf = me.page_csrf("/learn/account")
        r = me.http.post(
            "/learn/account/login", data={"csrf": csrf, "username": "x\x00y", "password": "p"}
        )
        assert r.status_code == 400
        assert len(me.reviews()) == 1
    finally:
        me.close()
