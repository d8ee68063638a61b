"""The review log: one record per answer, and its CSV and JSON file formats.

The log is the learner's history. Each row also carries the card's state after the answer
(``state_after``: due date, stability, difficulty, lapses…), so an import puts every card back
exactly as it was, whatever the settings and fitted parameters at the time; a row without it
(a log from before version 2, or written by hand) is replayed through the scheduler.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from statusdex.learn.errors import LogFormatError
from statusdex.learn.scheduler import RATINGS, CardState, utc

FORMATS = ("csv", "json")
MODES = ("typed", "choice", "flip")
FIELDS = (
    "card",
    "reviewed_at",
    "rating",
    "correct",
    "mode",
    "answer",
    "duration_ms",
    "deck",
    "state_after",
)
FORMAT_VERSION = 2
_STATE_FIELDS = ("state", "due", "step", "stability", "difficulty", "reps", "lapses", "suspended")


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One answer. ``state_before`` is kept so that undo restores the card exactly."""

    card: str
    reviewed_at: datetime
    rating: int
    correct: bool | None = None  # None for a flip card (the learner graded themselves)
    mode: str = "flip"
    answer: str | None = None
    duration_ms: int | None = None
    state_before: CardState | None = None
    id: int | None = None
    deck: str | None = None  # the deck studied when answering (daily limits are per deck)
    session: str | None = None  # the study session that answered (undo stays within it)
    state_after: CardState | None = None

    def to_row(self) -> dict[str, Any]:
        """The portable part, as written to CSV and JSON."""
        after = None
        if self.state_after is not None:
            full = self.state_after.to_dict()
            after = {k: full[k] for k in _STATE_FIELDS}
        return {
            "card": self.card,
            "reviewed_at": utc(self.reviewed_at).isoformat(),
            "rating": self.rating,
            "correct": self.correct,
            "mode": self.mode,
            "answer": self.answer,
            "duration_ms": self.duration_ms,
            "deck": self.deck,
            "state_after": after,
        }


def dumps(entries: Iterable[LogEntry], fmt: str) -> str:
    """The log as CSV (a header line, then one row per answer) or as JSON."""
    if fmt == "json":
        rows = [e.to_row() for e in entries]
        return json.dumps(
            {"format": "statusdex-review-log", "version": FORMAT_VERSION, "reviews": rows},
            ensure_ascii=False,
            indent=1,
        )
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        for e in entries:
            row = e.to_row()
            row["correct"] = "" if e.correct is None else str(e.correct).lower()
            if row["state_after"] is not None:
                row["state_after"] = json.dumps(row["state_after"], separators=(",", ":"))
            writer.writerow({k: "" if v is None else v for k, v in row.items()})
        return out.getvalue()
    raise LogFormatError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def sniff(text: str) -> str:
    """``"json"`` or ``"csv"``, from the content."""
    return "json" if text.lstrip().startswith(("{", "[")) else "csv"


def loads(text: str, fmt: str | None = None) -> list[LogEntry]:
    """Entries from an exported log; ``LogFormatError`` names the first bad row."""
    fmt = fmt or sniff(text)
    if fmt == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise LogFormatError(f"not valid JSON: {e.msg} at line {e.lineno}") from None
        rows = data.get("reviews") if isinstance(data, dict) else data
        if not isinstance(rows, list):
            raise LogFormatError("JSON log must hold a 'reviews' list")
        return [_entry(r, i + 1) for i, r in enumerate(rows)]
    if fmt == "csv":
        reader = csv.DictReader(io.StringIO(text))
        missing = [
            f for f in ("card", "reviewed_at", "rating") if f not in (reader.fieldnames or ())
        ]
        if missing:
            raise LogFormatError(f"CSV log lacks the column(s) {', '.join(missing)}")
        return [_entry(r, i + 2) for i, r in enumerate(reader)]
    raise LogFormatError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def _entry(row: Any, where: int) -> LogEntry:
    if not isinstance(row, dict):
        raise LogFormatError(f"row {where}: expected an object")

    def bad(field: str) -> LogFormatError:
        return LogFormatError(f"row {where}: bad {field} {row.get(field)!r}")

    card = row.get("card")
    if not isinstance(card, str) or ":" not in card:
        raise bad("card")
    try:
        reviewed_at = utc(datetime.fromisoformat(str(row.get("reviewed_at"))))
    except ValueError:
        raise bad("reviewed_at") from None
    try:
        rating = int(row.get("rating"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise bad("rating") from None
    if rating not in RATINGS:
        raise bad("rating")
    correct = row.get("correct")
    if isinstance(correct, str):
        correct = {"true": True, "false": False, "": None}.get(correct.strip().lower(), "?")
    if correct not in (True, False, None):
        raise bad("correct")
    mode = row.get("mode") or "flip"
    if mode not in MODES:
        raise bad("mode")
    duration = row.get("duration_ms")
    try:
        duration_ms = int(duration) if duration not in (None, "") else None
    except (TypeError, ValueError):
        raise bad("duration_ms") from None
    answer = row.get("answer")
    deck = row.get("deck") or None
    if deck is not None and (not isinstance(deck, str) or len(deck) > 16):
        raise bad("deck")
    return LogEntry(
        card=card,
        reviewed_at=reviewed_at,
        rating=rating,
        correct=correct,
        mode=mode,
        answer=str(answer) if answer not in (None, "") else None,
        duration_ms=duration_ms,
        deck=deck,
        state_after=_state_after(row.get("state_after"), card, reviewed_at, bad),
    )


def _state_after(
    value: Any, card: str, reviewed_at: datetime, bad: Callable[[str], LogFormatError]
) -> CardState | None:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            raise bad("state_after") from None
    if not isinstance(value, dict) or set(value) - set(_STATE_FIELDS):
        raise bad("state_after")
    try:
        state = CardState.from_dict({**value, "key": card, "last_review": reviewed_at.isoformat()})
        valid = (
            state.state in ("learning", "review", "relearning")
            and isinstance(state.reps, int)
            and isinstance(state.lapses, int)
            and 0 <= state.lapses <= state.reps
            and isinstance(state.suspended, bool)
            and (state.stability is None or 0 < float(state.stability) <= 1e6)
            and (state.difficulty is None or 0 < float(state.difficulty) <= 10)
            and (state.step is None or 0 <= int(state.step) <= 100)
        )
    except (TypeError, ValueError, KeyError):
        raise bad("state_after") from None
    if not valid:
        raise bad("state_after")
    return state
