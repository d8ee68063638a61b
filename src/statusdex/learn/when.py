"""When a card is due, said as a person would: "in 10 min", "in 3 hours", "tomorrow",
"in 4 days", in the learner's language. Every face uses this; none prints a timestamp."""

from __future__ import annotations

from datetime import datetime

from statusdex.learn.labels import label
from statusdex.learn.scheduler import utc


def relative(due: datetime, now: datetime, lang: str) -> str:
    """``due`` as seen from ``now`` (both aware or UTC-naive); calendar days in UTC."""
    due, now = utc(due), utc(now)
    seconds = (due - now).total_seconds()
    if seconds < 45:
        return label("when.now", lang)
    if seconds < 3600:
        return label("when.minutes", lang).format(n=max(1, round(seconds / 60)))
    days = (due.date() - now.date()).days
    if seconds < 12 * 3600 or days == 0:
        hours = max(1, round(seconds / 3600))
        return label("when.hour" if hours == 1 else "when.hours", lang).format(n=hours)
    if days <= 1:
        return label("when.tomorrow", lang)
    return label("when.days", lang).format(n=days)


def absolute(due: datetime) -> str:
    """The exact moment, for a tooltip or a ``datetime`` attribute's title."""
    return f"{utc(due):%Y-%m-%d %H:%M} UTC"


__all__ = ["absolute", "relative"]
