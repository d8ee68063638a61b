"""FSRS parameters fitted to one learner's review log, with Anki's own optimizer.

The fit uses ``fsrs-rs-python``, the Python binding of the Rust ``fsrs`` crate that Anki runs
(a 1.5 MB wheel, no torch). ``docs/benchmarks-learn.md`` records why: py-fsrs's optimizer
needs torch, and this one fits a learner in a fraction of a second.

As in Anki, the new parameters are kept only when they predict the learner's own answers
better than the ones in use (lower log loss on the same reviews); otherwise the old ones stay.
Time between answers is counted in study days, as the scheduler counts it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from statusdex.learn.log import LogEntry
from statusdex.learn.scheduler import Settings, study_day

# Reviews a day or more after the previous answer that a fit needs. Anki's manual warns that
# a few hundred is the least that fits well; below this the defaults are kept.
MIN_REVIEWS = 400


@dataclass(frozen=True, slots=True)
class Evaluation:
    """How well a set of parameters predicts a log: lower is better for both."""

    log_loss: float
    rmse_bins: float

    def to_dict(self) -> dict[str, float]:
        return {"log_loss": round(self.log_loss, 5), "rmse_bins": round(self.rmse_bins, 5)}


@dataclass(frozen=True, slots=True)
class Fit:
    """The outcome of fitting: the parameters to use from now on, and why."""

    parameters: tuple[float, ...] | None  # None: the defaults
    accepted: bool  # new parameters were fitted and are better than the ones in use
    reviews: int  # reviews a day or more after the previous answer, in the log
    before: Evaluation | None  # the parameters in use, on the learner's log
    after: Evaluation | None  # the fitted ones, on the same log
    reason: str  # "fitted", "not better", "too few reviews"

    def to_dict(self) -> dict[str, Any]:
        return {
            "accepted": self.accepted,
            "reason": self.reason,
            "reviews": self.reviews,
            "minimum": MIN_REVIEWS,
            "before": self.before.to_dict() if self.before else None,
            "after": self.after.to_dict() if self.after else None,
            "fitted": self.parameters is not None,
        }


def default_parameters() -> tuple[float, ...]:
    import fsrs

    return tuple(float(w) for w in fsrs.scheduler.DEFAULT_PARAMETERS)


def histories(entries: Iterable[LogEntry]) -> dict[str, list[tuple[datetime, int]]]:
    """Each card's answers in time order: (when, rating)."""
    out: dict[str, list[tuple[datetime, int]]] = {}
    for e in sorted(entries, key=lambda e: e.reviewed_at):
        out.setdefault(e.card, []).append((e.reviewed_at, e.rating))
    return out


@dataclass(frozen=True, slots=True)
class Items:
    """Training items for fsrs-rs: one per answer after a card's first, holding the answers
    so far, each with the study days since the one before (0 for the first)."""

    items: list[Any]
    ends: list[datetime]  # when each item's last answer was given
    gaps: list[int]  # study days before each item's last answer

    @property
    def long_term(self) -> int:
        """Items whose last answer came a day or more after the one before."""
        return sum(1 for g in self.gaps if g > 0)

    def split(self, at: datetime) -> tuple[Items, Items]:
        """Items ending before ``at`` and from ``at`` on (a time-ordered split)."""
        before = [i for i, end in enumerate(self.ends) if end < at]
        after = [i for i, end in enumerate(self.ends) if end >= at]
        return self._pick(before), self._pick(after)

    def _pick(self, index: list[int]) -> Items:
        return Items(
            [self.items[i] for i in index],
            [self.ends[i] for i in index],
            [self.gaps[i] for i in index],
        )


def training_items(cards: dict[str, list[tuple[datetime, int]]], settings: Settings) -> Items:
    import fsrs_rs_python as rs

    out = Items([], [], [])
    for answers in cards.values():
        reviews = []
        previous: int | None = None
        seen_a_day = False  # fsrs-rs wants some answer a day or more after another
        for when, rating in answers:
            day = study_day(when, settings)
            gap = 0 if previous is None else day - previous
            reviews.append(rs.FSRSReview(rating, gap))
            previous = day
            seen_a_day = seen_a_day or gap > 0
            if len(reviews) > 1 and seen_a_day:
                out.items.append(rs.FSRSItem(list(reviews)))
                out.ends.append(when)
                out.gaps.append(gap)
    return out


def evaluate(parameters: Sequence[float], items: Items) -> Evaluation:
    """Log loss and binned RMSE of ``parameters`` on the items' last answers (the ones a day
    or more after the answer before; same-day answers are not scored, as in Anki)."""
    import fsrs_rs_python as rs

    scored = [item for item, gap in zip(items.items, items.gaps, strict=True) if gap > 0]
    found = rs.FSRS(list(parameters)).evaluate(scored)
    return Evaluation(float(found.log_loss), float(found.rmse_bins))


def compute(items: Items) -> tuple[float, ...]:
    """Parameters fitted to ``items`` (Anki's optimizer, its default training settings)."""
    import fsrs_rs_python as rs

    return tuple(float(w) for w in rs.FSRS([]).compute_parameters(list(items.items)))


def fit(entries: Iterable[LogEntry], settings: Settings) -> Fit:
    """Fit parameters to the learner's log; keep ``settings.parameters`` unless beaten."""
    current = settings.parameters
    items = training_items(histories(entries), settings)
    n = items.long_term
    if n < MIN_REVIEWS:
        return Fit(current, False, n, None, None, "too few reviews")
    before = evaluate(current or default_parameters(), items)
    fitted = compute(items)
    after = evaluate(fitted, items)
    try:
        Settings(parameters=fitted)  # fsrs's bounds
    except ValueError:
        return Fit(current, False, n, before, after, "out of bounds")
    if after.log_loss >= before.log_loss:
        return Fit(current, False, n, before, after, "not better")
    return Fit(fitted, True, n, before, after, "fitted")
