"""One answer, step by step (``LearnService.answer`` runs them in this order):

1. ``check``: the input, as the face sent it → ``Given`` (``InvalidAnswerError`` else);
2. ``grade``: right, wrong or a typo, and the rating recorded → ``Graded``;
3. ``schedule``: the card's new state and the log entry, from its state before (run inside
   the storage's transaction, so it also refuses a stale answer);
4. persist: ``Storage.record_answer`` (the service's step: commit before returning);
5. ``result``: what the learner is told → ``AnswerResult``.

Every step but the fourth is pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from statusdex.learn import cards as _cards
from statusdex.learn import grading, scheduler
from statusdex.learn import log as _log
from statusdex.learn.cards import Card
from statusdex.learn.errors import InvalidAnswerError, StaleAnswerError
from statusdex.learn.labels import label
from statusdex.learn.log import LogEntry
from statusdex.learn.results import AnswerResult
from statusdex.learn.scheduler import AGAIN, GOOD, CardState, Settings

MAX_ANSWER = _log.MAX_ANSWER
MODES = ("typed", "choice")  # with an answer; a rating alone is a "flip"


@dataclass(frozen=True, slots=True)
class Given:
    """An answer's input, checked: a typed or chosen ``answer``, or only a ``rating``."""

    answer: str | None
    rating: int | None  # asked for: 1 Again … 4 Easy
    mode: str  # typed | choice | flip
    duration_ms: int | None
    expect_reps: int | None  # the card's reps when it was shown


@dataclass(frozen=True, slots=True)
class Graded:
    correct: bool | None  # None for a flip card rated by the learner
    typo: bool
    rating: int  # the rating recorded


def check(
    answer: object,
    rating: object,
    mode: object,
    duration_ms: object,
    expect_reps: object,
) -> Given:
    """The input of one answer, or ``InvalidAnswerError`` naming what is wrong first."""
    if rating is not None and (
        isinstance(rating, bool) or not isinstance(rating, int) or rating not in (1, 2, 3, 4)
    ):
        raise InvalidAnswerError("rating must be 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy)")
    if duration_ms is not None and not (
        isinstance(duration_ms, int) and 0 <= duration_ms < 86_400_000
    ):
        raise InvalidAnswerError("duration_ms must be 0 to 86400000")
    if answer is not None:
        if not isinstance(answer, str) or len(answer) > MAX_ANSWER:
            raise InvalidAnswerError(f"an answer is text of {MAX_ANSWER} characters at most")
        if not _log.clean_text(answer):
            raise InvalidAnswerError("an answer may not hold NUL characters or lone surrogates")
        mode = mode or "typed"
        if mode not in MODES:
            raise InvalidAnswerError("mode must be 'typed' or 'choice' with an answer")
    elif rating is not None:
        mode = "flip"
    else:
        raise InvalidAnswerError("give an answer or a rating")
    if expect_reps is not None and (
        isinstance(expect_reps, bool) or not isinstance(expect_reps, int)
    ):
        raise InvalidAnswerError("expect_reps must be a whole number")
    assert isinstance(mode, str)
    return Given(answer, rating, mode, duration_ms, expect_reps)


def grade(c: Card, given: Given, lang: str) -> Graded:
    """A right answer is rated Good (or the rating asked for, if Hard or Easy), a wrong one
    Again; a flip card gets the learner's own rating."""
    if given.answer is None:
        assert given.rating is not None  # check: a rating alone
        return Graded(correct=None, typo=False, rating=given.rating)
    verdict = grading.grade(c, given.answer, lang)
    asked = given.rating
    final = (asked if asked and asked > AGAIN else GOOD) if verdict.correct else AGAIN
    return Graded(correct=verdict.correct, typo=verdict.typo, rating=final)


def schedule(
    c: Card,
    before: CardState | None,
    given: Given,
    graded: Graded,
    *,
    now: datetime,
    settings: Settings,
    fuzz: bool,
    deck: str,
    session: str,
) -> tuple[CardState, LogEntry]:
    """The card's state after the answer and its log entry; ``StaleAnswerError`` if the card
    was answered since it was shown (``expect_reps`` no longer matches)."""
    if given.expect_reps is not None and (before.reps if before else 0) != given.expect_reps:
        raise StaleAnswerError("this card was answered since it was shown; nothing was recorded")
    after = scheduler.review(c.key, before, graded.rating, now, settings, fuzz=fuzz)
    entry = LogEntry(
        card=c.key,
        reviewed_at=now,
        rating=graded.rating,
        correct=graded.correct,
        mode=given.mode,
        answer=given.answer,
        duration_ms=given.duration_ms,
        deck=deck,
        session=session,
        state_after=after,
    )
    return after, entry


def result(
    c: Card,
    given: Given,
    graded: Graded,
    after: CardState,
    entry: LogEntry,
    settings: Settings,
    lang: str,
) -> AnswerResult:
    """What the learner is told: the verdict in ``lang``, the right answer, what comes next."""
    subj = _cards.subject(c.subject)
    if graded.correct is None:
        word = ""
    else:
        word = label("typo" if graded.typo else "correct" if graded.correct else "wrong", lang)
    return AnswerResult(
        key=c.key,
        correct=graded.correct,
        typo=graded.typo,
        rating=graded.rating,
        given=given.answer,
        expected=grading.expected(c, lang),
        label=f"{subj.display} {subj.name(lang)}",
        why=subj.summary(lang),
        verdict=word,
        next_due=after.due,
        state=after.state,
        reps=after.reps,
        lapses=after.lapses,
        leech=after.is_leech(settings),
        log_id=entry.id or 0,
    )
