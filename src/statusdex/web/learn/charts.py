"""Geometry of the stats charts, drawn as inline SVG by the server (no chart library, no CDN).

Pure functions from ``stats.Stats`` numbers to shapes in SVG user units; the templates
(``learn/_charts.html``) turn the shapes into markup and add the words in the page's language.
Colours are CSS classes, so light and dark themes and print all work.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from statusdex.learn.stats import Ratio

EPOCH = date(1970, 1, 1)
CELL = 11  # heatmap square
STEP = 14  # square + gap
LEVELS = 4  # heatmap shades besides "none"


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    css: str
    title: str  # the exact figure, shown as a tooltip and read by screen readers


@dataclass(frozen=True, slots=True)
class Label:
    x: float
    y: float
    text: str
    anchor: str = "start"  # SVG text-anchor


@dataclass(frozen=True, slots=True)
class Chart:
    width: float
    height: float
    rects: tuple[Rect, ...]
    labels: tuple[Label, ...] = ()
    lines: tuple[tuple[float, float, float, float], ...] = ()  # x1, y1, x2, y2


def day_date(day: int) -> date:
    """The calendar date of a study day number (days since 1970-01-01)."""
    return EPOCH + timedelta(days=day)


def level(count: int, peak: int) -> int:
    """Heatmap shade 0 (no answers) to ``LEVELS`` (the busiest day)."""
    if count <= 0 or peak <= 0:
        return 0
    return max(1, min(LEVELS, math.ceil(LEVELS * count / peak)))


def heatmap(per_day: Sequence[tuple[int, int]], answers: str = "{n}") -> Chart:
    """A calendar of squares, one column per week (Monday at the top), one row per weekday.

    ``answers`` formats a day's count for its tooltip (``"{n} answers"``).
    """
    if not per_day:
        return Chart(0, 0, ())
    first = per_day[0][0]
    monday = first - day_date(first).weekday()
    top = 16  # room for the month labels
    peak = max(n for _, n in per_day)
    rects = []
    labels = []
    last_month = None
    for day, n in per_day:
        d = day_date(day)
        col = (day - monday) // 7
        row = d.weekday()
        rects.append(
            Rect(
                col * STEP,
                top + row * STEP,
                CELL,
                CELL,
                f"heat-{level(n, peak)}",
                f"{d.isoformat()}: {answers.format(n=n)}",
            )
        )
        if d.day <= 7 and row == 0 and (d.year, d.month) != last_month:
            text = f"{d.month:02d}" if d.month != 1 else str(d.year)
            labels.append(Label(col * STEP, 11, text))
            last_month = (d.year, d.month)
    columns = (per_day[-1][0] - monday) // 7 + 1
    return Chart(columns * STEP, top + 7 * STEP, tuple(rects), tuple(labels))


def forecast(counts: Sequence[int], day_label: str = "+{n}") -> Chart:
    """One bar per day ahead; ``[0]`` is today. ``day_label`` formats the axis (``"+{n} d"``)."""
    left, width_each, bar, height, bottom = 14, 20, 15, 120, 18
    peak = max(counts, default=0)
    rects = []
    labels = [Label(0, 10, str(peak))] if peak else []
    for i, n in enumerate(counts):
        x = left + i * width_each
        h = (height - 14) * n / peak if peak else 0
        title = f"{day_label.format(n=i)}: {n}"
        rects.append(Rect(x, height - h, bar, max(h, 1 if n else 0), "bar", title))
        if i % 5 == 0:
            labels.append(Label(x + bar / 2, height + 14, day_label.format(n=i), "middle"))
    axis = ((float(left), float(height), float(left + len(counts) * width_each), float(height)),)
    width = left + len(counts) * width_each + 4
    return Chart(width, height + bottom, tuple(rects), tuple(labels), axis)


def accuracy(by_family: Mapping[str, Ratio]) -> Chart:
    """A horizontal bar per family, 0–100 %, with the share and the count beside it."""
    left, span, row = 40, 300, 24
    rects = []
    labels = []
    for i, (family, ratio) in enumerate(by_family.items()):
        y = i * row
        value = ratio.value or 0.0
        rects.append(Rect(left, y + 4, span, 14, "track", ""))
        rects.append(
            Rect(
                left,
                y + 4,
                span * value,
                14,
                f"bar family-{family}",
                f"{family}: {ratio.hits}/{ratio.total}",
            )
        )
        labels.append(Label(0, y + 16, family))
        labels.append(Label(left + span + 6, y + 16, f"{percent(ratio.value)} ({ratio.total})"))
    return Chart(left + span + 90, max(len(by_family), 1) * row, tuple(rects), tuple(labels))


def retention(rows: Sequence[tuple[str, Ratio]], target: float) -> Chart:
    """Observed pass rates as bars against the target, drawn as a vertical line."""
    left, span, row = 130, 260, 26
    rects = []
    labels = []
    for i, (name, ratio) in enumerate(rows):
        y = i * row
        rects.append(Rect(left, y + 4, span, 16, "track", ""))
        if ratio.value is not None:
            rects.append(
                Rect(
                    left,
                    y + 4,
                    span * ratio.value,
                    16,
                    "bar",
                    f"{name}: {ratio.hits}/{ratio.total}",
                )
            )
        labels.append(Label(0, y + 17, name))
        labels.append(Label(left + span + 6, y + 17, percent(ratio.value)))
    x = left + span * target
    height = max(len(rows), 1) * row
    labels.append(Label(x, height + 12, percent(target), "middle"))
    return Chart(
        left + span + 60, height + 16, tuple(rects), tuple(labels), ((x, 0.0, x, float(height)),)
    )


def retention_over_time(
    weeks: Sequence[tuple[int, Ratio]], target: float, answers: str = "{n}"
) -> Chart:
    """Observed retention week by week: a bar per week (none for a week without reviews)
    on a 50–100 % scale, the target as a horizontal line. ``answers`` formats the count."""
    left, each, bar, height, bottom, floor = 34, 14, 10, 120, 18, 0.5
    rects = []
    labels = [Label(0, 10, "100%"), Label(0, height, "50%")]

    def y(value: float) -> float:
        return height - height * (max(floor, value) - floor) / (1 - floor)

    for i, (day, ratio) in enumerate(weeks):
        x = left + i * each
        if ratio.value is not None:
            top = y(ratio.value)
            title = f"{day_date(day).isoformat()}: {percent(ratio.value)}, "
            title += answers.format(n=ratio.total)
            rects.append(Rect(x, top, bar, max(1.0, height - top), "bar", title))
        if i % 4 == 0:
            d = day_date(day)
            labels.append(Label(x + bar / 2, height + 14, f"{d.day:02d}/{d.month:02d}", "middle"))
    width = left + len(weeks) * each + 4
    line = (float(left), y(target), float(width), y(target))
    labels.append(Label(width, y(target) - 3, percent(target), "end"))
    return Chart(width, height + bottom, tuple(rects), tuple(labels), (line,))


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"
