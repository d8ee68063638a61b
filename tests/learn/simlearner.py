"""A simulated learner for the optimizer's tests: its memory follows FSRS-6 with parameters of
its own (the truth, never shown to the engine), it studies once a day at an hour of its own,
and the engine schedules it with whatever parameters it is given."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import fsrs

from statusdex.learn import scheduler
from statusdex.learn.log import LogEntry
from statusdex.learn.scheduler import AGAIN, EASY, GOOD, HARD, CardState, Settings

START = datetime(2026, 1, 5, tzinfo=UTC)


def true_parameters(strength: float, decay: float) -> tuple[float, ...]:
    """FSRS-6's defaults with initial stabilities scaled by ``strength`` and its own decay."""
    w = list(fsrs.scheduler.DEFAULT_PARAMETERS)
    for i in range(4):
        w[i] = min(100.0, max(0.001, w[i] * strength))
    w[20] = decay
    return tuple(w)


@dataclass
class Truth:
    card: fsrs.Card
    last: datetime | None = None


def simulate(
    settings: Settings,
    *,
    truth: tuple[float, ...],
    cards: int = 60,
    days: int = 120,
    new_per_day: int = 6,
    seed: int = 1,
    keys: list[str] | None = None,
) -> list[LogEntry]:
    """The log of a learner studying ``cards`` cards (``keys``, else made-up ones) for
    ``days`` days."""
    rng = random.Random(seed)
    memory = fsrs.Scheduler(parameters=truth, enable_fuzzing=False, learning_steps=())
    states: dict[str, CardState] = {}
    minds: dict[str, Truth] = {}
    keys = keys[:cards] if keys else [f"c{i}:code-name" for i in range(cards)]
    log: list[LogEntry] = []
    hour = rng.uniform(6, 22)
    for day in range(days):
        if rng.random() < 0.1:
            continue  # a day off
        now = START + timedelta(days=day, hours=hour + rng.uniform(-2, 2))
        start = scheduler.study_day(now, settings)
        tomorrow = scheduler.day_start(start + 1, settings)
        introduced = 0
        for _ in range(8):  # passes through the session: learning steps come back in it
            due = [k for k in keys if k in states and states[k].due < tomorrow]
            due = [k for k in due if states[k].state == scheduler.REVIEW or states[k].due <= now]
            fresh = [k for k in keys if k not in states][: max(0, new_per_day - introduced)]
            if not due and not fresh:
                if any(k in states and states[k].due < now + timedelta(minutes=20) for k in keys):
                    now += timedelta(minutes=10)
                    continue
                break
            for k in due + fresh:
                now = now.replace(microsecond=now.microsecond // 1000 * 1000)  # as stored
                introduced += k in fresh
                mind = minds.setdefault(k, Truth(fsrs.Card(card_id=1)))
                if mind.last is None:
                    p = 0.35
                else:
                    t = (now - mind.last) / timedelta(days=1)
                    p = float((1 + memory._FACTOR * t / mind.card.stability) ** memory._DECAY)
                recalled = rng.random() < p
                rating = AGAIN
                if recalled:
                    rating = rng.choices((HARD, GOOD, EASY), (0.1, 0.8, 0.1))[0]
                mind.card, _ = memory.review_card(
                    replace(mind.card, last_review=now - timedelta(days=round(t)))
                    if mind.last is not None
                    else mind.card,
                    fsrs.Rating(rating),
                    now,
                )
                mind.last = now
                states[k] = scheduler.review(k, states.get(k), rating, now, settings, fuzz=True)
                log.append(LogEntry(card=k, reviewed_at=now, rating=rating, mode="flip"))
                now += timedelta(seconds=rng.uniform(4, 20))
    return log
