"""Writers inside one process: threads sharing one service, tokens bound by the web face, and
answers checked against the card's review count in the same transaction."""

from __future__ import annotations

import secrets
import threading
from datetime import timedelta
from pathlib import Path

import pytest

from statusdex.learn.errors import BadCredentialsError, StaleAnswerError, UnknownCardError
from statusdex.learn.service import LearnService
from statusdex.learn.storage import Storage

from .conftest import T0

KEYS = ("422:name-code", "404:name-code", "500:name-code", "301:name-code")
THREADS = 4
EACH = 40


def test_threads_sharing_one_service_lose_no_update(svc: LearnService) -> None:
    learner, _ = svc.create_learner(T0)
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(EACH):
                key = KEYS[(n + i) % len(KEYS)]
                now = T0 + timedelta(seconds=i)
                svc.answer(learner, key, answer=key.split(":")[0], now=now)
        except BaseException as err:  # reported below, with the thread's error
            errors.append(err)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    total = THREADS * EACH
    assert svc.storage.log_count(learner) == total
    states = svc.storage.card_states(learner)
    assert sum(states[k].reps for k in KEYS) == total  # reps is read-modify-written
    assert sum(d.reviews for d in svc.storage.day_totals(learner)) == total


def test_one_sqlite_file_has_one_write_lock_per_process(tmp_path: Path) -> None:
    a = Storage(f"sqlite:///{tmp_path / 'a.db'}")
    again = Storage(f"sqlite:///{tmp_path / '.' / 'a.db'}")
    b = Storage(f"sqlite:///{tmp_path / 'b.db'}")
    try:
        assert a._write_lock is again._write_lock
        assert a._write_lock is not b._write_lock
    finally:
        for s in (a, again, b):
            s.close()


def test_create_learner_with_token(svc: LearnService) -> None:
    token = svc.issue_token()
    learner = svc.create_learner_with_token(token, T0)
    assert svc.learner_by_token(token) == learner
    # A second first request of the same browser gets the same learner, not a new one.
    assert svc.create_learner_with_token(token, T0) == learner
    other = svc.create_learner_with_token(svc.issue_token(), T0)
    assert other != learner
    # Only tokens this server issued: a well-formed token it never signed is refused.
    forged = secrets.token_urlsafe(32) + "." + token.partition(".")[2]
    for bad in ("short", "x" * 200, secrets.token_urlsafe(32), forged):
        with pytest.raises(BadCredentialsError):
            svc.create_learner_with_token(bad, T0)


def test_card_reps_and_stale_answers(svc: LearnService) -> None:
    learner, _ = svc.create_learner(T0)
    key = "422:name-code"
    assert svc.card_reps(learner, key) == 0
    svc.answer(learner, key, rating=3, now=T0, expect_reps=0)
    assert svc.card_reps(learner, key) == 1
    # The same answer sent again (it was shown at reps 0): refused, nothing recorded.
    with pytest.raises(StaleAnswerError):
        svc.answer(learner, key, rating=3, now=T0 + timedelta(seconds=5), expect_reps=0)
    assert svc.card_reps(learner, key) == 1
    assert svc.storage.log_count(learner) == 1
    assert sum(d.reviews for d in svc.storage.day_totals(learner)) == 1
    svc.answer(learner, key, rating=3, now=T0 + timedelta(minutes=2), expect_reps=1)
    assert svc.card_reps(learner, key) == 2
    with pytest.raises(UnknownCardError):
        svc.card_reps(learner, "999:name-code")
