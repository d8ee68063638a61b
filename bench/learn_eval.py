"""An honest check of learning mode's scheduler: simulated learners with known forgetting
curves study through the real ``LearnService`` (SQLite, a fake clock), and we compare what
FSRS predicted with what the simulated memory did.

The simulated memory (an assumption, not a fact about people):
- each (learner, card) has a true stability S, in days: recall after t days is 0.9 ** (t / S),
  so S is the interval at which recall is 90 %, as in FSRS; it is never shown to the engine;
- a card's first showing: the learner knows it already with the card's prior (0.1-0.7);
  then S starts at S0 = the card's base (log-normal, median 1.5 days) times the learner's
  memory factor (0.6-1.6), doubled if they knew it;
- a recall on a later day multiplies S by 1 + 2 x factor x (1 + 2 (1 - p)), p being the
  recall chance at that moment (harder recalls strengthen more); on the same day, by 1.1;
- a failure sets S to max(S0 / 2, 0.3 S);
- the learner rates Good when they recall and Again when not (flip cards, never Hard or
  Easy), studies every card the scheduler gives, skips a day now and then (their own rate,
  0-20 %), and takes 5-15 s per card.

The report: for answers to cards in review (due after a day or more), FSRS's predicted
recall at review time (retrievability, before answering) in bins, against the observed rate
of recall in each bin, the simulated truth (the mean of the true p), and the share of answers
given a day or more after the card was due. Then the daily workload. FSRS runs with its
default parameters (the engine does not fit them to a learner), so a gap between predicted and
observed is expected where the simulated memory differs from FSRS's model; the "truth" column
shows how much of the gap is the model and how much is chance.

    .venv/bin/python bench/learn_eval.py [--learners 10] [--days 90] [--deck starter] [--seed 1]
"""

from __future__ import annotations

import argparse
import itertools
import math
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from statusdex.learn import cards as _cards  # noqa: E402
from statusdex.learn import scheduler  # noqa: E402
from statusdex.learn.service import LearnService  # noqa: E402
from statusdex.learn.storage import Storage  # noqa: E402

START = datetime(2026, 1, 5, tzinfo=UTC)  # a Monday; study day boundaries at 04:00 UTC
BINS = (0.0, 0.5, 0.7, 0.8, 0.85, 0.9, 0.95, 1.0001)


@dataclass
class Memory:
    """The simulated truth about one card in one learner's head."""

    s0: float
    stability: float
    last: datetime

    def recall(self, now: datetime) -> float:
        days = max(0.0, (now - self.last).total_seconds() / 86400)
        return 0.9 ** (days / self.stability)


@dataclass
class Learner:
    id: int
    factor: float  # how well this learner's memory holds (1 = typical)
    skip: float  # chance of missing a day
    memory: dict[str, Memory] = field(default_factory=dict)


@dataclass
class Answer:
    day: int
    state: str  # the card's state before the answer: new, learning, review, relearning
    predicted: float | None  # FSRS retrievability before the answer (review state only)
    truth: float  # the simulated recall chance
    recalled: bool
    late: float  # days past the card's due time (review state only; 0 if early or on time)


def card_traits(rng: random.Random, keys: list[str]) -> dict[str, tuple[float, float]]:
    """Per card: (base stability in days, chance a learner knows it before studying)."""
    return {k: (math.exp(rng.gauss(math.log(1.5), 0.5)), rng.uniform(0.1, 0.7)) for k in keys}


def study_day(
    svc: LearnService,
    learner: Learner,
    deck: str,
    day: int,
    traits: dict[str, tuple[float, float]],
    rng: random.Random,
) -> list[Answer]:
    """One session: answer whatever the scheduler gives until it gives nothing."""
    now = START + timedelta(days=day, hours=9 + rng.uniform(0, 3))
    st = svc.settings(learner.id)
    out: list[Answer] = []
    while True:
        card = svc.next_card(learner.id, deck, now)
        if card is None:
            return out
        before = svc.storage.card_state(learner.id, card.key)
        if before is not None and before.due > now:  # a learning step a few minutes ahead
            now = before.due
        mem = learner.memory.get(card.key)
        base, prior = traits[card.key]
        if mem is None:
            truth = prior
            recalled = rng.random() < truth
            s0 = base * learner.factor
            learner.memory[card.key] = Memory(s0, s0 * (2 if recalled else 1), now)
        else:
            truth = mem.recall(now)
            recalled = rng.random() < truth
            same_day = (now - mem.last) < timedelta(hours=12)
            if recalled:
                grow = 1.1 if same_day else 1 + 2 * learner.factor * (1 + 2 * (1 - truth))
                mem.stability *= grow
            else:
                mem.stability = max(mem.s0 / 2, 0.3 * mem.stability)
            mem.last = now
        state = before.state if before is not None else scheduler.NEW
        predicted = scheduler.retrievability(before, now, st) if state == scheduler.REVIEW else None
        late = 0.0
        if before is not None and state == scheduler.REVIEW:
            late = max(0.0, (now - before.due).total_seconds() / 86400)
        svc.answer(learner.id, card.key, rating=3 if recalled else 1, now=now)
        out.append(Answer(day, state, predicted, truth, recalled, late))
        now += timedelta(seconds=rng.uniform(5, 15))


def wilson(hits: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """A 95 % interval for a proportion (Wilson score)."""
    if n == 0:
        return (0.0, 1.0)
    p = hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (centre - half, centre + half)


def report_calibration(answers: list[Answer], target: float) -> None:
    reviews = [a for a in answers if a.predicted is not None]
    print(f"\nPredicted against observed recall: {len(reviews):,} answers to cards in review")
    print(
        f"  {'FSRS predicted':>16}{'answers':>9}{'mean pred.':>12}{'observed':>10}"
        f"{'95% interval':>16}{'truth':>8}{'late ≥1 d':>11}"
    )
    for lo, hi in itertools.pairwise(BINS):
        inside = [a for a in reviews if lo <= (a.predicted or 0) < hi]
        if not inside:
            continue
        hits = sum(a.recalled for a in inside)
        low, high = wilson(hits, len(inside))
        pred = statistics.fmean(a.predicted or 0 for a in inside)
        truth = statistics.fmean(a.truth for a in inside)
        late = sum(a.late >= 1 for a in inside) / len(inside)
        label = f"{lo:.2f}-{min(hi, 1.0):.2f}"
        print(
            f"  {label:>16}{len(inside):>9}{pred:>12.3f}{hits / len(inside):>10.3f}"
            f"{f'{low:.3f}-{high:.3f}':>16}{truth:>8.3f}{late:>11.0%}"
        )
    if not reviews:
        return
    hits = sum(a.recalled for a in reviews)
    pred = statistics.fmean(a.predicted or 0 for a in reviews)
    truth = statistics.fmean(a.truth for a in reviews)
    low, high = wilson(hits, len(reviews))
    brier = statistics.fmean(((a.predicted or 0) - a.recalled) ** 2 for a in reviews)
    brier_truth = statistics.fmean((a.truth - a.recalled) ** 2 for a in reviews)
    late = sum(a.late >= 1 for a in reviews) / len(reviews)
    print(
        f"  {'all':>16}{len(reviews):>9}{pred:>12.3f}{hits / len(reviews):>10.3f}"
        f"{f'{low:.3f}-{high:.3f}':>16}{truth:>8.3f}{late:>11.0%}"
    )
    print(f"  desired retention {target:.2f}; observed {hits / len(reviews):.3f}")
    print(
        f"  Brier score of FSRS's predictions {brier:.4f} "
        f"(of the simulated truth itself, the floor: {brier_truth:.4f})"
    )


def report_workload(answers: list[Answer], learners: int, days: int) -> None:
    per_day: dict[int, dict[str, int]] = {d: {} for d in range(days)}
    for a in answers:
        kind = "new" if a.state == scheduler.NEW else a.state
        per_day[a.day][kind] = per_day[a.day].get(kind, 0) + 1
    print(f"\nDaily workload: answers per learner per day (mean of {learners} learners)")
    print(f"  {'days':>9}{'new':>7}{'learning':>10}{'review':>8}{'relearn':>9}{'total':>7}")
    for week in range(0, days, 7):
        span = range(week, min(days, week + 7))
        sums = dict.fromkeys(("new", "learning", "review", "relearning"), 0)
        for d in span:
            for k, n in per_day[d].items():
                sums[k] += n
        scale = learners * len(span)
        cells = [sums[k] / scale for k in ("new", "learning", "review", "relearning")]
        label = f"{span[0] + 1}-{span[-1] + 1}"
        print(
            f"  {label:>9}{cells[0]:>7.1f}{cells[1]:>10.1f}{cells[2]:>8.1f}{cells[3]:>9.1f}"
            f"{sum(cells):>7.1f}"
        )


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--learners", type=int, default=10)
    p.add_argument("--days", type=int, default=90)
    p.add_argument("--deck", default="starter", choices=_cards.DECKS)
    p.add_argument("--retention", type=float, default=0.9, help="desired retention")
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    rng = random.Random(args.seed)
    random.seed(args.seed)  # FSRS's interval fuzz draws from the global generator
    keys = [c.key for c in _cards.deck(args.deck).cards]  # deck order: the same every run
    traits = card_traits(rng, keys)
    began = time.perf_counter()
    answers: list[Answer] = []
    with tempfile.TemporaryDirectory(prefix="statusdex-eval-") as tmp:
        storage = Storage(f"sqlite:///{Path(tmp) / 'learn.db'}")
        svc = LearnService(storage)
        people = []
        for _ in range(args.learners):
            learner_id, _token = svc.create_learner(START)
            svc.update_settings(learner_id, desired_retention=args.retention)
            people.append(Learner(learner_id, rng.uniform(0.6, 1.6), rng.uniform(0, 0.2)))
        for day in range(args.days):
            for person in people:
                if rng.random() >= person.skip:
                    answers += study_day(svc, person, args.deck, day, traits, rng)
        logged = sum(storage.log_count(person.id) for person in people)
        storage.close()
    print(
        f"{args.learners} simulated learners, {args.days} days, deck {args.deck} "
        f"({len(keys)} cards), desired retention {args.retention}, seed {args.seed}: "
        f"{len(answers):,} answers ({logged:,} in the review log), "
        f"{time.perf_counter() - began:.0f} s"
    )
    report_calibration(answers, args.retention)
    report_workload(answers, args.learners, args.days)
    print(
        "\nWhat this shows: how FSRS's default parameters fit this one simulated memory model,"
        "\nand the workload the scheduler hands such learners. It says nothing about real people,"
        "\nabout typed or multiple-choice answers, or about Hard and Easy ratings."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
