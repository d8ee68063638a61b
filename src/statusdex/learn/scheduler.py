"""When each card comes back, and which card to show next. Pure: time is always passed in.

Memory is modelled by FSRS-6 (the ``fsrs`` package). What FSRS does not keep, we do: the
number of answers (``reps``), of lapses (a card in review forgotten), leeches (8 lapses by
default), daily limits for new cards and reviews, and sibling burying (once one card of a code
is answered, its other directions wait for the next day).

Where we differ from ``fsrs`` and follow Anki:

- Time since the last answer is counted in *study days* (a day starts at ``day_starts_at`` in
  the learner's time zone): a card answered at 23:00 and again at 05:00 the next morning is one
  day old, as in Anki, where ``fsrs`` would count zero whole 24-hour periods.
- The interval fuzz is drawn from a generator seeded by the card and its repetition number, so
  an answer taken back and given again lands on the same day.
- The predicted recall shown to the learner uses fractional days, as Anki's card info does.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
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
LEECH_ACTIONS = ("tag", "suspend")
# Settings a deck may set for itself; the rest (time zone, language…) belong to the learner.
DECK_FIELDS = (
    "desired_retention",
    "learning_steps",
    "relearning_steps",
    "new_per_day",
    "reviews_per_day",
    "leech_lapses",
    "leech_action",
)


@dataclass(frozen=True, slots=True)
class Settings:
    """A learner's study settings. Every limit lives here."""

    desired_retention: float = 0.9
    learning_steps: tuple[int, ...] = (60, 600)  # seconds
    relearning_steps: tuple[int, ...] = (600,)
    new_per_day: int = 10
    reviews_per_day: int = 200
    leech_lapses: int = 8
    leech_action: str = "tag"  # "tag": flag and list it; "suspend": also take it out of study
    bury_siblings: bool = True
    timezone: str = "UTC"
    day_starts_at: int = 4  # hour of the local day when "today" begins, as in Anki
    maximum_interval: int = 36500  # days
    deck: str = "starter"
    lang: str = ""  # "" follows the environment (LANG), else English
    # FSRS's 21 parameters fitted to this learner's log (None: the defaults).
    parameters: tuple[float, ...] | None = None
    # Per-deck changes to the fields of DECK_FIELDS: {"iana": {"new_per_day": 20}}.
    decks: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

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
            (len(self.learning_steps) <= 10, "at most 10 learning steps"),
            (len(self.relearning_steps) <= 10, "at most 10 relearning steps"),
            (self.leech_action in LEECH_ACTIONS, "leech action must be 'tag' or 'suspend'"),
            (self.parameters is None or len(self.parameters) == 21, "FSRS-6 has 21 parameters"),
        ]
        for ok, message in checks:
            if not ok:
                raise SettingsError(message)
        try:
            ZoneInfo(self.timezone)
        except (ValueError, KeyError, OSError):
            raise SettingsError(f"unknown time zone {self.timezone!r}") from None
        if self.parameters is not None:
            try:
                fsrs.Scheduler(parameters=self.parameters)
            except ValueError as e:
                raise SettingsError(f"FSRS parameters out of bounds: {e}") from None
        for name, changes in self.decks.items():
            unknown = set(changes) - set(DECK_FIELDS)
            if unknown:
                raise SettingsError(f"a deck cannot set {', '.join(sorted(unknown))}")
            self.for_deck(name)  # checks the deck's values

    def for_deck(self, deck: str) -> Settings:
        """These settings with the deck's own changes applied (its limits, steps…)."""
        changes = self.decks.get(deck)
        if not changes:
            return self
        values = {k: getattr(self, k) for k in self.__dataclass_fields__}
        values.update(_typed(changes))
        values["decks"] = {}
        return Settings(**values)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["learning_steps"] = list(self.learning_steps)
        data["relearning_steps"] = list(self.relearning_steps)
        data["parameters"] = list(self.parameters) if self.parameters is not None else None
        data["decks"] = {
            d: {k: list(v) if isinstance(v, tuple) else v for k, v in c.items()}
            for d, c in self.decks.items()
        }
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Settings:
        known = _typed({k: v for k, v in data.items() if k in cls.__dataclass_fields__})
        if data.get("suspend_leeches") is True and "leech_action" not in known:
            known["leech_action"] = "suspend"  # the setting's name before leech_action
        if "decks" in known:
            decks = known["decks"]
            if not isinstance(decks, Mapping):
                raise SettingsError("decks must map a deck to its settings")
            known["decks"] = {str(d): _typed(dict(c)) for d, c in decks.items()}
        return cls(**known)

    def with_changes(self, **changes: Any) -> Settings:
        return Settings.from_dict({**self.to_dict(), **changes})

    def with_deck_changes(self, deck: str, **changes: Any) -> Settings:
        """These settings with ``changes`` made for ``deck`` only (None removes one)."""
        own = dict(self.decks.get(deck, {}))
        for k, v in changes.items():
            if v is None:
                own.pop(k, None)
            else:
                own[k] = v
        decks = {**self.to_dict()["decks"], deck: own}
        if not own:
            del decks[deck]
        return Settings.from_dict({**self.to_dict(), "decks": decks})


def _typed(values: Mapping[str, Any]) -> dict[str, Any]:
    """Lists read back from JSON as the tuples ``Settings`` holds."""
    out = dict(values)
    for name in ("learning_steps", "relearning_steps", "parameters"):
        v = out.get(name)
        if isinstance(v, list | tuple):
            try:
                out[name] = tuple((float if name == "parameters" else int)(x) for x in v)
            except (TypeError, ValueError):
                raise SettingsError(f"{name} must be a list of numbers") from None
    return out


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


def leech_hit(lapses: int, settings: Settings) -> bool:
    """Does the lapse that brought a card to ``lapses`` make it a leech (again)?

    At the threshold, then every half threshold after it (8, 12, 16… by default), as Anki warns.
    """
    threshold = settings.leech_lapses
    if lapses < threshold:
        return False
    return (lapses - threshold) % max(1, threshold // 2) == 0


def utc(moment: datetime) -> datetime:
    """``moment`` in ``datetime.UTC`` (fsrs accepts no other tzinfo); naive means UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def utc_now(now: datetime | None = None) -> datetime:
    """``now`` in UTC (``utc``), or the current time when None: tests pass their own clock."""
    return utc(now) if now is not None else datetime.now(UTC)


@cache
def _scheduler(
    retention: float,
    learning: tuple[int, ...],
    relearning: tuple[int, ...],
    maximum: int,
    parameters: tuple[float, ...] | None,
) -> fsrs.Scheduler:
    return fsrs.Scheduler(
        parameters=parameters if parameters is not None else fsrs.scheduler.DEFAULT_PARAMETERS,
        desired_retention=retention,
        learning_steps=tuple(timedelta(seconds=s) for s in learning),
        relearning_steps=tuple(timedelta(seconds=s) for s in relearning),
        maximum_interval=maximum,
        enable_fuzzing=False,  # our own, seeded fuzz: see _fuzzed_days
    )


def scheduler_for(settings: Settings) -> fsrs.Scheduler:
    return _scheduler(
        settings.desired_retention,
        settings.learning_steps,
        settings.relearning_steps,
        settings.maximum_interval,
        settings.parameters,
    )


# How far a review interval may be moved, by interval length in days: (from, to, share).
# Short intervals move by up to 15 % of their length, long ones by 5 %, plus one day; intervals
# under 2.5 days are never moved. These are the ranges Anki and fsrs use.
_FUZZ_BANDS = ((2.5, 7.0, 0.15), (7.0, 20.0, 0.10), (20.0, math.inf, 0.05))


def _fuzzed_days(days: int, seed: str, maximum: int) -> int:
    """``days`` moved by a little, the same way every time for the same ``seed``."""
    if days < 2.5:
        return days
    spread = 1.0 + sum(share * max(0.0, min(days, hi) - lo) for lo, hi, share in _FUZZ_BANDS)
    low = max(2, round(days - spread))
    high = min(round(days + spread), maximum)
    low = min(low, high)
    return random.Random(seed).randint(low, high)


def _to_fsrs(state: CardState | None, last_review: datetime | None = None) -> fsrs.Card:
    if state is None:
        return fsrs.Card(card_id=1)  # an explicit id: fsrs sleeps 1 ms to invent one
    return fsrs.Card(
        card_id=1,
        state=_FSRS_STATE[state.state],
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=state.due,
        last_review=last_review or state.last_review,
    )


def elapsed_days(state: CardState | None, now: datetime, settings: Settings) -> int:
    """Study days since the card's last answer (0 the same study day), as Anki counts them."""
    if state is None or state.last_review is None:
        return 0
    return max(0, study_day(now, settings) - study_day(state.last_review, settings))


def review(
    key: str,
    state: CardState | None,
    rating: int,
    now: datetime,
    settings: Settings,
    *,
    fuzz: bool = False,
) -> CardState:
    """The card's state after an answer rated ``rating`` (1 Again … 4 Easy) at ``now``.

    ``fuzz`` moves a review interval by a few days, seeded by the card and its repetition.
    """
    if rating not in RATINGS:
        raise ValueError(f"rating must be 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy), not {rating}")
    now = utc(now)
    # fsrs counts whole 24-hour periods since last_review; hand it a last review exactly as
    # many days back as the study days that passed, and it counts them instead.
    shifted = None
    if state is not None and state.last_review is not None:
        shifted = now - timedelta(days=elapsed_days(state, now, settings))
    after, _log = scheduler_for(settings).review_card(
        _to_fsrs(state, shifted), fsrs.Rating(rating), now
    )
    reps = (state.reps if state else 0) + 1
    due = utc(after.due)
    if fuzz and after.state == fsrs.State.Review:
        days = round((due - now) / timedelta(days=1))
        due = now + timedelta(days=_fuzzed_days(days, f"{key}:{reps}", settings.maximum_interval))
    lapsed = state is not None and state.state == REVIEW and rating == AGAIN
    lapses = (state.lapses if state else 0) + (1 if lapsed else 0)
    suspended = state.suspended if state else False
    if lapsed and settings.leech_action == "suspend" and leech_hit(lapses, settings):
        suspended = True
    return CardState(
        key=key,
        state=_OUR_STATE[after.state],
        due=due,
        step=after.step,
        stability=after.stability,
        difficulty=after.difficulty,
        last_review=now,
        reps=reps,
        lapses=lapses,
        suspended=suspended,
    )


def retrievability(state: CardState | None, now: datetime, settings: Settings) -> float:
    """FSRS's predicted chance of recall now (0 for a card never answered), with the time
    since the last answer in fractional days, as Anki's card info shows it (``fsrs`` counts
    whole days, so its curve is a staircase)."""
    if state is None or state.last_review is None or not state.stability:
        return 0.0
    days = max(0.0, (utc(now) - state.last_review) / timedelta(days=1))
    return forgetting_curve(days, state.stability, settings)


def forgetting_curve(days: float, stability: float, settings: Settings) -> float:
    """FSRS-6's predicted recall after ``days`` for a memory of ``stability`` days."""
    s = scheduler_for(settings)
    return float((1 + s._FACTOR * days / stability) ** s._DECAY)


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


_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_steps(text: str) -> tuple[int, ...]:
    """``"1m,10m"`` → ``(60, 600)``; a bare number is minutes, as in Anki. ``ValueError``."""
    steps = []
    for part in text.replace(" ", ",").split(","):
        if not part:
            continue
        unit = part[-1].lower() if part[-1].isalpha() else "m"
        number = part[:-1] if part[-1].isalpha() else part
        if unit not in _UNITS:
            raise ValueError(f"bad step {part!r}: use a number with s, m, h or d (1m, 10m)")
        try:
            value = float(number)
        except ValueError:
            raise ValueError(f"bad step {part!r}: use a number with s, m, h or d") from None
        steps.append(round(value * _UNITS[unit]))
    return tuple(steps)


def format_steps(steps: tuple[int, ...]) -> str:
    out = []
    for s in steps:
        unit = next(u for u in ("d", "h", "m", "s") if s % _UNITS[u] == 0)
        out.append(f"{s // _UNITS[unit]}{unit}")
    return ",".join(out) or "-"
