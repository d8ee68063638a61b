"""Merging an exported review log into a learner's, in steps: parse and check the rows, keep
those not logged yet, rebuild every card and day total from the merged log, write the new
answers in batches. ``LearnService.import_log`` runs it and says what an import promises."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from statusdex.learn import cards as _cards
from statusdex.learn import log as _log
from statusdex.learn import scheduler
from statusdex.learn.errors import LogFormatError, UnknownCardError
from statusdex.learn.log import LogEntry
from statusdex.learn.scheduler import CardState, Settings
from statusdex.learn.storage import LogRecord, Storage, day_counts

IMPORT_BATCH = 1000  # answers per transaction of an import


def import_log(
    storage: Storage,
    learner: int,
    text: str,
    fmt: str | None,
    *,
    settings: Settings,
    fuzz: bool,
    now: datetime,
    pace: Callable[[], None],
) -> int:
    """Merge ``text`` into ``learner``'s log and rebuild every card from the result (see
    ``LearnService.import_log``); ``settings`` are the learner's. Returns the number of new
    answers."""
    incoming = _parse(text, fmt, now, pace)
    mark = storage.begin_import(learner)
    try:
        existing = []
        for record in storage.log(learner):
            existing.append(record)
            pace()
        added = _not_logged(existing, incoming)
        if not added and sum(d.reviews for d in storage.day_totals(learner)) == len(existing):
            return 0
        # (With nothing new, an import that stopped half-way wrote answers but never rebuilt
        # the cards: rebuild them now.)
        rebuilt = _Rebuilt(settings, fuzz)
        batch: list[tuple[LogEntry, CardState | None, int, str]] = []
        for e, stored_day, stored_family in _merged(existing, added):
            row = rebuilt.add(e, stored_day, stored_family)
            if row is not None:
                batch.append(row)
                if len(batch) >= IMPORT_BATCH:
                    mark = storage.import_batch(learner, mark, batch)
                    batch = []
            pace()
        mark = storage.import_batch(learner, mark, batch)
        storage.finish_import(learner, mark, rebuilt.states.values(), rebuilt.totals)
        mark = ""
        return len(added)
    finally:
        if mark:
            storage.end_import(learner, mark)


def _parse(text: str, fmt: str | None, now: datetime, pace: Callable[[], None]) -> list[LogEntry]:
    """The rows of ``text``, each checked as an answer at ``now`` and naming a card."""
    incoming = _log.loads(text, fmt, now, pace)
    for i, e in enumerate(incoming):
        try:
            _cards.card(e.card)
        except UnknownCardError:
            raise LogFormatError(f"row {i + 1}: no card {e.card!r}") from None
    return incoming


def _identity(e: LogEntry) -> tuple[str, int, int]:
    return e.card, int(e.reviewed_at.timestamp() * 1000), e.rating


def _not_logged(existing: list[LogRecord], incoming: list[LogEntry]) -> list[LogEntry]:
    """The incoming answers not in the log yet (same card, time and rating), each once."""
    seen = {_identity(r.entry) for r in existing}
    added: list[LogEntry] = []
    for e in incoming:
        if _identity(e) not in seen:
            seen.add(_identity(e))
            added.append(e)
    return added


def _merged(
    existing: list[LogRecord], added: list[LogEntry]
) -> list[tuple[LogEntry, int | None, str | None]]:
    """Every answer, oldest first, with the day and family it is stored under (None for a new
    one)."""
    return sorted(
        [(r.entry, r.day, r.family) for r in existing] + [(e, None, None) for e in added],
        key=lambda item: item[0].reviewed_at,
    )


class _Rebuilt:
    """Card states and day totals rebuilt from the whole log, one answer at a time."""

    def __init__(self, settings: Settings, fuzz: bool) -> None:
        self.settings = settings
        self.fuzz = fuzz
        self.states: dict[str, CardState] = {}
        self.totals: dict[tuple[int, str], list[int]] = {}

    def add(
        self, e: LogEntry, stored_day: int | None, stored_family: str | None
    ) -> tuple[LogEntry, CardState | None, int, str] | None:
        """Count answer ``e`` in; for a new answer, the row to store (entry, state before,
        day, family)."""
        st = self.settings
        before = self.states.get(e.card)
        if e.state_after is not None:
            self.states[e.card] = e.state_after
        else:
            own = st.for_deck(e.deck) if e.deck else st
            self.states[e.card] = scheduler.review(
                e.card, before, e.rating, e.reviewed_at, own, fuzz=self.fuzz
            )
            e = replace(e, state_after=self.states[e.card])
        day = stored_day if stored_day is not None else scheduler.study_day(e.reviewed_at, st)
        family = stored_family or _cards.subject(_cards.card(e.card).subject).family_id
        acc = self.totals.setdefault((day, family), [0, 0, 0, 0, 0])
        for i, n in enumerate(day_counts(e.rating, before)):
            acc[i] += n
        if stored_day is not None:
            return None
        return replace(e, id=None, state_before=None, session=None), before, day, family
