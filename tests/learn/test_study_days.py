"""Issue 20's scheduling defects, each reproduced: the learner's own day, study-day counting,
fractional recall, undo within a session, seeded fuzz, a faithful import, per-deck limits and
the leech action."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import fsrs
import pytest

from statusdex.learn import grading, scheduler
from statusdex.learn.cards import card as get_card
from statusdex.learn.errors import SettingsError
from statusdex.learn.scheduler import AGAIN, EASY, GOOD, REVIEW, CardState, Settings, review
from statusdex.learn.service import LearnService
from statusdex.learn.storage import Storage

BANGKOK = "Asia/Bangkok"  # UTC+7: 04:00 local is 21:00 UTC the day before
LA = "America/Los_Angeles"


def _right(key: str) -> str:
    return grading.expected(get_card(key), "en")


# 1. The study day starts at 04:00 in the learner's zone ------------------------------------


def _local(zone: str, *args: int) -> datetime:
    from zoneinfo import ZoneInfo

    return datetime(*args, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def test_a_bangkok_day_gets_one_set_of_new_cards(svc: LearnService) -> None:
    learner, _ = svc.create_learner()
    svc.update_settings(learner, timezone=BANGKOK)
    morning = _local(BANGKOK, 2026, 3, 2, 8, 0)
    evening = _local(BANGKOK, 2026, 3, 2, 20, 0)
    for i in range(10):
        shown = svc.next_card(learner, "starter", morning + timedelta(seconds=i))
        assert shown is not None
        assert shown.state == "new"
        svc.answer(learner, shown.key, answer=_right(shown.key), now=morning)
    # 20:00 the same local day is 13:00 UTC, after 04:00 UTC: with a UTC day it had 10 more.
    assert svc.due_counts(learner, "starter", evening).new == 0
    next_morning = _local(BANGKOK, 2026, 3, 3, 4, 30)
    assert svc.due_counts(learner, "starter", next_morning).new == 10


def test_siblings_stay_buried_until_4_in_los_angeles(svc: LearnService) -> None:
    learner, _ = svc.create_learner()
    svc.update_settings(learner, timezone=LA)
    noon = _local(LA, 2026, 3, 2, 12, 0)
    svc.answer(learner, "404:code-name", answer="Not Found", now=noon)
    states = svc.storage.card_states(learner)
    at_nine_pm = _local(LA, 2026, 3, 2, 21, 0)  # 04:00 UTC the next day: the old day start
    today = svc._today(learner, at_nine_pm, svc.settings(learner), "starter")
    assert "404" in today.answered
    _learning, _reviews, new, _soon = scheduler.queues(
        [get_card("404:name-code")], states, today, at_nine_pm, svc.settings(learner)
    )
    assert new == []  # still buried in the evening
    after_four = _local(LA, 2026, 3, 3, 4, 1)
    tomorrow = svc._today(learner, after_four, svc.settings(learner), "starter")
    assert "404" not in tomorrow.answered


def test_the_first_zone_given_is_kept_and_can_be_changed(svc: LearnService) -> None:
    learner, _ = svc.create_learner()
    assert svc.settings(learner).timezone == "UTC"
    assert svc.ensure_timezone(learner, "Mars/Olympus") is False  # unknown: ignored
    assert svc.ensure_timezone(learner, BANGKOK) is True
    assert svc.ensure_timezone(learner, LA) is False  # another device: the learner's stays
    assert svc.settings(learner).timezone == BANGKOK
    svc.update_settings(learner, timezone=LA)
    assert svc.settings(learner).timezone == LA
    # Changing another setting first does not count as choosing a zone.
    other, _ = svc.create_learner()
    svc.update_settings(other, new_per_day=12)
    assert svc.ensure_timezone(other, BANGKOK) is True


# 2. Elapsed time in study days --------------------------------------------------------------


def test_a_review_the_next_study_day_counts_one_day() -> None:
    s = Settings(timezone=BANGKOK)
    t0 = _local(BANGKOK, 2026, 3, 2, 10, 0)
    st = review("x:code-name", None, AGAIN, t0, s)
    st = review("x:code-name", st, GOOD, st.due, s)
    st = review("x:code-name", st, GOOD, st.due, s)
    assert st.state == REVIEW
    day_later = st.due - timedelta(minutes=11)  # the next study day, 23 h 49 min after
    assert scheduler.study_day(day_later, s) == scheduler.study_day(st.last_review, s) + 1
    after = review("x:code-name", st, GOOD, day_later, s)
    # What fsrs gives for exactly one day elapsed: the study day counts as one.
    reference, _ = scheduler.scheduler_for(s).review_card(
        fsrs.Card(
            card_id=1,
            state=fsrs.State.Review,
            stability=st.stability,
            difficulty=st.difficulty,
            last_review=day_later - timedelta(days=1),
            due=st.due,
        ),
        fsrs.Rating.Good,
        day_later,
    )
    assert after.stability == pytest.approx(reference.stability)
    assert after.stability > 1.5  # fsrs's whole 24-hour periods gave 0.32 (same-day formula)
    assert after.due - day_later >= timedelta(days=2)


def test_same_study_day_is_zero_days_even_after_midnight() -> None:
    s = Settings(timezone=BANGKOK)
    evening = _local(BANGKOK, 2026, 3, 2, 23, 0)
    small_hours = _local(BANGKOK, 2026, 3, 3, 3, 30)  # before 04:00: still the same study day
    st = review("x:code-name", None, EASY, evening, s)
    assert scheduler.elapsed_days(st, small_hours, s) == 0
    assert scheduler.elapsed_days(st, small_hours + timedelta(hours=1), s) == 1


# 3. Recall with fractional days --------------------------------------------------------------


def test_browse_recall_is_a_smooth_curve() -> None:
    s = Settings()
    t0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    st = CardState("x:code-name", REVIEW, t0 + timedelta(days=1), stability=0.28, difficulty=5)
    st = CardState(**{**st.to_dict(), "due": st.due, "last_review": t0})
    r = [scheduler.retrievability(st, t0 + timedelta(hours=h), s) for h in (0, 12, 23.5, 24.5)]
    assert r[0] == pytest.approx(1.0)
    assert r[0] > r[1] > r[2] > r[3]
    assert r[2] - r[3] < 0.02  # one hour apart: not the old 1.000 → 0.794 step
    assert r[2] < 0.81
    assert scheduler.retrievability(st, t0 + timedelta(days=1), s) == pytest.approx(
        scheduler.forgetting_curve(1.0, 0.28, s)
    )


# 4. Undo within the session that answered ----------------------------------------------------


def test_undo_never_reaches_another_session(db_url: str) -> None:
    storage = Storage(db_url)
    try:
        first = LearnService(storage, fuzz=False)
        learner, _ = first.create_learner()
        t0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
        first.answer(learner, "404:code-name", answer="Not Found", now=t0)
        later = LearnService(storage, fuzz=False)  # the next run of statusdex learn
        assert later.undo_last(learner) is None
        assert storage.log_count(learner) == 1
        assert first.undo_last(learner, "another-browser") is None
        assert first.undo_last(learner) == "404:code-name"
        assert storage.log_count(learner) == 0
    finally:
        storage.close()


# 5. Fuzz seeded by card and repetition -------------------------------------------------------


def test_undo_then_answer_again_gives_the_same_day(db_url: str) -> None:
    storage = Storage(db_url)
    try:
        svc = LearnService(storage, fuzz=True)
        learner, _ = svc.create_learner()
        now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
        key = "404:name-code"
        for _ in range(3):  # up to a review interval that fuzz moves (≥ 3 days)
            result = svc.answer(learner, key, rating=EASY, now=now)
            now = result.next_due
        dues = set()
        for _ in range(8):
            dues.add(svc.answer(learner, key, rating=GOOD, now=now).next_due)
            assert svc.undo_last(learner) == key
        assert len(dues) == 1
    finally:
        storage.close()


def test_fuzz_spreads_cards_but_not_repeats() -> None:
    s = Settings()
    t0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    base = review("k:code-name", None, EASY, t0, s)
    later = base.due
    dues = {review(f"{n}:code-name", base, GOOD, later, s, fuzz=True).due for n in range(40)}
    assert len(dues) > 3  # different cards land on different days
    again = {review("7:code-name", base, GOOD, later, s, fuzz=True).due for _ in range(5)}
    assert len(again) == 1
    plain = review("7:code-name", base, GOOD, later, s).due
    assert abs((plain - next(iter(again))).days) <= 0.15 * (plain - later).days + 1


# 6. Export then import keeps every card's state ----------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_round_trip_keeps_every_card(db_url: str, fmt: str) -> None:
    storage = Storage(db_url)
    try:
        svc = LearnService(storage, fuzz=True)
        learner, _ = svc.create_learner()
        svc.update_settings(learner, timezone=BANGKOK, desired_retention=0.85)
        now = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
        for day in range(30):
            for deck in ("starter", "families"):
                for _ in range(12):
                    shown = svc.next_card(learner, deck, now)
                    if shown is None:
                        break
                    wrong = (day * 7 + len(shown.key)) % 5 == 0
                    given = "no idea" if wrong else _right(shown.key)
                    svc.answer(learner, shown.key, answer=given, now=now, deck=deck)
                    now += timedelta(seconds=40)
            now += timedelta(days=1, minutes=37)
        before = storage.card_states(learner)
        assert len(before) > 40
        assert sum(s.state == REVIEW for s in before.values()) > 20
        exported = svc.export_log(learner, fmt)
        # Imported under other settings, by a learner in another zone: nothing moves.
        other, _ = svc.create_learner()
        svc.update_settings(other, timezone=LA, desired_retention=0.95, new_per_day=3)
        assert svc.import_log(other, exported) == storage.log_count(learner)
        after = storage.card_states(other)
        assert after == before
        assert svc.export_log(other, fmt) == exported
    finally:
        storage.close()


def test_a_log_without_states_is_replayed_with_the_same_fuzz(svc: LearnService) -> None:
    fuzzy = LearnService(svc.storage, fuzz=True)
    learner, _ = fuzzy.create_learner()
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    for _ in range(5):
        result = fuzzy.answer(learner, "404:name-code", rating=GOOD, now=now)
        now = result.next_due
    before = fuzzy.storage.card_states(learner)
    rows = list(csv.DictReader(io.StringIO(fuzzy.export_log(learner, "csv"))))
    assert len(rows) == 5
    out = io.StringIO()
    old_columns = ["card", "reviewed_at", "rating", "correct", "mode", "answer", "duration_ms"]
    writer = csv.DictWriter(out, old_columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    old_format = out.getvalue()  # a version 1 log: no deck, no state after each answer
    assert "state_after" not in old_format
    other, _ = fuzzy.create_learner()
    fuzzy.import_log(other, old_format)
    assert fuzzy.storage.card_states(other) == before


# 7. Limits and settings per deck -------------------------------------------------------------


def test_new_cards_in_one_deck_leave_the_others_their_own(svc: LearnService) -> None:
    learner, _ = svc.create_learner()
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    for _ in range(10):
        shown = svc.next_card(learner, "starter", now)
        assert shown is not None
        svc.answer(learner, shown.key, answer=_right(shown.key), now=now, deck="starter")
    assert svc.due_counts(learner, "starter", now).new == 0
    assert svc.due_counts(learner, "iana", now).new == 10
    assert svc.due_counts(learner, "families", now).new == 5  # five families in all


def test_a_deck_has_its_own_settings(svc: LearnService) -> None:
    learner, _ = svc.create_learner()
    svc.update_settings(learner, new_per_day=4)
    svc.update_deck_settings(learner, "iana", new_per_day=25, desired_retention=0.8)
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert svc.due_counts(learner, "starter", now).new == 4
    assert svc.due_counts(learner, "iana", now).new == 25
    assert svc.deck_settings(learner, "iana").desired_retention == 0.8
    assert svc.deck_settings(learner, "starter").desired_retention == 0.9
    svc.update_deck_settings(learner, "iana", new_per_day=None)
    assert svc.due_counts(learner, "iana", now).new == 4
    with pytest.raises(SettingsError):
        svc.update_deck_settings(learner, "iana", timezone=LA)  # the learner's, not a deck's
    with pytest.raises(SettingsError):
        svc.update_deck_settings(learner, "iana", new_per_day=-1)
    # Kept in the database.
    assert LearnService(svc.storage).deck_settings(learner, "iana").desired_retention == 0.8


def test_a_deck_limit_counts_only_that_decks_answers(svc: LearnService) -> None:
    learner, _ = svc.create_learner()
    svc.update_deck_settings(learner, "starter", reviews_per_day=1)
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    for key in ("404:code-name", "500:code-name"):
        svc.answer(learner, key, rating=EASY, now=now, deck="starter")
    later = now + timedelta(days=30)
    assert svc.due_counts(learner, "starter", later).review == 1
    assert svc.due_counts(learner, "iana", later).review == 2


# 8. The leech action -------------------------------------------------------------------------


def test_suspend_leeches_at_8_then_every_4_lapses() -> None:
    s = Settings(leech_action="suspend")
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    st = review("x:code-name", None, EASY, now, s)
    suspended_at = []
    for lapse in range(1, 17):
        st = review("x:code-name", st, AGAIN, st.due, s)
        assert st.lapses == lapse
        if st.suspended:
            suspended_at.append(lapse)
            st = replace(st, suspended=False)  # the learner takes it back into study
        st = review("x:code-name", st, EASY, st.due, s)
    assert suspended_at == [8, 12, 16]
    tagged = Settings()
    st = review("x:code-name", None, EASY, now, tagged)
    for _ in range(9):
        st = review("x:code-name", st, AGAIN, st.due, tagged)
        st = review("x:code-name", st, EASY, st.due, tagged)
    assert st.is_leech(tagged)
    assert not st.suspended


def test_leech_action_setting() -> None:
    assert Settings.from_dict({"suspend_leeches": True}).leech_action == "suspend"
    with pytest.raises(SettingsError):
        Settings(leech_action="delete")


def test_a_schema_1_database_is_migrated(db_url: str) -> None:
    from sqlalchemy import text

    storage = Storage(db_url)
    svc = LearnService(storage, fuzz=False)
    learner, _ = svc.create_learner()
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    svc.answer(learner, "404:code-name", answer="Not Found", now=now)
    with storage.engine.begin() as conn:  # back to what version 1 wrote
        for column in ("deck", "session", "state_after"):
            conn.execute(text(f"ALTER TABLE review_log DROP COLUMN {column}"))
        conn.execute(text("UPDATE schema_version SET version = 1"))
    storage.close()
    storage = Storage(db_url)
    try:
        assert storage.version() == 2
        svc = LearnService(storage, fuzz=False)
        (record,) = list(storage.log(learner))
        assert (record.entry.deck, record.entry.state_after) == (None, None)
        # An answer from before decks were logged counts in each deck that holds its card.
        assert svc.due_counts(learner, "starter", now).new == 9
        assert svc.due_counts(learner, "families", now).new == 5
        svc.answer(learner, "500:code-name", answer="Internal Server Error", now=now)
        assert storage.log_count(learner) == 2
        assert svc.undo_last(learner) == "500:code-name"
    finally:
        storage.close()
