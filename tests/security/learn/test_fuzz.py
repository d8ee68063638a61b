"""Property: whatever JSON body a client sends to the learning API (deep nesting, huge
numbers, lone surrogates, NUL characters, dates out of range), the answer is below 500, a
refusal is a JSON problem, and the learner's acknowledged answers are all still there."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, example, given, settings

from tests.security.learn import strategies as hostile
from tests.security.learn.conftest import Person, Target

FUZZ = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def player(target: Target) -> Iterator[Person]:
    me = Person(target.url).start()
    me.play(1)
    yield me
    me.close()


def _check(me: Person, r: httpx.Response, first: dict[str, Any]) -> None:
    assert r.status_code < 500, (r.status_code, r.text[:300])
    if r.status_code >= 400:
        assert r.headers["content-type"] == "application/problem+json", r.text[:300]
    assert first in me.reviews(), "an acknowledged answer was lost"


def _send(me: Person, path: str, text: str, **kw: Any) -> httpx.Response:
    return me.http.post(
        path,
        content=text.encode("utf-8", "surrogatepass"),
        headers={"Content-Type": "application/json", "X-CSRF-Token": me.csrf},
        **kw,
    )


@FUZZ
@given(body=hostile.answers)
@example(body=hostile.Deep(5000))
@example(body={"key": "404:code-name", "answer": "\ud800"})
def test_answer_bodies(player: Person, body: Any) -> None:
    first = player.reviews()[0]
    _check(player, _send(player, "/learn/api/answer", hostile.body_text(body)), first)


@FUZZ
@given(body=hostile.credentials)
@example(body=hostile.Deep(5000))
@example(body={"username": "\ud800", "password": "whatever1"})
def test_login_and_register_bodies(player: Person, body: Any) -> None:
    first = player.reviews()[0]
    for path in ("/learn/api/login", "/learn/api/register"):
        r = _send(player, path, hostile.body_text(body))
        if r.status_code in (200, 201):
            player.csrf = r.json()["csrf"]
        _check(player, r, first)


@FUZZ
@given(body=hostile.review_logs)
@example(body=hostile.Deep(5000))
@example(
    body={
        "reviews": [
            {"card": "404:code-name", "reviewed_at": "9999-12-31T23:59:59+00:00", "rating": 3}
        ]
    }
)
@example(
    body={
        "reviews": [
            {
                "card": "404:code-name",
                "reviewed_at": "2026-03-02T09:00:00+00:00",
                "rating": 3,
                "duration_ms": 2**63,
            }
        ]
    }
)
def test_imported_logs(player: Person, body: Any) -> None:
    first = player.reviews()[0]
    r = _send(player, "/learn/api/log", hostile.log_text(body), params={"format": "json"})
    _check(player, r, first)
