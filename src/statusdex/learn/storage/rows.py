"""Records to rows and back, inside a transaction the caller opened. Every statement here
filters or writes by learner id."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update

from statusdex.learn.log import LogEntry
from statusdex.learn.scheduler import CardState
from statusdex.learn.storage.schema import card_state, dt, ms, review_day


@dataclass(frozen=True, slots=True)
class LogRecord:
    """A log entry as stored: the entry plus the day and family it was counted under."""

    entry: LogEntry
    day: int
    family: str


# Card states ----------------------------------------------------------------------------------


def state_from_row(r: Any) -> CardState:
    return CardState(
        key=r.card_key,
        state=r.state,
        due=dt(r.due),
        step=r.step,
        stability=r.stability,
        difficulty=r.difficulty,
        last_review=dt(r.last_review) if r.last_review is not None else None,
        reps=r.reps,
        lapses=r.lapses,
        suspended=bool(r.suspended),
    )


# The statements of an answer, built once: building one costs more than running it on SQLite.
_BY_CARD = (
    card_state.c.learner_id == bindparam("lid"),
    card_state.c.card_key == bindparam("key"),
)
_STATE_OF = select(card_state).where(*_BY_CARD)
_UPDATE_STATE = update(card_state).where(*_BY_CARD)  # SET: the columns given with it
_INSERT_STATE = insert(card_state)


def get_state(conn: Connection, learner: int, key: str) -> CardState | None:
    row = conn.execute(_STATE_OF, {"lid": learner, "key": key}).first()
    return state_from_row(row) if row is not None else None


def put_state(conn: Connection, learner: int, st: CardState, *, exists: bool) -> None:
    values = {
        "state": st.state,
        "due": ms(st.due),
        "step": st.step,
        "stability": st.stability,
        "difficulty": st.difficulty,
        "last_review": ms(st.last_review) if st.last_review else None,
        "reps": st.reps,
        "lapses": st.lapses,
        "suspended": st.suspended,
    }
    if exists:
        conn.execute(_UPDATE_STATE, {"lid": learner, "key": st.key, **values})
    else:
        conn.execute(_INSERT_STATE, {"learner_id": learner, "card_key": st.key, **values})


def state_json(st: CardState | None) -> str | None:
    """``json.dumps(st.to_dict())``, without ``dataclasses.asdict``'s deep copies (an import
    stores one per answer)."""
    if st is None:
        return None
    data = {}
    for name in st.__dataclass_fields__:
        value = getattr(st, name)
        data[name] = value.isoformat() if isinstance(value, datetime) else value
    return json.dumps(data)


# Log rows -------------------------------------------------------------------------------------


def log_row(
    learner: int, entry: LogEntry, before: CardState | None, day: int, family: str
) -> dict[str, Any]:
    return {
        "learner_id": learner,
        "card_key": entry.card,
        "reviewed_at": ms(entry.reviewed_at),
        "day": day,
        "family": family,
        "rating": entry.rating,
        "correct": entry.correct,
        "mode": entry.mode,
        "answer": entry.answer,
        "duration_ms": entry.duration_ms,
        "state_before": json.dumps(before.to_dict()) if before is not None else None,
        "deck": entry.deck,
        "session": entry.session,
        "state_after": (
            json.dumps(entry.state_after.to_dict()) if entry.state_after is not None else None
        ),
    }


def record_from_row(r: Any) -> LogRecord:
    before = CardState.from_dict(json.loads(r.state_before)) if r.state_before else None
    entry = LogEntry(
        card=r.card_key,
        reviewed_at=dt(r.reviewed_at),
        rating=r.rating,
        correct=r.correct,
        mode=r.mode,
        answer=r.answer,
        duration_ms=r.duration_ms,
        state_before=before,
        id=r.id,
        deck=r.deck,
        session=r.session,
        state_after=CardState.from_dict(json.loads(r.state_after)) if r.state_after else None,
    )
    return LogRecord(entry, r.day, r.family)


def with_id(entry: LogEntry, log_id: int, before: CardState | None) -> LogEntry:
    return replace(entry, id=log_id, state_before=before)


# Day totals -----------------------------------------------------------------------------------


def day_counts(rating: int, state_before: CardState | None) -> tuple[int, int, int, int, int]:
    """(reviews, correct, recall_total, recall_pass, new_cards) of one answer."""
    passed = int(rating > 1)
    recall = int(state_before is not None and state_before.state == "review")
    return 1, passed, recall, recall * passed, int(state_before is None)


def bump_day(
    conn: Connection, learner: int, day: int, family: str, entry: LogEntry, sign: int
) -> None:
    """Count one answer in (``sign`` +1) or out of (-1) its day's totals."""
    counts = day_counts(entry.rating, entry.state_before)
    add_day(conn, learner, day, family, [sign * n for n in counts])


_DAY_COLUMNS = ("reviews", "correct", "recall_total", "recall_pass", "new_cards")


_BUMP_DAY = (
    update(review_day)
    .where(
        review_day.c.learner_id == bindparam("lid"),
        review_day.c.day == bindparam("d"),
        review_day.c.family == bindparam("fam"),
    )
    .values({c: review_day.c[c] + bindparam("add_" + c) for c in _DAY_COLUMNS})
)
_INSERT_DAY = insert(review_day)


def add_day(conn: Connection, learner: int, day: int, family: str, counts: list[int]) -> None:
    adds = {"add_" + c: n for c, n in zip(_DAY_COLUMNS, counts, strict=True)}
    done = conn.execute(_BUMP_DAY, {"lid": learner, "d": day, "fam": family, **adds})
    if done.rowcount == 0:
        conn.execute(
            _INSERT_DAY,
            {
                "learner_id": learner,
                "day": day,
                "family": family,
                **dict(zip(_DAY_COLUMNS, counts, strict=True)),
            },
        )
