"""The learning JSON API against real servers, on SQLite and on PostgreSQL: playing in three
ways, undo, stats, export and import, accounts, and one learner never touching another."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from tests.conftest import Server
from tests.learn.test_web.conftest import Learner


def test_session_sets_a_private_cookie(server: Server) -> None:
    learner = Learner(server.url)
    try:
        r = learner.http.get("/learn/api/session")
        assert r.status_code == 200
        body = r.json()
        assert body["anonymous"] is True
        assert len(body["csrf"]) == 64
        cookie = r.headers["set-cookie"].lower()
        assert cookie.startswith("statusdex_learner=")
        assert "httponly" in cookie
        assert "samesite=lax" in cookie
        assert "secure" not in cookie  # plain http on loopback
        assert r.headers["cache-control"] == "no-store"
        # The same browser keeps its token: same CSRF token on the next request, no new cookie.
        again = learner.http.get("/learn/api/session")
        assert again.json()["csrf"] == body["csrf"]
        assert "set-cookie" not in again.headers
    finally:
        learner.close()


def test_cookie_is_secure_over_https(server: Server) -> None:
    """Behind a TLS proxy on loopback (a trusted forwarder), the cookie gets Secure."""
    learner = Learner(server.url, headers={"X-Forwarded-Proto": "https"})
    try:
        r = learner.http.get("/learn/api/session")
        assert "secure" in r.headers["set-cookie"].lower()
    finally:
        learner.close()


def _right_answer(card: dict[str, Any], back: dict[str, str], mode: str) -> dict[str, Any]:
    if mode == "choice":
        values = [c["value"] for c in card["choices"]]
        right = back["expected"]
        assert right in values
        return {"answer": right, "mode": "choice"}
    return {"answer": back["expected"]}


def _wrong_answer(card: dict[str, Any], back: dict[str, str], mode: str) -> dict[str, Any]:
    if mode == "choice":
        wrong = next(c["value"] for c in card["choices"] if c["value"] != back["expected"])
        return {"answer": wrong, "mode": "choice"}
    return {"answer": "999" if card["answer_kind"] == "code" else "no such name"}


@pytest.mark.parametrize(
    ("mode", "lang", "verdict_right", "verdict_wrong"),
    [
        ("typed", "en", "Correct", "Not quite"),
        ("typed", "fr", "Exact", "Pas tout à fait"),
        ("choice", "th", "ถูกต้อง", "ยังไม่ถูก"),
        ("choice", "en", "Correct", "Not quite"),
    ],
)
def test_graded_answers(
    learners: Any, mode: str, lang: str, verdict_right: str, verdict_wrong: str
) -> None:
    me: Learner = learners()
    got = me.next("starter", lang)
    card, back = got["card"], got["back"]
    assert card["lang"] == lang
    right = me.answer(card["key"], lang=lang, **_right_answer(card, back, mode))
    assert right["correct"] is True
    assert right["verdict"] == verdict_right
    assert right["rating"] == 3
    assert right["why"] == back["why"]
    assert right["label"] == back["label"]
    got = me.next("starter", lang)
    card, back = got["card"], got["back"]
    wrong = me.answer(card["key"], lang=lang, **_wrong_answer(card, back, mode))
    assert wrong["correct"] is False
    assert wrong["verdict"] == verdict_wrong
    assert wrong["rating"] == 1
    assert me.stats()["reviews_today"] == 2


@pytest.mark.parametrize("rating", [1, 2, 3, 4])
def test_flip_ratings_are_recorded(learners: Any, rating: int) -> None:
    me: Learner = learners()
    (result,) = me.play(1, rating=rating)
    assert result["correct"] is None
    assert result["rating"] == rating
    (row,) = me.reviews()
    assert row["rating"] == rating
    assert row["mode"] == "flip"


def test_next_card_follows_the_schedule(learners: Any) -> None:
    me: Learner = learners()
    first = me.next()["card"]
    assert first["state"] == "new"
    me.answer(first["key"], rating=4)  # Easy: due in days, so another card comes next
    second = me.next()["card"]
    assert second["key"] != first["key"]
    assert second["subject"] != first["subject"]  # siblings are buried for the day
    browse = me.http.get("/learn/api/browse", params={"deck": "starter"}).json()
    progress = {c["key"]: c for row in browse["codes"] for c in row["cards"]}
    assert progress[first["key"]]["state"] == "review"
    assert progress[first["key"]]["reps"] == 1
    assert progress[second["key"]]["reps"] == 0


def test_undo_takes_back_the_last_answer(learners: Any) -> None:
    me: Learner = learners()
    a, b = me.play(2)
    r = me.post("/learn/api/undo")
    assert r.status_code == 200
    assert r.json() == {"undone": b["key"]}
    assert [row["card"] for row in me.reviews()] == [a["key"]]
    assert me.post("/learn/api/undo").json() == {"undone": a["key"]}
    assert me.post("/learn/api/undo").json() == {"undone": None}
    assert me.stats()["reviews_today"] == 0


def test_a_resent_answer_is_not_counted_twice(learners: Any) -> None:
    me: Learner = learners()
    got = me.next()
    key, reps = got["card"]["key"], got["reps"]
    assert reps == 0
    me.answer(key, rating=3, reps=reps)
    again = me.post("/learn/api/answer", {"key": key, "rating": 3, "reps": reps})
    assert again.status_code == 409
    assert again.headers["content-type"] == "application/problem+json"
    assert len(me.reviews()) == 1


def test_export_and_import_the_review_log(learners: Any) -> None:
    me: Learner = learners()
    me.play(3)
    csv_text = me.log("csv")
    assert csv_text.headers["content-type"].startswith("text/csv")
    assert "attachment" in csv_text.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(csv_text.text)))
    assert len(rows) == 3
    assert set(rows[0]) >= {"card", "reviewed_at", "rating", "mode"}
    json_log = me.log("json").json()
    assert json_log["format"] == "statusdex-review-log"
    assert len(json_log["reviews"]) == 3

    other: Learner = learners()
    r = other.http.post(
        "/learn/api/log",
        content=csv_text.content,
        headers={"X-CSRF-Token": other.csrf, "Content-Type": "text/csv"},
    )
    assert r.status_code == 200, r.text
    assert r.json() == {"added": 3}
    # Importing the same log again adds nothing.
    r = other.http.post(
        "/learn/api/log", content=csv_text.content, headers={"X-CSRF-Token": other.csrf}
    )
    assert r.json() == {"added": 0}
    assert sorted(x["card"] for x in other.reviews()) == sorted(x["card"] for x in me.reviews())
    assert other.stats()["cards_seen"] == 3


def test_a_bad_log_changes_nothing(learners: Any) -> None:
    me: Learner = learners()
    bad = (
        "card,reviewed_at,rating,correct,mode,answer,duration_ms\n"
        "404:code-name,yesterday,3,,flip,,\n"
    )
    r = me.http.post("/learn/api/log", content=bad, headers={"X-CSRF-Token": me.csrf})
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
    assert "reviewed_at" in r.json()["detail"]
    assert me.reviews() == []


def test_anki_export_is_an_apkg(server: Server) -> None:
    learner = Learner(server.url)
    try:
        r = learner.http.get("/fr/learn/anki", params={"deck": "families"})
        assert r.status_code == 200
        assert r.content[:2] == b"PK"  # a zip file
        assert 'filename="statusdex-families-fr.apkg"' in r.headers["content-disposition"]
        import zipfile

        names = zipfile.ZipFile(io.BytesIO(r.content)).namelist()
        assert "collection.anki2" in names
    finally:
        learner.close()


def test_anki_export_with_progress(learners: Any, tmp_path: Any) -> None:
    import sqlite3
    import zipfile

    me: Learner = learners()
    answered = me.play(3)
    r = me.http.get("/learn/anki", params={"deck": "starter", "progress": "1"})
    assert r.status_code == 200
    zipfile.ZipFile(io.BytesIO(r.content)).extract("collection.anki2", tmp_path)
    db = sqlite3.connect(tmp_path / "collection.anki2")
    try:
        assert db.execute("select count(*) from revlog").fetchone()[0] == len(answered)
        studied = db.execute("select count(*) from cards where type != 0").fetchone()[0]
        assert studied == len({a["key"] for a in answered})
    finally:
        db.close()


# Accounts ----------------------------------------------------------------------------------


def test_an_account_continues_on_another_device(learners: Any, server: Server) -> None:
    import secrets

    name = f"ada{secrets.token_hex(4)}"
    phone: Learner = learners()
    phone.play(4)
    r = phone.post("/learn/api/register", {"username": name, "password": "correct horse"})
    assert r.status_code == 201, r.text
    assert phone.http.get("/learn/api/session").json()["username"] == name

    laptop: Learner = learners()
    assert laptop.stats()["cards_seen"] == 0
    r = laptop.post("/learn/api/login", {"username": name.upper(), "password": "correct horse"})
    assert r.status_code == 200, r.text
    laptop.csrf = r.json()["csrf"]
    assert laptop.stats()["cards_seen"] == 4
    laptop.play(1)
    assert len(phone.reviews()) == 5  # one learner, two devices

    r = laptop.post("/learn/api/logout")
    assert r.status_code == 200
    laptop.csrf = r.json()["csrf"]
    assert laptop.http.get("/learn/api/session").json()["anonymous"] is True
    assert laptop.stats()["cards_seen"] == 0
    assert len(phone.reviews()) == 5  # the phone stays signed in


@pytest.mark.parametrize(
    ("username", "password", "status"),
    [
        ("ab", "long enough", 400),  # too short a username
        ("has space", "long enough", 400),
        ("fine_name", "short", 400),
    ],
)
def test_register_refuses_bad_credentials(
    learners: Any, username: str, password: str, status: int
) -> None:
    me: Learner = learners()
    r = me.post("/learn/api/register", {"username": username, "password": password})
    assert r.status_code == status
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["detail"]


def test_a_username_is_taken_once(learners: Any) -> None:
    import secrets

    name = f"bo{secrets.token_hex(4)}"
    first: Learner = learners()
    second: Learner = learners()
    assert (
        first.post("/learn/api/register", {"username": name, "password": "12345678"}).status_code
        == 201
    )
    r = second.post("/learn/api/register", {"username": name, "password": "12345678"})
    assert r.status_code == 409


def test_login_attempts_are_rate_limited(learners: Any) -> None:
    import secrets

    name = f"cy{secrets.token_hex(4)}"
    owner: Learner = learners()
    r = owner.post("/learn/api/register", {"username": name, "password": "the real one"})
    assert r.status_code == 201
    owner.csrf = r.json()["csrf"]  # registering rotates the cookie, and the CSRF token with it
    thief: Learner = learners()
    statuses = [
        thief.post("/learn/api/login", {"username": name, "password": f"guess {i}"}).status_code
        for i in range(9)
    ]
    # Five free tries, then a wait that doubles with each failure (1 s, 2 s, 4 s…): however
    # slowly the machine answers, the later guesses are refused.
    assert statuses[:5] == [401] * 5
    assert set(statuses[5:]) <= {401, 429}
    assert statuses[-1] == 429
    blocked = thief.post("/learn/api/login", {"username": name, "password": "the real one"})
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) > 0
    assert blocked.headers["content-type"] == "application/problem+json"
    # Still blocked for the right password from the same address (here both are loopback);
    # another address is not (tests/security/learn).
    assert (
        owner.post("/learn/api/login", {"username": name, "password": "the real one"}).status_code
        == 429
    )


# One learner never reaches another ---------------------------------------------------------


def test_learners_are_isolated(learners: Any) -> None:
    alice: Learner = learners()
    bob: Learner = learners()
    alice.play(5)
    assert alice.stats()["reviews_today"] == 5

    # Bob sees none of Alice's progress, in any view.
    assert bob.stats()["reviews_today"] == 0
    assert bob.reviews() == []
    browse = bob.http.get("/learn/api/browse").json()
    assert all(c["reps"] == 0 for row in browse["codes"] for c in row["cards"])
    assert bob.next()["card"]["state"] == "new"

    # Bob's changes touch only Bob: his undo has nothing to take back.
    assert bob.post("/learn/api/undo").json() == {"undone": None}
    assert len(alice.reviews()) == 5

    # Alice's CSRF token does not work with Bob's cookie, nor without any cookie.
    stolen = {"X-CSRF-Token": alice.csrf}
    r = bob.http.post("/learn/api/undo", headers=stolen)
    assert r.status_code == 403
    outsider = Learner(str(alice.http.base_url))
    try:
        r = outsider.http.post("/learn/api/undo", headers=stolen)
        assert r.status_code == 403
    finally:
        outsider.close()
    assert len(alice.reviews()) == 5
    assert bob.reviews() == []


STATE_CHANGING = [
    ("/learn/api/answer", {"key": "404:code-name", "rating": 3}),
    ("/learn/api/undo", None),
    ("/learn/api/register", {"username": "mallory", "password": "12345678"}),
    ("/learn/api/login", {"username": "mallory", "password": "12345678"}),
    ("/learn/api/logout", None),
    ("/learn/api/log", None),
]


@pytest.mark.parametrize(("path", "body"), STATE_CHANGING)
@pytest.mark.parametrize("token", ["missing", "wrong"])
def test_changes_need_the_csrf_token(
    learners: Any, path: str, body: dict[str, Any] | None, token: str
) -> None:
    me: Learner = learners()
    me.play(1)
    headers = {} if token == "missing" else {"X-CSRF-Token": "0" * 64}
    r = me.http.post(path, json=body, headers=headers)
    assert r.status_code == 403, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert "CSRF" in r.json()["detail"]
    assert len(me.reviews()) == 1
    assert me.http.get("/learn/api/session").json()["anonymous"] is True
