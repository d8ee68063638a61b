"""Finding 10: reading leaves no trace. 300 cookie-less GETs of /learn/api/next used to make
300 learners and tokens; a visitor gets a database row only when they change something."""

from __future__ import annotations

import httpx
import pytest

from tests.security.learn.conftest import Target

READS = [
    "/learn/api/next?deck=starter",
    "/learn/api/stats",
    "/learn/api/browse?deck=starter",
    "/learn/api/log?format=json",
    "/learn/stats",
    "/learn/browse",
    "/learn/play?deck=starter",
    "/fr/learn/api/next",
]


@pytest.mark.parametrize("path", READS)
def test_a_cookieless_read_creates_no_rows(target: Target, path: str) -> None:
    before = target.rows()
    with httpx.Client(base_url=target.url, timeout=30) as client:
        for _ in range(5):
            client.cookies.clear()
            r = client.get(path)
            assert r.status_code == 200, r.text
    assert target.rows() == before


def test_a_visitor_becomes_a_learner_on_the_first_answer(target: Target) -> None:
    with httpx.Client(base_url=target.url, timeout=30) as client:
        csrf = client.get("/learn/api/session").json()["csrf"]
        card = client.get("/learn/api/next").json()["card"]
        assert card is not None
        before = target.rows()
        r = client.post(
            "/learn/api/answer",
            json={"key": card["key"], "rating": 3},
            headers={"X-CSRF-Token": csrf},
        )
        assert r.status_code == 200, r.text
        assert target.rows() == (before[0] + 1, before[1] + 1)
        assert client.get("/learn/api/stats").json()["cards_seen"] == 1
