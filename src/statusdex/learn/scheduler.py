"""When each card comes back, and which card to show next. Pure: time is always passed in.

Memory is modelled by FSRS-6 (the ``fsrs`` package). What FSRS does not keep, we do: the
number of answers (``reps``), of lapses (a card in review forgotten), leeches (8 lapses by
default), daily limits for new cards and reviews, and sibling burying (once one card of a code
is answered, its other directions wait for the next day).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

import fsrs

from statusdex.learn.cards import Card
from statusdex.learn.errors import SettingsError

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
RATINGS = (AGAIN, HARD, GOOD, EASY)
NEW, LEARNING, REVIEW, RELEARNING = "new", "learning", "review", "relearning"
_FSRS_STATE = {LEARNING: fsrs.State.Learning, REVIEW: fsrs.State.Review}
_FSRS_STATE[RELEARNING] = fsrs.State.Relearning
_OUR_STATE = {v: k for k, v in _FSRS_STATE.items()}
LEARN_AHEAD = timedelta(minutes=20)  # learning cards due this soon are shown when nothing else is


@dataclass(frozen=True, slots=True)
class Settings:
    """A learner's study settings. Every limit lives here."""

    desired_retention: float = 0.9
    learning_steps: tuple[int, ...] = (60, 600)  # seconds
    relearning_steps: tuple[int, ...] = (600,)
    new_per_day: int = 10
    reviews_per_day: int = 200
    leech_lapses: int = 8
    suspend_leeches: bool = False
    bury_siblings: bool = True
    timezone: str = "UTC"
    day_starts_at: int = 4  # hour of the local day when "today" begins, as in Anki
    maximum_interval: int = 36500  # days
    deck: str = "starter"
    lang: str = ""  # "" follows the environment (LANG), else English

    def __post_init__(self) -> None:
        checks = [
            (0.7 <= self.desired_retention <= 0.99, "desired retention must be 0.70-0.99"),
            (0 <= self.new_per_day <= 9999, "new cards per day must be 0-9999"),
            (0 <= self.reviews_per_day <= 99999, "reviews per day must be 0-99999"),
            (1 <= self.leech_lapses <= 99, "leech threshold must be 1-99 lapses"),
            (0 <= self.day_starts_at <= 23, "the day starts at an hour 0-23"),
            (1 <= self.maximum_interval <= 36500, "maximum interval must be 1-36500 days"),
            (all(0 < s <= 86400 for s in self.learning_steps), "steps are 1 s to 1 day"),
            (all(0 < s <= 86400 for s in self.relearning_steps), "steps are 1 s to 1 day"),
        ]
        for ok, message in checks:
            if not ok:
                raise SettingsError(message)
        try:
            ZoneInfo(self.timezone)
        except (ValueError, KeyError, OSError):
            raise SettingsError(f"unknown time zone {self.timezone!r}") from None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["learning_steps"] = list(self.learning_steps)
        data["relearning_steps"] = list(self.relearning_steps)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Settings:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        for name in ("learning_steps", "relearning_steps"):
            if name in known:
                known[name] = tuple(int(s) for s in known[name])
        return cls(**known)

    def with_changes(self, **changes: Any) -> Settings:
        return Settings.from_dict({**self.to_dict(), **changes})


@dataclass(frozen=True, slots=True)
class CardState:
    """Where one card stands for one learner. A card never answered has no state."""

    key: str
    state: str  # learning | review | relearning
    due: datetime
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0
    suspended: bool = False

    def is_leech(self, settings: Settings) -> bool:
        return self.lapses >= settings.leech_lapses

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["due"] = self.due.isoformat()
        data["last_review"] = self.last_review.isoformat() if self.last_review else None
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CardState:
        values = dict(data)
        values["due"] = utc(datetime.fromisoformat(values["due"]))
        if values.get("last_review"):
            values["last_review"] = utc(datetime.fromisoformat(values["last_review"]))
        return cls(**{k: v for k, v in values.items() if k in cls.__dataclass_fields__})


def utc(moment: datetime) -> datetime:
    """``moment`` in ``datetime.UTC`` (fsrs accepts no other tzinfo); naive means UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


@cache
def _scheduler(
    retention: float,
    learning: tuple[int, ...],
    relearning: tuple[int, ...],
    maximum: int,
    fuzz: bool,
) -> fsrs.Scheduler:
    return fsrs.Scheduler(
        desired_retention=retention,
        learning_steps=tuple(timedelta(seconds=s) for s in learning),
        relearning_steps=tuple(timedelta(seconds=s) for s in relearning),
        maximum_interval=maximum,
        enable_fuzzing=fuzz,
    )


def scheduler_for(settings: Settings, fuzz: bool = False) -> fsrs.Scheduler:
    return _scheduler(
        settings.desired_retention,
        settings.learning_steps,
        settings.relearning_steps,
        settings.maximum_interval,
        fuzz,
    )


def _to_fsrs(state: CardState | None) -> fsrs.Card:
    if state is None:
        return fsrs.Card(card_id=1)  # an explicit id: fsrs sleeps 1 ms to invent one
    return fsrs.Card(
        card_id=1,
        state=_FSRS_STATE[state.state],
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=state.due,
        last_review=state.last_review,
    )


def review(
    key: str,
    state: CardState | None,
    rating: int,
    now: datetime,
    settings: Settings,
    *,
    fuzz: bool = False,
) -> CardState:
    """The card's state after an answer rated ``rating`` (1 Again … 4 Easy) at ``now``."""
    if rating not in RATINGS:
        raise ValueError(f"rating must be 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy), not {rating}")
    now = utc(now)
    after, _log = scheduler_for(settings, fuzz).review_card(
        _to_fsrs(state), fsrs.Rating(rating), now
    )
    lapsed = state is not None and state.state == REVIEW and rating == AGAIN
    lapses = (state.lapses if state else 0) + (1 if lapsed else 0)
    suspended = state.suspended if state else False
    if lapsed and settings.suspend_leeches and lapses >= settings.leech_lapses:
        suspended = True
    return CardState(
        key=key,
        state=_OUR_STATE[after.state],
        due=utc(after.due),
        step=after.step,
        stability=after.stability,
        difficulty=after.difficulty,
        last_review=utc(after.last_review) if after.last_review else now,
        reps=(state.reps if state else 0) + 1,
        lapses=lapses,
        suspended=suspended,
    )


def retrievability(state: CardState | None, now: datetime, settings: Settings) -> float:
    """FSRS's predicted chance of recall now (0 for a card never answered)."""
    if state is None:
        return 0.0
    return float(scheduler_for(settings).get_card_retrievability(_to_fsrs(state), utc(now)))


def study_day(now: datetime, settings: Settings) -> int:
    """The learner's study day (days since 1970-01-01), which starts at ``day_starts_at``."""
    local = utc(now).astimezone(ZoneInfo(settings.timezone))
    shifted = local - timedelta(hours=settings.day_starts_at)
    return shifted.date().toordinal() - _EPOCH_ORDINAL


_EPOCH_ORDINAL = datetime(1970, 1, 1).toordinal()


def day_start(day: int, settings: Settings) -> datetime:
    """When study day ``day`` begins, in UTC."""
    zone = ZoneInfo(settings.timezone)
    local = datetime.fromordinal(day + _EPOCH_ORDINAL).replace(
        hour=settings.day_starts_at, tzinfo=zone
    )
    return local.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Today:
    """What the learner has already done today, from the review log."""

    new_cards: int = 0  # cards seen for the first time today
    reviews: int = 0  # answers to cards that were in review
    answered: Mapping[str, frozenset[str]] = field(default_factory=dict)  # subject → card keys


@dataclass(frozen=True, slots=True)
class DueCounts:
    """Cards waiting now, within today's limits."""

    new: int
    learning: int
    review: int

    @property
    def total(self) -> int:
        return self.new + self.learning + self.review


def _buried(c: Card, today: Today, settings: Settings) -> bool:
    if not settings.bury_siblings:
        return False
    done = today.answered.get(c.subject)
    return done is not None and bool(done) and c.key not in done


def queues(
    cards: Sequence[Card],
    states: Mapping[str, CardState],
    today: Today,
    now: datetime,
    settings: Settings,
) -> tuple[list[Card], list[Card], list[Card], list[Card]]:
    """Cards waiting now: learning due, reviews due today, new, and learning due soon."""
    now = utc(now)
    tomorrow = day_start(study_day(now, settings) + 1, settings)
    learning: list[tuple[datetime, Card]] = []
    soon: list[tuple[datetime, Card]] = []
    reviews: list[tuple[datetime, Card]] = []
    new: list[Card] = []
    for c in cards:
        st = states.get(c.key)
        if st is not None and st.suspended:
            continue
        if _buried(c, today, settings):
            continue
        if st is None:
            new.append(c)
        elif st.state == REVIEW:
            if st.due < tomorrow:
                reviews.append((st.due, c))
        elif st.due <= now:
            learning.append((st.due, c))
        elif st.due <= now + LEARN_AHEAD:
            soon.append((st.due, c))
    new_left = max(0, settings.new_per_day - today.new_cards)
    reviews_left = max(0, settings.reviews_per_day - today.reviews)
    fresh = _one_per_subject(new)[:new_left]
    return (
        [c for _, c in sorted(learning, key=lambda x: x[0])],
        [c for _, c in sorted(reviews, key=lambda x: x[0])][:reviews_left],
        fresh,
        [c for _, c in sorted(soon, key=lambda x: x[0])],
    )


def _one_per_subject(new: Iterable[Card]) -> list[Card]:
    """New cards in deck order, one direction per code: its siblings would be buried anyway."""
    seen: set[str] = set()
    out = []
    for c in sorted(new, key=lambda c: c.order):
        if c.subject not in seen:
            seen.add(c.subject)
            out.append(c)
    return out


def next_card(
    cards: Sequence[Card],
    states: Mapping[str, CardState],
    today: Today,
    now: datetime,
    settings: Settings,
) -> Card | None:
    """The card to show now, or None when nothing is due."""
    learning, reviews, new, soon = queues(cards, states, today, now, settings)
    for queue in (learning, reviews, new, soon):
        if queue:
            return queue[0]
    return None


def due_counts(
    cards: Sequence[Card],
    states: Mapping[str, CardState],
    today: Today,
    now: datetime,
    settings: Settings,
) -> DueCounts:
    learning, reviews, new, _ = queues(cards, states, today, now, settings)
    return DueCounts(new=len(new), learning=len(learning), review=len(reviews))


def unsuspend(state: CardState) -> CardState:
    return replace(state, suspended=False)
