"""Finding 8, the lock half: one large import used to hold the write lock (every learner's, on
SQLite) for its whole length. It is now written in batches, each its own transaction; between
them other learners write, while the importing learner's own answers are refused (409) so
that nothing they do is lost when the cards are rebuilt."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from statusdex.learn import cards
from statusdex.learn.errors import ImportRunningError
from statusdex.learn.service import IMPORT_BATCH, LearnService

ROWS = IMPORT_BATCH * 2 + IMPORT_BATCH // 2
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def big_log(rows: int = ROWS) -> str:
    keys = [c.key for c in cards.deck("iana").cards]
    lines = ["card,reviewed_at,rating"]
    for i in range(rows):
        when = (T0 + timedelta(minutes=i)).isoformat()
        lines.append(f"{keys[i % len(keys)]},{when},{1 + i % 4}")
    return "\n".join(lines) + "\n"


def test_an_import_lets_others_write_between_batches(svc: LearnService) -> None:
    me, _ = svc.create_learner(T0)
    other, _ = svc.create_learner(T0)
    svc.answer(me, "404:code-name", rating=3)  # acknowledged before the import
    original = svc.storage.import_batch
    batches: list[int] = []
    first_written = threading.Event()
    resume = threading.Event()

    def watched(learner: int, mark: str, records: list) -> str:  # type: ignore[type-arg]
        fresh = original(learner, mark, records)  # committed: no lock held from here
        batches.append(len(records))
        if len(batches) == 1:
            first_written.set()
            assert resume.wait(60), "the test never let the import go on"
        return fresh

    svc.storage.import_batch = watched  # type: ignore[method-assign]
    errors: list[BaseException] = []
    added: list[int] = []

    def run() -> None:
        try:
            added.append(svc.import_log(me, big_log()))
        except BaseException as err:  # reported below
            errors.append(err)

    worker = threading.Thread(target=run)
    worker.start()
    try:
        assert first_written.wait(120), f"no batch was written: {errors}"
        # Between batches: another learner's answer goes through at once...
        svc.answer(other, "500:code-name", rating=3)
        # ...and the importing learner's own answer is refused, recording nothing.
        with pytest.raises(ImportRunningError):
            svc.answer(me, "200:code-name", rating=3)
        with pytest.raises(ImportRunningError):
            svc.undo_last(me)
    finally:
        resume.set()
        worker.join(120)
    assert not errors, errors
    assert added == [ROWS]
    assert len(batches) >= 3
    assert max(batches) <= IMPORT_BATCH
    assert svc.storage.log_count(me) == ROWS + 1  # the acknowledged answer is still there
    assert svc.storage.log_count(other) == 1
    # The cards were rebuilt from the whole log, and play goes on afterwards.
    assert svc.stats(me).total_reviews == ROWS + 1
    svc.answer(me, "200:code-name", rating=3)


def test_a_failed_import_lifts_its_mark(svc: LearnService) -> None:
    me, _ = svc.create_learner(T0)
    text = big_log(10)
    original = svc.storage.finish_import

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the server fell over")

    svc.storage.finish_import = broken  # type: ignore[method-assign]
    with pytest.raises(RuntimeError):
        svc.import_log(me, text)
    svc.storage.finish_import = original  # type: ignore[method-assign]
    svc.answer(me, "404:code-name", rating=3)  # not refused: the mark is gone
    # The rows already written stay (nothing is lost); importing again completes the rest.
    assert svc.stats(me).total_reviews == 1  # written, not yet counted
    assert svc.import_log(me, text) == 0
    assert svc.storage.log_count(me) == 11
    assert svc.stats(me).total_reviews == 11  # the cards and totals were rebuilt
