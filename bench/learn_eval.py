"""An honest check of learning mode's scheduler: simulated learners who live by their own
clocks study through the real scheduling code, and we compare what FSRS predicted with what
their simulated memory did, with the default parameters and with parameters fitted to each
learner's own earlier reviews (out of sample: fitted on the first part of the log, scored on
the rest).

The clock is the learners', never the cards': each learner has a time zone and a habit
(mornings, evenings that cross UTC midnight, twice a day, late nights before the 04:00 day
start, irregular hours with days off) and studies whatever the scheduler shows at those
times, answering a review whenever the session happens to be, before or after its due time.
Learning steps that come due within 20 minutes are shown at once, as the app does.

Two simulated memories (assumptions, not facts about people), half the learners each:
- "power": FSRS-6's own forgetting curve and stability rules with parameters of the learner's
  own (initial stabilities scaled 0.4-4x, decay 0.1-0.6): the family FSRS fits;
- "exponential": recall 0.9 ** (t / S); a recall multiplies S by 1 + 2 f (1 + 2 (1 - p)),
  a same-day recall by 1.1, a failure sets S to max(S0 / 2, 0.3 S); outside FSRS's family.
Ratings: Again on a failure; a recall is Hard, Good or Easy (10/80/10 %).

The report, for answers to cards in review in the scored period: FSRS's predicted recall in
bins against the observed rate, RMSE over the bins (weighted by answers) and log loss, with
the default parameters and the fitted ones; and how many answers came before their due time.
The engine is the real one (scheduler.queues, scheduler.review with seeded fuzz, study days
in the learner's zone, optimize.fit); the database is left out to keep the run short.

    .venv/bin/python bench/learn_eval.py [--learners 12] [--days 240] [--deck iana] [--seed 1]
"""

from __future__ import annotations

import argparse
import itertools
import math
import random
import statistics
import sys
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

import fsrs  # noqa: E402

from statusdex.learn import cards as _cards  # noqa: E402
from statusdex.learn import optimize, scheduler  # noqa: E402
from statusdex.learn.log import LogEntry  # noqa: E402
from statusdex.learn.scheduler import CardState, Settings  # noqa: E402

START = datetime(2026, 1, 5, tzinfo=UTC)
BINS = (0.0, 0.5, 0.7, 0.8, 0.85, 0.9, 0.95, 1.0001)
# (zone, habit, local session hours): a habit is one or two sessions a day.
HABITS = (
    ("Asia/Bangkok", "twice a day", (8.0, 20.0)),
    ("America/Los_Angeles", "late evening", (22.5,)),
    ("Europe/Paris", "morning", (7.5,)),
    ("America/New_York", "irregular", ()),
    ("Asia/Tokyo", "after midnight", (1.5,)),
    ("Australia/Sydney", "lunch and night", (12.5, 23.0)),
)


@dataclass
class Mind:
    """The simulated truth about one card in one learner's head."""

    last: datetime | None = None
    stability: float = 0.0  # days
    s0: float = 0.0
    card: fsrs.Card = field(default_factory=lambda: fsrs.Card(card_id=1))


@dataclass
class Learner:
    n: int
    zone: str
    habit: str
    hours: tuple[float, ...]
    memory: str  # "power" or "exponential"
    truth: fsrs.Scheduler | None
    factor: float
    skip: float
    settings: Settings
    states: dict[str, CardState] = field(default_factory=dict)
    minds: dict[str, Mind] = field(default_factory=dict)
    days: dict[int, dict[str, object]] = field(default_factory=dict)
    log: list[LogEntry] = field(default_factory=list)
    early: int = 0
    review_answers: int = 0


def make_learner(n: int, rng: random.Random, retention: float) -> Learner:
    zone, habit, hours = HABITS[n % len(HABITS)]
    memory = "power" if n % 2 == 0 else "exponential"
    truth = None
    if memory == "power":
        w = list(fsrs.scheduler.DEFAULT_PARAMETERS)
        strength = math.exp(rng.uniform(math.log(0.4), math.log(4.0)))
        for i in range(4):
            w[i] = min(100.0, max(0.001, w[i] * strength))
        w[20] = rng.uniform(0.1, 0.6)
        truth = fsrs.Scheduler(parameters=w, enable_fuzzing=False, learning_steps=())
    st = Settings(timezone=zone, desired_retention=retention)
    skip = 0.25 if habit == "irregular" else rng.uniform(0.02, 0.12)
    return Learner(n, zone, habit, hours, memory, truth, rng.uniform(0.6, 1.6), skip, st)


def recall_chance(person: Learner, mind: Mind, now: datetime, prior: float) -> float:
    if mind.last is None:
        return prior
    days = max(0.0, (now - mind.last) / timedelta(days=1))
    if person.truth is not None:
        t = person.truth
        return float((1 + t._FACTOR * days / mind.card.stability) ** t._DECAY)
    return 0.9 ** (days / mind.stability)


def remember(person: Learner, mind: Mind, now: datetime, rating: int, p: float, base: float):
    if person.truth is not None:
        card = mind.card
        if mind.last is not None:  # the truth counts time as it passes, in whole days
            card = replace(card, last_review=now - timedelta(days=round((now - mind.last).days)))
        mind.card, _ = person.truth.review_card(card, fsrs.Rating(rating), now)
    elif mind.last is None:
        mind.s0 = base * person.factor
        mind.stability = mind.s0 * (2 if rating > 1 else 1)
    elif rating > 1:
        same_day = (now - mind.last) < timedelta(hours=12)
        mind.stability *= 1.1 if same_day else 1 + 2 * person.factor * (1 + 2 * (1 - p))
    else:
        mind.stability = max(mind.s0 / 2, 0.3 * mind.stability)
    mind.last = now


def session(
    person: Learner,
    deck: list[_cards.Card],
    start: datetime,
    traits: dict[str, tuple[float, float]],
    rng: random.Random,
) -> None:
    """Study what the scheduler shows from ``start`` until it shows nothing."""
    st = person.settings
    now = start
    while True:
        day = scheduler.study_day(now, st)
        done = person.days.setdefault(day, {"new": 0, "reviews": 0, "answered": {}})
        answered: dict[str, set[str]] = done["answered"]  # type: ignore[assignment]
        today = scheduler.Today(
            new_cards=int(done["new"]),  # type: ignore[call-overload]
            reviews=int(done["reviews"]),  # type: ignore[call-overload]
            answered={k: frozenset(v) for k, v in answered.items()},
        )
        learning, reviews, new, soon = scheduler.queues(deck, person.states, today, now, st)
        shown = next((q[0] for q in (learning, reviews, new, soon) if q), None)
        if shown is None:
            return
        before = person.states.get(shown.key)
        mind = person.minds.setdefault(shown.key, Mind())
        base, prior = traits[shown.key]
        p = recall_chance(person, mind, now, prior)
        recalled = rng.random() < p
        rating = rng.choices((2, 3, 4), (0.1, 0.8, 0.1))[0] if recalled else 1
        if before is not None and before.state == scheduler.REVIEW:
            person.review_answers += 1
            person.early += now < before.due
            done["reviews"] = int(done["reviews"]) + 1  # type: ignore[call-overload]
        if before is None:
            done["new"] = int(done["new"]) + 1  # type: ignore[call-overload]
        answered.setdefault(shown.subject, set()).add(shown.key)
        remember(person, mind, now, rating, p, base)
        person.states[shown.key] = scheduler.review(shown.key, before, rating, now, st, fuzz=True)
        person.log.append(LogEntry(card=shown.key, reviewed_at=now, rating=rating, mode="flip"))
        now += timedelta(seconds=rng.uniform(5, 15))


def session_starts(person: Learner, day: int, rng: random.Random) -> list[datetime]:
    zone = ZoneInfo(person.zone)
    date = (START + timedelta(days=day)).date()
    hours = person.hours or (rng.uniform(7, 23),)
    out = []
    for h in hours:
        h = h + rng.uniform(-0.75, 0.75)
        local = datetime(date.year, date.month, date.day, tzinfo=zone) + timedelta(hours=h)
        out.append(local.astimezone(UTC))
    return out


@dataclass
class Scored:
    predicted: float
    recalled: bool


def predictions(person: Learner, parameters: tuple[float, ...] | None, cut: datetime):
    """Predicted recall before each review-state answer from ``cut`` on, under
    ``parameters``: each card's answers replayed with them (no fuzz: due dates do not
    enter a prediction)."""
    st = replace(person.settings, parameters=parameters)
    states: dict[str, CardState] = {}
    out: list[Scored] = []
    for e in person.log:
        before = states.get(e.card)
        if e.reviewed_at >= cut and before is not None and before.state == scheduler.REVIEW:
            out.append(Scored(scheduler.retrievability(before, e.reviewed_at, st), e.rating > 1))
        states[e.card] = scheduler.review(e.card, before, e.rating, e.reviewed_at, st)
    return out


def calibration(scored: list[Scored]) -> tuple[list[tuple[str, int, float, float]], float, float]:
    """Rows (bin, answers, mean predicted, observed), RMSE over bins (weighted), log loss."""
    rows = []
    sq = 0.0
    for lo, hi in itertools.pairwise(BINS):
        inside = [s for s in scored if lo <= s.predicted < hi]
        if not inside:
            continue
        pred = statistics.fmean(s.predicted for s in inside)
        obs = statistics.fmean(s.recalled for s in inside)
        rows.append((f"{lo:.2f}-{min(hi, 1.0):.2f}", len(inside), pred, obs))
        sq += len(inside) * (pred - obs) ** 2
    rmse = math.sqrt(sq / len(scored)) if scored else float("nan")
    eps = 1e-6
    loss = statistics.fmean(
        -math.log(max(eps, s.predicted) if s.recalled else max(eps, 1 - s.predicted))
        for s in scored
    )
    return rows, rmse, loss


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--learners", type=int, default=12)
    p.add_argument("--days", type=int, default=240)
    p.add_argument("--deck", default="iana", choices=_cards.DECKS)
    p.add_argument("--retention", type=float, default=0.9, help="desired retention")
    p.add_argument("--train", type=float, default=0.6, help="share of days to fit on")
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    rng = random.Random(args.seed)
    deck = list(_cards.deck(args.deck).cards)
    keys = [c.key for c in deck]
    traits = {k: (math.exp(rng.gauss(math.log(1.5), 0.5)), rng.uniform(0.1, 0.7)) for k in keys}
    began = time.perf_counter()
    people = [make_learner(n, rng, args.retention) for n in range(args.learners)]
    for day in range(args.days):
        for person in people:
            if rng.random() < person.skip:
                continue
            for start in session_starts(person, day, rng):
                session(person, deck, start, traits, rng)
    simulated = time.perf_counter() - began
    cut = START + timedelta(days=round(args.days * args.train))
    print(
        f"{args.learners} learners, {args.days} days, deck {args.deck} ({len(keys)} cards), "
        f"desired retention {args.retention}, seed {args.seed}; fitted on days 1-"
        f"{round(args.days * args.train)}, scored on the rest; simulation {simulated:.0f} s"
    )
    header = (
        f"\n  {'learner':<34}{'answers':>8}{'early':>7}{'fit on':>8}{'fit s':>7}"
        f"{'scored':>8}{'RMSE def':>10}{'fitted':>8}{'logloss def':>12}{'fitted':>8}  kept"
    )
    print(header)
    pooled: dict[str, list[Scored]] = {"default": [], "fitted": []}
    for person in people:
        train = [e for e in person.log if e.reviewed_at < cut]
        t0 = time.perf_counter()
        fit = optimize.fit(train, person.settings)
        fit_s = time.perf_counter() - t0
        fitted = fit.parameters if fit.accepted else None
        default_scored = predictions(person, None, cut)
        fitted_scored = predictions(person, fitted, cut)
        pooled["default"] += default_scored
        pooled["fitted"] += fitted_scored
        _, rmse_d, loss_d = calibration(default_scored)
        _, rmse_f, loss_f = calibration(fitted_scored)
        name = f"{person.zone} {person.habit}, {person.memory}"
        early = person.early / max(1, person.review_answers)
        print(
            f"  {name:<34}{len(person.log):>8}{early:>7.0%}{fit.reviews:>8}{fit_s:>7.2f}"
            f"{len(default_scored):>8}{rmse_d:>10.3f}{rmse_f:>8.3f}{loss_d:>12.4f}"
            f"{loss_f:>8.4f}  {fit.reason}"
        )
    for label, scored in pooled.items():
        rows, rmse, loss = calibration(scored)
        print(f"\nAll learners, {label} parameters: {len(scored):,} scored review answers")
        print(f"  {'predicted':>11}{'answers':>9}{'mean pred.':>12}{'observed':>10}")
        for name, n, pred, obs in rows:
            print(f"  {name:>11}{n:>9}{pred:>12.3f}{obs:>10.3f}")
        print(f"  RMSE over bins {rmse:.4f}, log loss {loss:.4f}")
    early = sum(p.early for p in people) / max(1, sum(p.review_answers for p in people))
    print(f"\nReview answers given before their due time: {early:.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
