"""Learning statistics as text charts for the terminal (bars, a sparkline, a calendar)."""

from __future__ import annotations

from datetime import date, timedelta

from statusdex.cli.width import width
from statusdex.learn.labels import label
from statusdex.learn.stats import Ratio, Stats

_SPARK = " ▁▂▃▄▅▆▇█"
_HEAT = "·░▒▓█"
_EPOCH = date(1970, 1, 1)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def bar(value: int, top: int, width: int = 30) -> str:
    if top <= 0 or value <= 0:
        return ""
    return "█" * max(1, round(width * value / top))


def sparkline(values: list[int]) -> str:
    top = max(values, default=0)
    if top == 0:
        return _SPARK[0] * len(values)
    return "".join(_SPARK[0 if v == 0 else 1 + round((len(_SPARK) - 2) * v / top)] for v in values)


def _days_line(values: list[int]) -> str:
    """The sparkline with a dot for a day without reviews, so the row reads as 28 days."""
    return "".join("·" if v == 0 else ch for v, ch in zip(values, sparkline(values), strict=True))


def calendar(days: list[tuple[int, int]], weeks: int = 12, lang: str = "en") -> list[str]:
    """A heatmap: one row per weekday (named in ``lang``), one column per week, a denser
    block for more reviews."""
    recent = days[-weeks * 7 :]
    if not recent:
        return []
    top = max(n for _, n in recent) or 1
    grid: dict[int, list[str]] = {w: [] for w in range(7)}
    first = _EPOCH + timedelta(days=recent[0][0])
    for _ in range(first.weekday()):
        grid[_].append(" ")
    for day, n in recent:
        weekday = (_EPOCH + timedelta(days=day)).weekday()
        level = 0 if n == 0 else 1 + round((len(_HEAT) - 2) * n / top)
        grid[weekday].append(_HEAT[level])
    names = label("weekdays", lang).split()
    wide = max(width(n) for n in names)
    return [f"  {names[w]}{' ' * (wide - width(names[w]))} {''.join(grid[w])}" for w in range(7)]


def _ratio(r: Ratio) -> str:
    return f"{_pct(r.value)} ({r.hits}/{r.total})"


def render(stats: Stats, lang: str, forecast_days: int = 14) -> str:
    """The stats screen as plain text."""
    lines = []
    c = label("colon", lang)
    lines.append(
        f"{label('retention', lang)}{c}{_ratio(stats.retention)} / {_pct(stats.target_retention)}"
        f"   30 d: {_ratio(stats.retention_30d)}"
    )
    lines.append(
        f"{label('today', lang)}{c}{stats.reviews_today} · {label('new', lang)}{c}{stats.new_today}"
        f" · {label('cards_seen', lang)}{c}{stats.cards_seen}"
        f" · {label('mature', lang)}{c}{stats.cards_mature}"
    )
    lines.append("")
    last = [n for _, n in stats.reviews_per_day[-28:]]
    lines.append(f"{label('reviews_per_day', lang)} (28 d, max {max(last, default=0)}):")
    lines.append(f"  {_days_line(last)}")
    heat = calendar(list(stats.reviews_per_day), lang=lang)
    if heat:
        lines.append("")
        lines.append(f"{label('heatmap', lang)} ({_HEAT[1]} → {_HEAT[-1]}):")
        lines.extend(heat)
    lines.append("")
    lines.append(f"{label('forecast', lang)}{c.rstrip(' ')}")
    ahead = list(stats.forecast[:forecast_days])
    top = max(ahead, default=0)
    for i, n in enumerate(ahead):
        lines.append(f"  +{i:<2} {n:>4} {bar(n, top)}")
    lines.append("")
    lines.append(f"{label('accuracy', lang)}{c.rstrip(' ')}")
    if not stats.accuracy_by_family:
        lines.append(f"  {label('none', lang)}")
    for fam, r in stats.accuracy_by_family.items():
        filled = round(20 * (r.value or 0))
        lines.append(f"  {fam} {'█' * filled}{'░' * (20 - filled)} {_ratio(r)}")
    lines.append("")
    lines.append(f"{label('leeches', lang)}{c.rstrip(' ')}")
    if not stats.leeches:
        lines.append(f"  {label('none', lang)}")
    for leech in stats.leeches:
        lines.append(f"  {leech.key}  ({leech.lapses})")
    return "\n".join(lines) + "\n"
