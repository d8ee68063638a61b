"""Each learner's card states, and the changes made to them outside an answer."""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import Connection, delete, func, select, update

from statusdex.learn.scheduler import CardState
from statusdex.learn.storage.database import Database
from statusdex.learn.storage.rows import get_state, put_state, state_from_row
from statusdex.learn.storage.schema import card_state, review_log


class CardStates:
    def __init__(self, db: Database) -> None:
        self.db = db

    def all(self, learner: int) -> dict[str, CardState]:
        with self.db.read() as conn:
            rows = conn.execute(select(card_state).where(card_state.c.learner_id == learner))
            return {r.card_key: state_from_row(r) for r in rows}

    def one(self, learner: int, key: str) -> CardState | None:
        with self.db.read() as conn:
            return get_state(conn, learner, key)

    def set(self, learner: int, states: Iterable[CardState]) -> None:
        """Store card states changed outside an answer (suspended, rescheduled with fitted
        parameters), and make each the ``state_after`` of the card's last answer, so that an
        export carries it."""

        def work(conn: Connection) -> None:
            for st in states:
                found = get_state(conn, learner, st.key) is not None
                put_state(conn, learner, st, exists=found)
                last = (
                    select(func.max(review_log.c.id))
                    .where(review_log.c.learner_id == learner, review_log.c.card_key == st.key)
                    .scalar_subquery()
                )
                conn.execute(
                    update(review_log)
                    .where(review_log.c.learner_id == learner, review_log.c.id == last)
                    .values(state_after=json.dumps(st.to_dict()))
                )

        self.db.write(work, learner)

    def forget(self, learner: int, key: str) -> int:
        """Remove one card's state and its answers (reset progress); the day totals keep
        what was done. Returns the number of answers removed."""

        def work(conn: Connection) -> int:
            conn.execute(
                delete(card_state).where(
                    card_state.c.learner_id == learner, card_state.c.card_key == key
                )
            )
            done = conn.execute(
                delete(review_log).where(
                    review_log.c.learner_id == learner, review_log.c.card_key == key
                )
            )
            return int(done.rowcount or 0)

        return self.db.write(work, learner)
