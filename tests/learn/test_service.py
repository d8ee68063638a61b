"""The service over a real database: SQLite and PostgreSQL run the same tests."""

from __future__ import annotations

import sqlite3
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest

from statusdex.learn.errors import (
    BadCredentialsError,
    InvalidAnswerError,
    LogFormatError,
    SettingsError,
    UnknownCardError,
    UnknownDeckError,
    UsernameTakenError,
)
from statusdex.learn.service import LearnService
from statusdex.learn.storage import SCHEMA_VERSION, Storage, StorageError

from .conftest import T0


def play(svc: LearnService, learner: int, n: int, lang: str = "en", right: bool = True) -> None:
    now = T0
    for _ in range(n):
        card = svc.next_card(learner, "starter", now, lang)
        assert card is not None
        value = card.choices[0].value if not right else None
        if right:
            from statusdex.learn import grading
            from statusdex.learn.cards import card as get_card

            value = grading.expected(get_card(card.key), lang)
        svc.answer(learner, card.key, answer=value, mode="typed", now=now)
        now += timedelta(seconds=20)


def test_a_review_is_durable_and_graded(svc: LearnService, db_url: str) -> None:
    learner, token = svc.create_learner(T0)
    card = svc.next_card(learner, "starter", T0, "th")
    assert card is not None
    assert (card.key, card.state, card.lang) == ("200:code-name", "new", "th")
    assert card.counts.new == 10
    result = svc.answer(learner, card.key, answer="200", now=T0, lang="th")  # not a name
    assert result.correct is False
    assert result.rating == 1
    assert result.expected in [c.value for c in card.choices]
    assert result.label == "200 " + result.expected
    assert result.next_due == T0 + timedelta(minutes=1)
    assert result.why  # the registry's summary
    other = Storage(db_url)  # another connection, as another process would see it
    try:
        assert other.log_count(learner) == 1
        assert other.card_state(learner, card.key) is not None
    finally:
        other.close()
    assert svc.learner_by_token(token) == learner


def test_learners_are_isolated(svc: LearnService) -> None:
    a, token_a = svc.create_learner(T0)
    b, token_b = svc.create_learner(T0)
    assert a != b
    assert token_a != token_b
    play(svc, a, 6)
    before = svc.storage.card_states(a)
    assert len(before) == 6
    # B sees nothing of A's.
    assert svc.storage.card_states(b) == {}
    assert svc.stats(b, T0).total_reviews == 0
    assert svc.export_log(b, "json").count('"card"') == 0
    assert all(c.state == "new" for row in svc.browse(b, "starter", now=T0) for c in row.cards)
    assert svc.next_card(b, "starter", T0).state == "new"
    # B's writes never touch A's rows.
    svc.answer(b, "100:code-name", rating=4, now=T0)
    assert svc.undo_last(b) == "100:code-name"
    assert svc.undo_last(b) is None
    svc.update_settings(b, new_per_day=1)
    svc.import_log(b, svc.export_log(a, "csv"))
    assert svc.storage.card_states(a) == before
    assert svc.storage.log_count(a) == 6
    assert svc.settings(a).new_per_day == 10
    assert svc.learner_by_token(token_b) == b


def test_undo_restores_the_exact_state(svc: LearnService) -> None:
    learner, _ = svc.create_learner(T0)
    svc.answer(learner, "422:name-code", answer="422", now=T0)
    first = svc.storage.card_state(learner, "422:name-code")
    totals = svc.storage.day_totals(learner)
    svc.answer(learner, "422:name-code", answer="400", now=T0 + timedelta(minutes=11))
    assert svc.storage.card_state(learner, "422:name-code") != first
    assert svc.undo_last(learner) == "422:name-code"
    assert svc.storage.card_state(learner, "422:name-code") == first
    assert svc.storage.day_totals(learner) == totals
    assert svc.undo_last(learner) == "422:name-code"
    assert svc.storage.card_state(learner, "422:name-code") is None
    assert svc.storage.log_count(learner) == 0
    assert sum(d.reviews for d in svc.storage.day_totals(learner)) == 0


def test_accounts(svc: LearnService) -> None:
    learner, _ = svc.create_learner(T0)
    svc.register(learner, "Ana.Dev", "correct horse battery")
    assert svc.username(learner) == "ana.dev"
    again, token = svc.login("ana.dev", "correct horse battery")
    assert again == learner
    assert svc.learner_by_token(token) == learner
    svc.logout(token)
    assert svc.learner_by_token(token) is None
    other, _ = svc.create_learner(T0)
    with pytest.raises(UsernameTakenError):
        svc.register(other, "ANA.DEV", "another password")
    with pytest.raises(BadCredentialsError, match="wrong"):
        svc.login("ana.dev", "wrong password")
    with pytest.raises(BadCredentialsError, match="wrong"):
        svc.login("nobody", "whatever123")
    for name, password in [("a", "long enough"), ("bad name!", "long enough"), ("okname", "short")]:
        with pytest.raises(BadCredentialsError):
            svc.register(other, name, password)
    stored = svc.storage.credentials("ana.dev")
    assert stored is not None
    assert stored[1].startswith("$argon2")


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_import_round_trip(svc: LearnService, fmt: str) -> None:
    a, _ = svc.create_learner(T0)
    play(svc, a, 12)
    svc.answer(a, "404:name-code", answer="๔๐๔", now=T0 + timedelta(hours=1))
    text = svc.export_log(a, fmt)
    b, _ = svc.create_learner(T0)
    assert svc.import_log(b, text, fmt) == 13
    assert svc.storage.card_states(b) == svc.storage.card_states(a)
    assert svc.stats(b, T0).to_dict() == svc.stats(a, T0).to_dict()
    assert svc.import_log(b, text) == 0  # nothing doubled
    assert svc.storage.log_count(b) == 13


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("card,reviewed_at,rating\n422:name-code,yesterday,3\n", "row 2: bad reviewed_at"),
        ("card,reviewed_at,rating\n422:name-code,2026-01-01T00:00:00+00:00,7\n", "bad rating"),
        ("card,reviewed_at,rating\n999:nope,2026-01-01T00:00:00+00:00,3\n", "no card"),
        ("who,what\n1,2\n", "lacks the column"),
        ('{"reviews": 5}', "'reviews' list"),
        ("{broken", "not valid JSON"),
    ],
)
def test_bad_imports_change_nothing(svc: LearnService, text: str, message: str) -> None:
    learner, _ = svc.create_learner(T0)
    play(svc, learner, 2)
    with pytest.raises(LogFormatError, match=message):
        svc.import_log(learner, text)
    assert svc.storage.log_count(learner) == 2


def test_bad_input_raises_learn_errors(svc: LearnService) -> None:
    learner, _ = svc.create_learner(T0)
    with pytest.raises(UnknownCardError):
        svc.answer(learner, "999:name-code", answer="999", now=T0)
    with pytest.raises(UnknownDeckError):
        svc.next_card(learner, "nope", T0)
    for kwargs in ({}, {"rating": 5}, {"rating": True}, {"answer": "x" * 500}):
        with pytest.raises(InvalidAnswerError):
            svc.answer(learner, "422:name-code", now=T0, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(SettingsError):
        svc.update_settings(learner, desired_retention=2)
    with pytest.raises(SettingsError):
        svc.update_settings(learner, colour="blue")
    with pytest.raises(SettingsError):
        svc.next_card(learner, "starter", T0, lang="de")
    assert svc.storage.log_count(learner) == 0


def test_settings_and_limits(svc: LearnService) -> None:
    learner, _ = svc.create_learner(T0)
    svc.update_settings(learner, new_per_day=3, deck="starter", lang="fr")
    assert svc.settings(learner).lang == "fr"
    play(svc, learner, 3, lang="fr")
    counts = svc.due_counts(learner, "starter", T0 + timedelta(minutes=2))
    assert counts.new == 0
    stats = svc.stats(learner, T0)
    assert stats.new_today == 3
    assert stats.reviews_today == 3


def test_schema_version_and_a_newer_database(db_url: str) -> None:
    s = Storage(db_url)
    try:
        assert s.version() == SCHEMA_VERSION
        s.migrate()  # idempotent
        assert s.version() == SCHEMA_VERSION
        from sqlalchemy import insert

        from statusdex.learn.storage import schema_version

        with s.engine.begin() as conn:
            conn.execute(insert(schema_version).values(version=SCHEMA_VERSION + 1))
    finally:
        s.close()
    with pytest.raises(StorageError, match="newer"):
        Storage(db_url)


def test_sqlite_runs_in_wal_mode(sqlite_svc: LearnService) -> None:
    path = sqlite_svc.storage.url.removeprefix("sqlite:///")
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_bad_database_urls() -> None:
    for url in ("mysql://x/y", "not a url at all"):
        with pytest.raises(StorageError):
            Storage(url)


@pytest.mark.parametrize("lang", ["en", "th"])
def test_export_apkg(sqlite_svc: LearnService, tmp_path: Path, lang: str) -> None:
    path = tmp_path / "deck.apkg"
    n = sqlite_svc.export_apkg("starter", lang, path)
    assert n == 26  # one note per code, its directions as the note's cards (siblings)
    with zipfile.ZipFile(path) as z:
        z.extract("collection.anki2", tmp_path)
    db = sqlite3.connect(tmp_path / "collection.anki2")
    assert db.execute("select count(*) from notes").fetchone()[0] == n
    assert db.execute("select count(*) from cards").fetchone()[0] == 104
    first_fields = [r[0].split("\x1f")[0] for r in db.execute("select flds from notes")]
    assert len(set(first_fields)) == n  # Anki's duplicate check sees distinct notes
    assert "422" in first_fields
    fields = " ".join(r[0] for r in db.execute("select flds from notes"))
    if lang == "th":
        assert "ประมวลผลเนื้อหาไม่ได้" in fields
    assert "Unprocessable Content" in fields or lang == "th"
    db.close()


def test_browse_shows_progress(svc: LearnService) -> None:
    learner, _ = svc.create_learner(T0)
    svc.answer(learner, "422:scenario-code", answer="422", now=T0)
    rows = {r.subject: r for r in svc.browse(learner, "starter", "fr", T0)}
    assert len(rows) == 26
    row = rows["422"]
    assert row.name == "Contenu non traitable"
    progress = {c.direction: c for c in row.cards}
    assert progress["scenario-code"].reps == 1
    assert progress["scenario-code"].state == "learning"
    assert progress["name-code"].state == "new"


def test_export_apkg_with_progress(sqlite_svc: LearnService, tmp_path: Path) -> None:
    import json

    from statusdex.learn.cards import DIRECTIONS

    svc = sqlite_svc
    learner, _ = svc.create_learner(T0)
    now = T0
    key = "404:name-code"
    for _ in range(4):  # to review, with a stability of days
        result = svc.answer(learner, key, rating=3, now=now)
        now = result.next_due
    svc.answer(learner, "500:code-name", rating=1, now=now)  # learning
    svc.answer(learner, "502:code-name", rating=4, now=now)  # straight to review…
    svc.suspend(learner, "502:code-name")  # …then suspended
    state = svc.storage.card_state(learner, key)
    path = tmp_path / "progress.apkg"
    assert svc.export_apkg("starter", "en", path, learner) == 26
    with zipfile.ZipFile(path) as z:
        z.extract("collection.anki2", tmp_path)
    db = sqlite3.connect(tmp_path / "collection.anki2")
    rows = {
        f"{flds.split(chr(31))[0]}:{DIRECTIONS[o]}": tuple(rest)
        for flds, o, *rest in db.execute(
            "select notes.flds, cards.ord, cards.type, cards.queue, cards.due, cards.ivl,"
            " cards.reps, cards.data, cards.id from cards join notes on notes.id = cards.nid"
        )
    }
    kind, queue, due, ivl, reps, data, cid = rows[key]
    assert (kind, queue, reps) == (2, 2, 4)
    crt = db.execute("select crt from col").fetchone()[0]
    assert ivl == round((state.due - state.last_review) / timedelta(days=1))
    assert abs(crt + due * 86400 - state.due.timestamp()) < 86400  # the same study day
    memory = json.loads(data)
    assert memory["s"] == pytest.approx(state.stability, abs=1e-3)
    assert memory["d"] == pytest.approx(state.difficulty, abs=1e-3)
    assert memory["dr"] == 0.9
    assert rows["500:code-name"][:2] == (1, 1)  # learning: due in seconds
    assert rows["502:code-name"][1] == -1  # suspended
    assert rows["100:code-name"][:2] == (0, 0)  # never studied: new
    revlog = db.execute("select cid, ease, type, ivl from revlog order by id").fetchall()
    assert len(revlog) == 6
    mine = [r for r in revlog if r[0] == cid]
    assert [r[1] for r in mine] == [3, 3, 3, 3]
    assert mine[0][2] == 0  # a learning answer
    assert mine[-1][2] == 1  # a review
    assert mine[-1][3] == ivl
    db.close()
