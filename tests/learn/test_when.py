"""Due times are said relatively, in three languages: "in 10 min", "tomorrow"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from statusdex.learn.when import absolute, relative

NOW = datetime(2026, 12, 7, 4, 21, tzinfo=UTC)

CASES = [
    (timedelta(seconds=10), "now", "ตอนนี้", "maintenant"),
    (timedelta(minutes=1), "in 1 min", "อีก 1 นาที", "dans 1 min"),
    (timedelta(minutes=10), "in 10 min", "อีก 10 นาที", "dans 10 min"),
    (timedelta(minutes=59), "in 59 min", "อีก 59 นาที", "dans 59 min"),
    (timedelta(hours=1), "in 1 hour", "อีก 1 ชั่วโมง", "dans 1 heure"),
    (timedelta(hours=5), "in 5 hours", "อีก 5 ชั่วโมง", "dans 5 heures"),
    (timedelta(hours=19), "in 19 hours", "อีก 19 ชั่วโมง", "dans 19 heures"),  # still today
    (timedelta(hours=20), "tomorrow", "พรุ่งนี้", "demain"),
    (timedelta(days=1), "tomorrow", "พรุ่งนี้", "demain"),
    (timedelta(days=4), "in 4 days", "อีก 4 วัน", "dans 4 jours"),
    (timedelta(days=-3), "now", "ตอนนี้", "maintenant"),  # overdue: due now
]


@pytest.mark.parametrize(("delta", "en", "th", "fr"), CASES, ids=[str(c[0]) for c in CASES])
def test_relative(delta: timedelta, en: str, th: str, fr: str) -> None:
    due = NOW + delta
    assert (relative(due, NOW, "en"), relative(due, NOW, "th"), relative(due, NOW, "fr")) == (
        en,
        th,
        fr,
    )


def test_naive_times_are_utc_and_the_exact_time_stays_for_tooltips() -> None:
    naive = datetime(2026, 12, 7, 4, 31)
    assert relative(naive, NOW, "en") == "in 10 min"
    assert absolute(naive) == "2026-12-07 04:31 UTC"
