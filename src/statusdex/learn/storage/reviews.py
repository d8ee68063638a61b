"""The review log and its day totals: recording an answer (card state, log row and day totals
committed together), taking the last one back, and reading the log."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

from sqlalchemy import Connection, delete, func, insert, select

from statusdex.learn.log import LogEntry
from statusdex.learn.scheduler import CardState
from statusdex.learn.stats import DayTotals
from statusdex.learn.storage.database import Database
from statusdex.learn.storage.imports import refuse_while_importing
from statusdex.learn.storage.rows import (
    LogRecord,
    bump_day,
    get_state,
    log_row,
    put_state,
    record_from_row,
    with_id,
)
from statusdex.learn.storage.schema import card_state, review_day, review_log

_INSERT_LOG = insert(review_log).returning(review_log.c.id)


def _append_log(
    conn: Connection,
    learner: int,
    entry: LogEntry,
    before: CardState | None,
    day: int,
    family: str,
) -> int:
    log_id = conn.execute(_INSERT_LOG, log_row(learner, entry, before, day, family)).scalar_one()
    bump_day(conn, learner, day, family, with_id(entry, log_id, before), +1)
    return int(log_id)


class Reviews:
    def __init__(self, db: Database) -> None:
        self.db = db

    def record_answer(
        self,
        learner: int,
        key: str,
        compute: Callable[[CardState | None], tuple[CardState, LogEntry]],
        day: int,
        family: str,
    ) -> tuple[CardState, LogEntry]:
        """Read the card's state, let ``compute`` answer it, store state and log, commit.

        The read and the write happen in one locked transaction, so two concurrent answers
        to one learner's card are applied one after the other, never one over the other.
        """

        def work(conn: Connection) -> tuple[CardState, LogEntry]:
            refuse_while_importing(conn, learner)
            before = get_state(conn, learner, key)
            after, entry = compute(before)
            put_state(conn, learner, after, exists=before is not None)
            log_id = _append_log(conn, learner, entry, before, day, family)
            return after, with_id(entry, log_id, before)

        return self.db.write(work, learner)

    def undo_last(self, learner: int, session: str | None) -> LogRecord | None:
        """Remove the learner's last answer and put its card back as it was, if that answer
        was given in ``session`` (another session's or device's answer is never taken back)."""

        def work(conn: Connection) -> LogRecord | None:
            refuse_while_importing(conn, learner)
            row = conn.execute(
                select(review_log)
                .where(review_log.c.learner_id == learner)
                .order_by(review_log.c.id.desc())
                .limit(1)
            ).first()
            if row is None or row.session != session:
                return None
            record = record_from_row(row)
            conn.execute(delete(review_log).where(review_log.c.id == row.id))
            conn.execute(
                delete(card_state).where(
                    card_state.c.learner_id == learner, card_state.c.card_key == row.card_key
                )
            )
            if record.entry.state_before is not None:
                put_state(conn, learner, record.entry.state_before, exists=False)
            bump_day(conn, learner, record.day, record.family, record.entry, -1)
            return record

        return self.db.write(work, learner)

    def day_answers(self, learner: int, day: int) -> list[tuple[str, str | None, str | None]]:
        """Each answer of study ``day``: (card key, deck, state before: None for a new card)."""
        with self.db.read() as conn:
            rows = conn.execute(
                select(review_log.c.card_key, review_log.c.deck, review_log.c.state_before).where(
                    review_log.c.learner_id == learner, review_log.c.day == day
                )
            ).all()
        out = []
        for key, deck, before in rows:
            state = str(json.loads(before)["state"]) if before else None
            out.append((str(key), deck, state))
        return out

    def card_log(self, learner: int, key: str) -> list[LogRecord]:
        """One card's answers, oldest first."""
        with self.db.read() as conn:
            rows = conn.execute(
                select(review_log)
                .where(review_log.c.learner_id == learner, review_log.c.card_key == key)
                .order_by(review_log.c.id)
            ).all()
        return [record_from_row(r) for r in rows]

    def day_totals(self, learner: int) -> list[DayTotals]:
        with self.db.read() as conn:
            rows = conn.execute(select(review_day).where(review_day.c.learner_id == learner))
            return [
                DayTotals(
                    day=r.day,
                    family=r.family,
                    reviews=r.reviews,
                    correct=r.correct,
                    recall_total=r.recall_total,
                    recall_pass=r.recall_pass,
                    new_cards=r.new_cards,
                )
                for r in rows
            ]

    def log(self, learner: int, batch: int = 5000) -> Iterator[LogRecord]:
        """The learner's answers, oldest first, read in batches."""
        last = 0
        while True:
            with self.db.read() as conn:
                rows = conn.execute(
                    select(review_log)
                    .where(review_log.c.learner_id == learner, review_log.c.id > last)
                    .order_by(review_log.c.id)
                    .limit(batch)
                ).all()
            if not rows:
                return
            for r in rows:
                yield record_from_row(r)
            last = rows[-1].id

    def log_count(self, learner: int) -> int:
        with self.db.read() as conn:
            return int(
                conn.execute(
                    select(func.count())
                    .select_from(review_log)
                    .where(review_log.c.learner_id == learner)
                ).scalar_one()
            )
