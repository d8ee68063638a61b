"""FSRS scheduling with a fake clock: intervals, limits, burying, leeches, study days."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from statusdex.learn import cards, scheduler
from statusdex.learn.errors import SettingsError
from statusdex.learn.scheduler import (
    AGAIN,
    EASY,
    GOOD,
    HARD,
    CardState,
    Settings,
    Today,
    next_card,
    queues,
    review,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
S = Settings()


def test_good_again_and_again_grows_the_interval() -> None:
    st: CardState | None = None
    now = T0
    intervals = []
    for _ in range(6):
        st = review("422:name-code", st, GOOD, now, S)
        intervals.append(st.due - now)
        now = st.due
    assert intervals[0] == timedelta(minutes=10)  # second learning step
    graduated = intervals[1:]
    assert all(b > a for a, b in itertools.pairwise(graduated))
    assert graduated[0] >= timedelta(days=1)


@pytest.mark.parametrize("state_after_good", [1, 2, 3])
def test_ratings_order_next_due(state_after_good: int) -> None:
    st: CardState | None = None
    now = T0
    for _ in range(state_after_good):
        st = review("k:code-name", st, GOOD, now, S)
        now = st.due
    dues = [review("k:code-name", st, r, now, S).due for r in (AGAIN, HARD, GOOD, EASY)]
    assert dues == sorted(dues)
    assert dues[0] < dues[3]
    assert all(d > now for d in dues)


@pytest.mark.parametrize(
    ("rating", "delay"),
    [(AGAIN, timedelta(minutes=1)), (GOOD, timedelta(minutes=10))],
)
def test_learning_steps(rating: int, delay: timedelta) -> None:
    assert review("x:code-name", None, rating, T0, S).due - T0 == delay


def test_custom_steps_and_retention() -> None:
    s = Settings(learning_steps=(30, 300), desired_retention=0.8)
    assert review("x:code-name", None, AGAIN, T0, s).due - T0 == timedelta(seconds=30)
    high = Settings(desired_retention=0.97)
    low = Settings(desired_retention=0.8)
    a = review("x:code-name", None, EASY, T0, high)
    b = review("x:code-name", None, EASY, T0, low)
    assert a.due < b.due  # higher retention → shorter intervals


def _graduate(now: datetime) -> tuple[CardState, datetime]:
    st = review("x:code-name", None, EASY, now, S)
    return st, st.due


def test_reps_and_lapses_are_counted_and_leech_flagged_at_8() -> None:
    st, now = _graduate(T0)
    assert (st.reps, st.lapses) == (1, 0)
    for lapse in range(1, 9):
        st = review("x:code-name", st, AGAIN, now, S)  # forgotten in review: a lapse
        assert st.lapses == lapse
        assert st.is_leech(S) == (lapse >= 8)
        st = review("x:code-name", st, EASY, st.due, S)  # back to review
        now = st.due
    assert st.reps == 1 + 2 * 8
    assert not st.suspended


def test_again_in_learning_is_not_a_lapse() -> None:
    st = review("x:code-name", None, AGAIN, T0, S)
    st = review("x:code-name", st, AGAIN, st.due, S)
    assert (st.reps, st.lapses) == (2, 0)


def test_leeches_can_be_suspended() -> None:
    s = Settings(leech_lapses=2, leech_action="suspend")
    st, now = _graduate(T0)
    for _ in range(2):
        st = review("x:code-name", st, AGAIN, now, s)
        st = review("x:code-name", st, EASY, st.due, s)
        now = st.due
    assert st.suspended
    deck = [cards.Card("x", "code-name", 0)]
    assert next_card(deck, {st.key: st}, Today(), now + timedelta(days=400), s) is None


def test_due_is_never_in_the_past() -> None:
    st: CardState | None = None
    now = T0
    for r in [GOOD, AGAIN, HARD, EASY, AGAIN, GOOD, GOOD, HARD]:
        st = review("x:code-name", st, r, now, S)
        assert st.due > now
        now = st.due + timedelta(hours=1)


def test_review_refuses_bad_ratings() -> None:
    with pytest.raises(ValueError, match="rating"):
        review("x:code-name", None, 5, T0, S)


DECK = cards.deck("starter").cards


def test_new_cards_respect_the_daily_limit_one_direction_per_code() -> None:
    s = Settings(new_per_day=5)
    learning, reviews, new, _ = queues(DECK, {}, Today(), T0, s)
    assert (len(learning), len(reviews), len(new)) == (0, 0, 5)
    assert [c.subject for c in new] == ["200", "304", "302", "404", "301"]
    _, _, new, _ = queues(DECK, {}, Today(new_cards=4), T0, s)
    assert len(new) == 1
    _, _, new, _ = queues(DECK, {}, Today(new_cards=9), T0, s)
    assert new == []


def test_reviews_respect_the_daily_limit() -> None:
    states = {}
    for c in DECK[:12]:
        st = review(c.key, None, EASY, T0 - timedelta(days=30), S)
        states[c.key] = st
    later = T0 + timedelta(days=60)
    s = Settings(reviews_per_day=5, new_per_day=0)
    _, reviews, _, _ = queues(DECK, states, Today(), later, s)
    assert len(reviews) == 5
    _, reviews, _, _ = queues(DECK, states, Today(reviews=5), later, s)
    assert reviews == []


def test_siblings_are_buried_for_the_day() -> None:
    s = Settings(new_per_day=100)
    answered = review("422:code-name", None, GOOD, T0, s)
    today = Today(new_cards=1, answered={"422": frozenset({"422:code-name"})})
    states = {"422:code-name": answered}
    # Everything about 422 is due (new) but its siblings wait; the answered card itself goes on.
    later = T0 + timedelta(minutes=11)
    learning, _, new, _ = queues(DECK, states, today, later, s)
    assert [c.key for c in learning] == ["422:code-name"]
    assert not any(c.subject == "422" for c in new)
    # The next study day, the siblings come back.
    tomorrow = scheduler.day_start(scheduler.study_day(T0, s) + 1, s)
    _, _, new, _ = queues(DECK, states, Today(), tomorrow, s)
    assert any(c.key == "422:name-code" for c in new)


def test_burying_can_be_turned_off() -> None:
    s = Settings(new_per_day=100, bury_siblings=False)
    today = Today(answered={"422": frozenset({"422:code-name"})})
    cards_ = [c for c in DECK if c.subject == "422"]
    _, _, new, _ = queues(cards_, {}, today, T0, s)
    assert new  # one direction per code still, but not buried


def test_learning_first_then_reviews_then_new() -> None:
    s = Settings()
    lrn = review("200:code-name", None, AGAIN, T0 - timedelta(minutes=5), s)
    rev = review("304:code-name", None, EASY, T0 - timedelta(days=20), s)
    states = {lrn.key: lrn, rev.key: rev}
    assert next_card(DECK, states, Today(), T0, s).key == "200:code-name"
    del states[lrn.key]
    assert next_card(DECK, states, Today(), T0, s).key == "304:code-name"
    del states[rev.key]
    assert next_card(DECK, states, Today(), T0, s).key == "200:code-name"  # new now


@pytest.mark.parametrize(
    ("moment", "zone", "day"),
    [
        (datetime(2026, 3, 2, 3, 59, tzinfo=UTC), "UTC", "2026-03-01"),  # before 04:00
        (datetime(2026, 3, 2, 4, 0, tzinfo=UTC), "UTC", "2026-03-02"),
        (datetime(2026, 3, 1, 21, 30, tzinfo=UTC), "Asia/Bangkok", "2026-03-02"),  # 04:30 +07
        (datetime(2026, 3, 1, 20, 30, tzinfo=UTC), "Asia/Bangkok", "2026-03-01"),  # 03:30 +07
    ],
)
def test_study_day_starts_at_4_local(moment: datetime, zone: str, day: str) -> None:
    s = Settings(timezone=zone)
    n = scheduler.study_day(moment, s)
    assert (datetime(1970, 1, 1) + timedelta(days=n)).date().isoformat() == day
    assert scheduler.day_start(n, s) <= moment < scheduler.day_start(n + 1, s)


@pytest.mark.parametrize(
    "bad",
    [
        {"desired_retention": 0.5},
        {"desired_retention": 1.0},
        {"new_per_day": -1},
        {"leech_lapses": 0},
        {"timezone": "Mars/Olympus"},
        {"learning_steps": (0,)},
    ],
)
def test_settings_are_checked(bad: dict[str, object]) -> None:
    with pytest.raises(SettingsError):
        Settings().with_changes(**bad)


def test_state_round_trips_through_dicts() -> None:
    st = review("x:code-name", None, GOOD, T0, S)
    assert CardState.from_dict(st.to_dict()) == st
    assert Settings.from_dict(Settings(new_per_day=3).to_dict()) == Settings(new_per_day=3)
