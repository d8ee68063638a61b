"""Statistics from per-day totals and card states (pure)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from statusdex.learn import scheduler
from statusdex.learn.scheduler import AGAIN, EASY, Settings
from statusdex.learn.stats import FORECAST_DAYS, HISTORY_DAYS, DayTotals, compute

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
S = Settings()


def test_retention_accuracy_and_history() -> None:
    today = scheduler.study_day(T0, S)
    days = [
        DayTotals(today, "4xx", reviews=10, correct=8, recall_total=5, recall_pass=4, new_cards=2),
        DayTotals(today, "5xx", reviews=4, correct=1, recall_total=4, recall_pass=1),
        DayTotals(today - 40, "4xx", reviews=6, correct=6, recall_total=6, recall_pass=6),
        DayTotals(today - 400, "2xx", reviews=3, correct=3),  # outside the 365-day history
    ]
    st = compute(days, [], T0, S)
    assert (st.retention.hits, st.retention.total) == (11, 15)
    assert (st.retention_30d.hits, st.retention_30d.total) == (5, 9)
    assert st.target_retention == 0.9
    assert (st.reviews_today, st.new_today) == (14, 2)
    assert st.accuracy_by_family["4xx"].value == 14 / 16
    assert st.accuracy_by_family["5xx"].value == 0.25
    assert len(st.reviews_per_day) == HISTORY_DAYS
    assert st.reviews_per_day[-1] == (today, 14)
    assert dict(st.reviews_per_day)[today - 40] == 6
    assert st.total_reviews == 20


def test_empty_learner() -> None:
    st = compute([], [], T0, S)
    assert st.retention.value is None
    assert st.forecast == (0,) * FORECAST_DAYS
    assert st.leeches == ()
    assert st.to_dict()["retention"]["value"] is None


def test_forecast_and_leeches() -> None:
    overdue = scheduler.review("a:code-name", None, EASY, T0 - timedelta(days=40), S)
    soon = scheduler.review("b:code-name", None, EASY, T0, S)  # due in days
    leech = scheduler.review("c:code-name", None, EASY, T0 - timedelta(days=30), S)
    now = leech.due
    for _ in range(8):
        leech = scheduler.review("c:code-name", leech, AGAIN, now, S)
        leech = scheduler.review("c:code-name", leech, EASY, leech.due, S)
        now = leech.due
    parked = replace(leech, due=T0 + timedelta(days=400))  # a leech not due in the window
    st = compute([], [overdue, soon, parked], T0, S)
    assert st.forecast[0] == 1  # overdue counts today
    ahead = scheduler.study_day(soon.due, S) - scheduler.study_day(T0, S)
    assert 0 < ahead < FORECAST_DAYS
    assert st.forecast[ahead] == 1
    assert sum(st.forecast) == 2
    assert [x.key for x in st.leeches] == ["c:code-name"]
    assert st.leeches[0].lapses == 8


def test_retention_week_by_week() -> None:
    from statusdex.learn.stats import RETENTION_WEEKS
    from statusdex.web.learn import charts

    today = scheduler.study_day(T0, S)
    days = [
        DayTotals(today, "4xx", reviews=10, correct=9, recall_total=10, recall_pass=9),
        DayTotals(today - 1, "5xx", reviews=10, correct=7, recall_total=10, recall_pass=7),
        DayTotals(today - 7 * 10, "4xx", reviews=4, correct=2, recall_total=4, recall_pass=2),
        DayTotals(today - 7 * 30, "4xx", reviews=4, correct=0, recall_total=4, recall_pass=0),
    ]
    weeks = compute(days, [], T0, S).retention_by_week
    assert len(weeks) == RETENTION_WEEKS
    assert weeks[-1][0] <= today < weeks[-1][0] + 7
    assert (weeks[-1][1].hits, weeks[-1][1].total) == (16, 20)
    assert [w for w in weeks if w[1].total] == [weeks[-11], weeks[-1]]
    assert weeks[-11][1].value == 0.5
    assert sum(w[1].total for w in weeks) == 24  # the day 30 weeks back is outside
    chart = charts.retention_over_time(weeks, 0.9, "{n} answers")
    bars = [r for r in chart.rects if r.css == "bar"]
    assert len(bars) == 2
    assert bars[1].height > bars[0].height  # 80 % stands taller than 50 %
    assert "80%, 20 answers" in bars[1].title
    ((_, y1, _, y2),) = chart.lines
    assert y1 == y2
    assert y1 < bars[1].y  # the 90 % target line is above the top of the 80 % bar
