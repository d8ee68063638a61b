"""An answer's steps one at a time, without a database: check the input, grade it, schedule
the card, say what happened (``statusdex.learn.answering``)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from statusdex.learn import answering
from statusdex.learn.cards import card
from statusdex.learn.errors import InvalidAnswerError, StaleAnswerError
from statusdex.learn.scheduler import AGAIN, EASY, GOOD, HARD, Settings

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

# (answer, rating, mode, duration_ms, expect_reps) → the start of the message
BAD = [
    (None, None, None, None, None, "give an answer or a rating"),
    (None, 5, None, None, None, "rating must be"),
    (None, True, None, None, None, "rating must be"),
    ("422", 0, None, None, None, "rating must be"),
    (None, 3, None, -1, None, "duration_ms must be"),
    (None, 3, None, 86_400_000, None, "duration_ms must be"),
    (422, None, None, None, None, "an answer is text"),
    ("x" * (answering.MAX_ANSWER + 1), None, None, None, None, "an answer is text"),
    ("4\x0022", None, None, None, None, "an answer may not hold"),
    ("422", None, "flip", None, None, "mode must be"),
    (None, 3, None, None, "2", "expect_reps must be"),
    (None, 3, None, None, False, "expect_reps must be"),
    # The first problem is the one named.
    ("x" * 500, 7, "flip", -1, "2", "rating must be"),
]


@pytest.mark.parametrize(("answer", "rating", "mode", "duration", "reps", "message"), BAD)
def test_check_names_the_first_problem(
    answer: object, rating: object, mode: object, duration: object, reps: object, message: str
) -> None:
    with pytest.raises(InvalidAnswerError, match=f"^{message}"):
        answering.check(answer, rating, mode, duration, reps)


# (answer, rating, mode given) → mode recorded
MODES = [
    ("422", None, None, "typed"),
    ("422", None, "", "typed"),
    ("422", None, "choice", "choice"),
    (None, 2, None, "flip"),
    (None, 2, "choice", "flip"),  # a rating alone is a flip card, whatever the mode says
]


@pytest.mark.parametrize(("answer", "rating", "mode", "recorded"), MODES)
def test_check_settles_the_mode(
    answer: str | None, rating: int | None, mode: str | None, recorded: str
) -> None:
    assert answering.check(answer, rating, mode, 1200, 3).mode == recorded


# (card, answer, rating asked for) → (correct, rating recorded)
GRADES = [
    ("422:name-code", "422", None, True, GOOD),
    ("422:name-code", "422", EASY, True, EASY),
    ("422:name-code", "422", HARD, True, HARD),
    ("422:name-code", "422", AGAIN, True, GOOD),  # a right answer is never rated Again
    ("422:name-code", "400", EASY, False, AGAIN),
    ("422:code-name", "Unprocessable Content", None, True, GOOD),
    ("422:name-code", None, HARD, None, HARD),  # a flip card: the learner's own rating
]


@pytest.mark.parametrize(("key", "answer", "rating", "correct", "recorded"), GRADES)
def test_grade(
    key: str, answer: str | None, rating: int | None, correct: bool | None, recorded: int
) -> None:
    graded = answering.grade(card(key), answering.check(answer, rating, None, None, None), "en")
    assert (graded.correct, graded.rating) == (correct, recorded)


def test_schedule_refuses_a_stale_answer_and_logs_a_fresh_one() -> None:
    c = card("422:name-code")
    given = answering.check("422", None, None, 900, 1)
    graded = answering.grade(c, given, "en")
    kw = {"now": NOW, "settings": Settings(), "fuzz": False, "deck": "starter", "session": "s"}
    with pytest.raises(StaleAnswerError):
        answering.schedule(c, None, given, graded, **kw)  # never answered: 0 reps, not 1
    first, _ = answering.schedule(c, None, answering.check("422", None, None, 900, 0), graded, **kw)
    after, entry = answering.schedule(c, first, given, graded, **kw)
    assert after.reps == 2
    assert (entry.card, entry.rating, entry.mode, entry.answer) == (c.key, GOOD, "typed", "422")
    assert (entry.deck, entry.session, entry.duration_ms) == ("starter", "s", 900)
    assert entry.state_after == after


@pytest.mark.parametrize(
    ("answer", "lang", "verdict"),
    [("422", "en", "Correct"), ("400", "en", "Not quite"), (None, "en", "")],
)
def test_result_says_what_happened(answer: str | None, lang: str, verdict: str) -> None:
    c = card("422:name-code")
    given = answering.check(answer, None if answer else GOOD, None, None, None)
    graded = answering.grade(c, given, lang)
    after, entry = answering.schedule(
        c, None, given, graded, now=NOW, settings=Settings(), fuzz=False, deck="iana", session="s"
    )
    result = answering.result(c, given, graded, after, entry, Settings(), lang)
    assert result.verdict == verdict
    assert (result.expected, result.label) == ("422", "422 Unprocessable Content")
    assert (result.next_due, result.reps, result.given) == (after.due, 1, answer)
