"""What the learning service hands its faces: a card to show, an answer's outcome, a deck's
codes with the learner's progress. Plain frozen records; ``to_dict`` is their JSON shape."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from statusdex.learn.grading import Choice
from statusdex.learn.scheduler import DueCounts


@dataclass(frozen=True, slots=True)
class Presented:
    """A card as shown to the learner: everything a face needs, in the learner's language."""

    key: str
    subject: str
    direction: str
    deck: str
    lang: str
    question: str  # the instruction: "Which code has this name?"
    prompt: str  # the code, name, description or scenario (the code masked)
    context: str | None  # the vendor, for vendor codes and IIS sub-statuses
    answer_kind: str  # "code" or "name"
    choices: tuple[Choice, ...]
    state: str  # new | learning | review | relearning
    fallback: bool  # the registry has no translation yet: the text is English
    counts: DueCounts

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "subject": self.subject,
            "direction": self.direction,
            "deck": self.deck,
            "lang": self.lang,
            "question": self.question,
            "prompt": self.prompt,
            "context": self.context,
            "answer_kind": self.answer_kind,
            "choices": [{"value": c.value, "label": c.label} for c in self.choices],
            "state": self.state,
            "fallback": self.fallback,
            "counts": {
                "new": self.counts.new,
                "learning": self.counts.learning,
                "review": self.counts.review,
            },
        }


@dataclass(frozen=True, slots=True)
class AnswerResult:
    """What happened to an answer: committed to the database before this is returned."""

    key: str
    correct: bool | None  # None for a flip card rated by the learner
    typo: bool
    rating: int
    given: str | None
    expected: str  # the right answer: "422" or "Unprocessable Content"
    label: str  # "422 Unprocessable Content"
    why: str  # the one-line summary from the registry
    verdict: str  # "Correct" / "Not quite" / "" in the learner's language
    next_due: datetime
    state: str
    reps: int
    lapses: int
    leech: bool
    log_id: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "correct": self.correct,
            "typo": self.typo,
            "rating": self.rating,
            "given": self.given,
            "expected": self.expected,
            "label": self.label,
            "why": self.why,
            "verdict": self.verdict,
            "next_due": self.next_due.isoformat(),
            "state": self.state,
            "reps": self.reps,
            "lapses": self.lapses,
            "leech": self.leech,
            "log_id": self.log_id,
        }


@dataclass(frozen=True, slots=True)
class CardProgress:
    key: str
    direction: str
    state: str  # new | learning | review | relearning
    due: datetime | None
    reps: int
    lapses: int
    recall: float  # FSRS's predicted chance of recall now (0 when never seen)
    leech: bool
    suspended: bool


@dataclass(frozen=True, slots=True)
class BrowseRow:
    """One code of a deck, with the learner's progress on each of its cards."""

    subject: str
    display: str
    name: str
    summary: str
    family: str
    vendor: str | None
    cards: tuple[CardProgress, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "display": self.display,
            "name": self.name,
            "summary": self.summary,
            "family": self.family,
            "vendor": self.vendor,
            "cards": [
                {
                    "key": c.key,
                    "direction": c.direction,
                    "state": c.state,
                    "due": c.due.isoformat() if c.due else None,
                    "reps": c.reps,
                    "lapses": c.lapses,
                    "recall": round(c.recall, 4),
                    "leech": c.leech,
                    "suspended": c.suspended,
                }
                for c in self.cards
            ],
        }
