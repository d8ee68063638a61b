"""A learner's statistics, from per-day totals and card states. Pure: ``now`` is passed in.

Observed retention is the pass rate of answers to cards that were in review (due after at
least a day): it is what FSRS's desired retention aims at, so both are shown side by side.
Predicted recall is never shown as a fact on its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from statusdex.learn.scheduler import (
    REVIEW,
    CardState,
    Settings,
    day_start,
    study_day,
    utc,
)

FORECAST_DAYS = 30
HISTORY_DAYS = 365
RETENTION_WEEKS = 26  # observed retention week by week, for the last half year
MATURE_DAYS = 21  # a card whose stability passed three weeks, as Anki counts "mature"


@dataclass(frozen=True, slots=True)
class DayTotals:
    """One study day's answers for one family (what storage keeps per day)."""

    day: int
    family: str
    reviews: int = 0  # every answer
    correct: int = 0  # answers not rated Again
    recall_total: int = 0  # answers to cards in review
    recall_pass: int = 0  # … not rated Again
    new_cards: int = 0


@dataclass(frozen=True, slots=True)
class Ratio:
    hits: int
    total: int

    @property
    def value(self) -> float | None:
        return self.hits / self.total if self.total else None

    def to_dict(self) -> dict[str, Any]:
        return {"hits": self.hits, "total": self.total, "value": self.value}


@dataclass(frozen=True, slots=True)
class Leech:
    key: str
    lapses: int
    suspended: bool


@dataclass(frozen=True, slots=True)
class Stats:
    """Everything the stats screens draw."""

    today: int  # study day number (days since 1970-01-01)
    target_retention: float
    retention: Ratio  # observed, all time
    retention_30d: Ratio
    reviews_today: int
    new_today: int
    reviews_per_day: tuple[tuple[int, int], ...]  # (day, answers), last HISTORY_DAYS, no gaps
    forecast: tuple[int, ...]  # cards due on each of the next FORECAST_DAYS days; [0] = today
    accuracy_by_family: Mapping[str, Ratio]
    cards_seen: int
    cards_mature: int
    leeches: tuple[Leech, ...] = field(default=())
    # (first study day of the week, observed retention that week), oldest first, no gaps
    retention_by_week: tuple[tuple[int, Ratio], ...] = field(default=())

    @property
    def total_reviews(self) -> int:
        return sum(n for _, n in self.reviews_per_day)

    def to_dict(self) -> dict[str, Any]:
        return {
            "today": self.today,
            "target_retention": self.target_retention,
            "retention": self.retention.to_dict(),
            "retention_30d": self.retention_30d.to_dict(),
            "reviews_today": self.reviews_today,
            "new_today": self.new_today,
            "reviews_per_day": [{"day": d, "reviews": n} for d, n in self.reviews_per_day],
            "forecast": list(self.forecast),
            "accuracy_by_family": {f: r.to_dict() for f, r in self.accuracy_by_family.items()},
            "cards_seen": self.cards_seen,
            "cards_mature": self.cards_mature,
            "leeches": [
                {"key": x.key, "lapses": x.lapses, "suspended": x.suspended} for x in self.leeches
            ],
            "retention_by_week": [{"day": d, **r.to_dict()} for d, r in self.retention_by_week],
        }


def compute(
    days: Iterable[DayTotals],
    states: Iterable[CardState],
    now: datetime,
    settings: Settings,
) -> Stats:
    """Statistics from per-day totals (any order) and the learner's card states."""
    now = utc(now)
    today = study_day(now, settings)
    per_day: dict[int, int] = {}
    fam_hits: dict[str, list[int]] = {}
    rt = [0, 0]
    rt30 = [0, 0]
    reviews_today = new_today = 0
    first_week = today - 7 * RETENTION_WEEKS + 1
    weekly = [[0, 0] for _ in range(RETENTION_WEEKS)]
    for d in days:
        if d.day >= first_week and d.day <= today:
            weekly[(d.day - first_week) // 7][0] += d.recall_pass
            weekly[(d.day - first_week) // 7][1] += d.recall_total
        per_day[d.day] = per_day.get(d.day, 0) + d.reviews
        acc = fam_hits.setdefault(d.family, [0, 0])
        acc[0] += d.correct
        acc[1] += d.reviews
        rt[0] += d.recall_pass
        rt[1] += d.recall_total
        if d.day > today - 30:
            rt30[0] += d.recall_pass
            rt30[1] += d.recall_total
        if d.day == today:
            reviews_today += d.reviews
            new_today += d.new_cards
    forecast = [0] * FORECAST_DAYS
    starts = [day_start(today + i + 1, settings) for i in range(FORECAST_DAYS)]
    seen = mature = 0
    leeches = []
    for st in states:
        seen += 1
        if st.state == REVIEW and (st.stability or 0) >= MATURE_DAYS:
            mature += 1
        if st.is_leech(settings):
            leeches.append(Leech(st.key, st.lapses, st.suspended))
        if st.suspended:
            continue
        for i, end in enumerate(starts):
            if st.due < end:
                forecast[i] += 1
                break
    history = tuple(
        (day, per_day.get(day, 0)) for day in range(today - HISTORY_DAYS + 1, today + 1)
    )
    return Stats(
        today=today,
        target_retention=settings.desired_retention,
        retention=Ratio(*rt),
        retention_30d=Ratio(*rt30),
        reviews_today=reviews_today,
        new_today=new_today,
        reviews_per_day=history,
        forecast=tuple(forecast),
        accuracy_by_family={f: Ratio(*v) for f, v in sorted(fam_hits.items())},
        cards_seen=seen,
        cards_mature=mature,
        leeches=tuple(sorted(leeches, key=lambda x: (-x.lapses, x.key))),
        retention_by_week=tuple(
            (first_week + 7 * i, Ratio(hits, total)) for i, (hits, total) in enumerate(weekly)
        ),
    )
