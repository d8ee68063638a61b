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
from datetime import UTC, datetime, timedelta
from typing import Any

from statusdex.learn.errors import LogFormatError
from statusdex.learn.pacing import no_pause
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
# What an imported row may hold: exactly what an answer played now could have recorded.
MAX_ANSWER = 200  # characters of a typed answer (``service.MAX_ANSWER``)
MAX_DURATION_MS = 86_400_000  # a day, exclusive
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
CLOCK_SKEW = timedelta(minutes=5)  # a row may be this far in the future (another clock)
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


def loads(
    text: str,
    fmt: str | None = None,
    now: datetime | None = None,
    pace: Callable[[], None] = no_pause,
) -> list[LogEntry]:
    """Entries from an exported log; ``LogFormatError`` names the first bad row.

    A row must be something an answer could have recorded at ``now`` (default: the current
    time): a rating 1-4, a duration of 0 to a day, a typed answer of at most ``MAX_ANSWER``
    characters, a time between 1970 and ``now`` (give or take ``CLOCK_SKEW``), text without
    NUL characters or lone surrogates. ``pace`` is called once per row.
    """
    latest = (utc(now) if now is not None else datetime.now(UTC)) + CLOCK_SKEW
    fmt = fmt or sniff(text)
    if fmt == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise LogFormatError(f"not valid JSON: {e.msg} at line {e.lineno}") from None
        except RecursionError:
            raise LogFormatError("not valid JSON: nested too deeply") from None
        rows = data.get("reviews") if isinstance(data, dict) else data
        if not isinstance(rows, list):
            raise LogFormatError("JSON log must hold a 'reviews' list")
        out = []
        for i, r in enumerate(rows):
            out.append(_entry(r, i + 1, latest, strict=True))
            pace()
        return out
    if fmt == "csv":
        return _csv_entries(text, latest, pace)
    raise LogFormatError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def _csv_entries(text: str, latest: datetime, pace: Callable[[], None]) -> list[LogEntry]:
    if "\0" in text:
        raise LogFormatError("the CSV log holds a NUL character")
    # csv refuses a field over its limit (131,072 characters) with csv.Error; shorter ones
    # are checked field by field below.
    reader = csv.DictReader(io.StringIO(text))
    try:
        fieldnames = reader.fieldnames or ()
    except csv.Error as e:
        raise LogFormatError(f"line 1: {e}") from None
    missing = [f for f in ("card", "reviewed_at", "rating") if f not in fieldnames]
    if missing:
        raise LogFormatError(f"CSV log lacks the column(s) {', '.join(missing)}")
    out = []
    try:
        for i, r in enumerate(reader):
            out.append(_entry(r, i + 2, latest, strict=False))
            pace()
    except csv.Error as e:
        raise LogFormatError(f"line {reader.line_num}: {e}") from None
    return out


def clean_text(value: str) -> bool:
    """Text a database can store: no NUL, no lone surrogate."""
    if "\0" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _whole(value: object, strict: bool) -> int | None:
    """A whole number: a JSON integer (``strict``, never ``true``) or CSV's ASCII digits."""
    if strict:
        return value if isinstance(value, int) and not isinstance(value, bool) else None
    if isinstance(value, str) and value.isascii() and value.strip().isdigit():
        return int(value.strip())
    return None


def _entry(row: Any, where: int, latest: datetime, *, strict: bool) -> LogEntry:
    if not isinstance(row, dict):
        raise LogFormatError(f"row {where}: expected an object")

    def bad(field: str) -> LogFormatError:
        shown = repr(row.get(field))
        if len(shown) > 60:
            shown = shown[:57] + "..."
        return LogFormatError(f"row {where}: bad {field} {shown}")

    card = row.get("card")
    if not isinstance(card, str) or ":" not in card or len(card) > 80 or not clean_text(card):
        raise bad("card")
    when = row.get("reviewed_at")
    if not isinstance(when, str) or len(when) > 40:
        raise bad("reviewed_at")
    try:
        reviewed_at = utc(datetime.fromisoformat(when))
    except (ValueError, OverflowError):
        raise bad("reviewed_at") from None
    if not EARLIEST <= reviewed_at <= latest:
        raise bad("reviewed_at")
    rating = _whole(row.get("rating"), strict)
    if rating not in RATINGS:
        raise bad("rating")
    correct = row.get("correct")
    if isinstance(correct, str) and not strict:
        correct = {"true": True, "false": False, "": None}.get(correct.strip().lower(), "?")
    if not (correct is None or isinstance(correct, bool)):
        raise bad("correct")
    mode = row.get("mode") or "flip"
    if mode not in MODES:
        raise bad("mode")
    duration = row.get("duration_ms")
    duration_ms = None
    if duration not in (None, ""):
        duration_ms = _whole(duration, strict)
        if duration_ms is None or not 0 <= duration_ms < MAX_DURATION_MS:
            raise bad("duration_ms")
    answer = row.get("answer")
    if answer in (None, ""):
        answer = None
    elif not isinstance(answer, str) or len(answer) > MAX_ANSWER or not clean_text(answer):
        raise bad("answer")
    deck = row.get("deck") or None
    if deck is not None and (not isinstance(deck, str) or len(deck) > 16):
        raise bad("deck")
    return LogEntry(
        card=card,
        reviewed_at=reviewed_at,
        rating=rating,
        correct=correct,
        mode=mode,
        answer=answer,
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
