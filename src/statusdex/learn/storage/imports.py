"""Importing a review log in batches.

An import may hold hundreds of thousands of answers. Written in one transaction it would
hold SQLite's write lock (every learner's) for seconds, so it is written in batches, each its
own short transaction: other learners' answers go in between. While it runs, a mark in
``meta`` (``import:<learner>``, refreshed by every batch) refuses the learner's own answers
and undos (``ImportRunningError``), so the card states rebuilt at the end miss nothing.
Batches only add answers: a crash half-way loses nothing acknowledged, and importing the same
file again adds the rest (answers already present are not doubled).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterable

from sqlalchemy import Connection, bindparam, delete, insert, select, update

from statusdex.learn.errors import ImportRunningError
from statusdex.learn.log import LogEntry
from statusdex.learn.scheduler import CardState
from statusdex.learn.storage.database import Database
from statusdex.learn.storage.rows import add_day, log_row, put_state, state_json
from statusdex.learn.storage.schema import card_state, meta, review_day, review_log

IMPORT_STALE_MS = 120_000  # an import mark not refreshed for this long is a crashed import's

_IMPORT_MARK = select(meta.c.value).where(meta.c.name == bindparam("name"))


def _wall_ms() -> int:
    return int(time.time() * 1000)


def _import_name(learner: int) -> str:
    return f"import:{learner}"


def _import_running(conn: Connection, learner: int) -> bool:
    found = conn.execute(_IMPORT_MARK, {"name": _import_name(learner)}).scalar()
    if found is None:
        return False
    stamp = str(found).partition(":")[0]
    return stamp.isdigit() and _wall_ms() - int(stamp) < IMPORT_STALE_MS


def _check_mark(conn: Connection, learner: int, mark: str) -> None:
    found = conn.execute(_IMPORT_MARK, {"name": _import_name(learner)}).scalar()
    if found is None or str(found).partition(":")[2] != mark.partition(":")[2]:
        raise ImportRunningError("the import was interrupted; import the file again")


def refuse_while_importing(conn: Connection, learner: int) -> None:
    """``ImportRunningError`` while an import of ``learner``'s log is running."""
    if _import_running(conn, learner):
        raise ImportRunningError(
            "an import of your review log is running; nothing was recorded, try again when "
            "it is done"
        )


class Imports:
    def __init__(self, db: Database) -> None:
        self.db = db

    def begin(self, learner: int) -> str:
        """Mark ``learner`` as importing; returns the mark. ``ImportRunningError`` if another
        import of the learner is running."""
        mark = f"{_wall_ms()}:{secrets.token_hex(8)}"
        name = _import_name(learner)

        def work(conn: Connection) -> None:
            if _import_running(conn, learner):
                raise ImportRunningError(
                    "an import of your review log is already running; try again when it is done"
                )
            conn.execute(delete(meta).where(meta.c.name == name))
            conn.execute(insert(meta).values(name=name, value=mark))

        self.db.write(work, learner)
        return mark

    def batch(
        self,
        learner: int,
        mark: str,
        records: list[tuple[LogEntry, CardState | None, int, str]],
    ) -> str:
        """Add one batch of imported answers (their day totals come with ``finish``);
        returns the refreshed mark."""
        fresh = f"{_wall_ms()}:{mark.partition(':')[2]}"
        # The rows are built before the transaction: the lock is held for the writing only.
        rows = [
            {**log_row(learner, e, None, day, family), "state_before": state_json(before)}
            for e, before, day, family in records
        ]

        def work(conn: Connection) -> None:
            _check_mark(conn, learner, mark)
            conn.execute(
                update(meta).where(meta.c.name == _import_name(learner)).values(value=fresh)
            )
            if rows:
                conn.execute(insert(review_log), rows)

        self.db.write(work, learner)
        return fresh

    def finish(
        self,
        learner: int,
        mark: str,
        states: Iterable[CardState],
        totals: dict[tuple[int, str], list[int]],
    ) -> None:
        """Replace the learner's card states and day totals with those rebuilt from the whole
        log, and lift the mark (one short transaction)."""

        def work(conn: Connection) -> None:
            _check_mark(conn, learner, mark)
            for table in (review_day, card_state):
                conn.execute(delete(table).where(table.c.learner_id == learner))
            for st in states:
                put_state(conn, learner, st, exists=False)
            for (day, family), acc in totals.items():
                add_day(conn, learner, day, family, acc)
            conn.execute(delete(meta).where(meta.c.name == _import_name(learner)))

        self.db.write(work, learner)

    def end(self, learner: int, mark: str) -> None:
        """Lift the mark of an import that failed (if it is still this one's)."""
        name = _import_name(learner)
        current = mark.partition(":")[2]

        def work(conn: Connection) -> None:
            found = conn.execute(select(meta.c.value).where(meta.c.name == name)).scalar()
            if found is not None and str(found).partition(":")[2] == current:
                conn.execute(delete(meta).where(meta.c.name == name))

        self.db.write(work, learner)
