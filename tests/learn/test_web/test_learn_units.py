"""The pure parts of the learning web face: chart geometry, the print layout, CSRF tokens
and the login rate limiter (with a fake clock)."""

from __future__ import annotations

from datetime import date

import pytest

from statusdex.learn.service import hash_token
from statusdex.learn.stats import Ratio
from statusdex.web.learn import charts, printsheet
from statusdex.web.learn.accounts import Backoff, LoginLimits, RateLimiter, csrf_for, new_token

# Charts ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "peak", "level"),
    [(0, 10, 0), (1, 10, 1), (3, 10, 2), (5, 10, 2), (6, 10, 3), (10, 10, 4), (4, 0, 0)],
)
def test_heatmap_levels(count: int, peak: int, level: int) -> None:
    assert charts.level(count, peak) == level


def test_heatmap_has_a_square_per_day_in_weekday_rows() -> None:
    first = (date(2026, 1, 1) - charts.EPOCH).days  # a Thursday
    per_day = [(first + i, i % 7) for i in range(365)]
    chart = charts.heatmap(per_day, "{n} answers")
    assert len(chart.rects) == 365
    first_rect = chart.rects[0]
    assert first_rect.y == 16 + 3 * charts.STEP  # Thursday is the fourth row
    assert first_rect.x == 0
    monday = chart.rects[4]  # 2026-01-05
    assert (monday.x, monday.y) == (charts.STEP, 16)
    assert first_rect.title == "2026-01-01: 0 answers"
    assert {r.css for r in chart.rects} == {f"heat-{n}" for n in range(5)}
    assert chart.width == 53 * charts.STEP
    assert [label.text for label in chart.labels][:3] == ["2026", "02", "03"]  # January: year


def test_forecast_scales_bars_to_the_busiest_day() -> None:
    chart = charts.forecast([0, 10, 5] + [0] * 27, "+{n} d")
    assert len(chart.rects) == 30
    empty, full, half = chart.rects[:3]
    assert empty.height == 0
    assert full.height == pytest.approx(2 * half.height)
    assert full.title == "+1 d: 10"
    assert [label.text for label in chart.labels] == [
        "10",
        "+0 d",
        "+5 d",
        "+10 d",
        "+15 d",
        "+20 d",
        "+25 d",
    ]


def test_accuracy_and_retention_bars() -> None:
    chart = charts.accuracy({"2xx": Ratio(3, 4), "4xx": Ratio(0, 2)})
    bars = [r for r in chart.rects if r.css.startswith("bar")]
    assert [round(b.width) for b in bars] == [225, 0]
    assert [label.text for label in chart.labels] == ["2xx", "75% (4)", "4xx", "0% (2)"]
    ret = charts.retention([("all", Ratio(8, 10)), ("30d", Ratio(0, 0))], 0.9)
    assert [label.text for label in ret.labels] == ["all", "80%", "30d", "–", "90%"]
    ((x1, _, x2, _),) = ret.lines
    assert x1 == x2 == 130 + 260 * 0.9


# Print sheet -------------------------------------------------------------------------------


def test_backs_mirror_the_columns_for_long_edge_duplex() -> None:
    items = printsheet.print_cards("starter", "code-name", "en")
    sheets = printsheet.layout(items, columns=2, rows=4)
    assert len(sheets) == -(-len(items) // 8)
    for sheet in sheets:
        for front_row, back_row in zip(sheet.fronts, sheet.backs, strict=True):
            assert back_row == tuple(reversed(front_row))
    last = sheets[-1]
    flat = [c for row in last.fronts for c in row]
    assert flat.count(None) == 8 * len(sheets) - len(items)
    # A short last row keeps its empty slot, so the lone back lands behind its front.
    assert sheets[0].fronts[0][0] is not None
    assert sheets[0].backs[0][1] is sheets[0].fronts[0][0]


@pytest.mark.parametrize(
    ("lang", "front", "expected_prompt", "expected_answer"),
    [
        ("en", "code-name", "404", "404 Not Found"),
        ("fr", "name-code", None, "404 "),
        ("th", "code-name", "404", "404 "),
    ],
)
def test_print_cards_come_from_the_registry(
    lang: str, front: str, expected_prompt: str | None, expected_answer: str
) -> None:
    import statusdex

    cards = {c.key.split(":")[0]: c for c in printsheet.print_cards("starter", front, lang)}
    card = cards["404"]
    name = statusdex.lookup(404).text(lang).name
    assert card.answer == f"404 {name}"
    assert card.answer.startswith(expected_answer)
    assert card.why == statusdex.lookup(404).text(lang).summary
    assert card.prompt == (expected_prompt or name)


def test_print_refuses_an_unknown_front() -> None:
    with pytest.raises(ValueError, match="unknown front"):
        printsheet.print_cards("starter", "back-to-front", "en")


# Learners ----------------------------------------------------------------------------------


def test_csrf_token_is_tied_to_the_cookie_and_is_not_its_stored_hash() -> None:
    a, b = new_token(), new_token()
    assert a != b
    assert len(a) == 43
    assert csrf_for(a) == csrf_for(a)
    assert csrf_for(a) != csrf_for(b)
    assert csrf_for(a) != hash_token(a)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_rate_limiter_window() -> None:
    clock = FakeClock()
    limiter = RateLimiter(3, 60, clock=clock)
    for _ in range(3):
        assert limiter.retry_after("k") == 0
        limiter.hit("k")
    assert limiter.retry_after("k") == 60
    assert limiter.retry_after("other") == 0
    clock.now += 59
    assert limiter.retry_after("k") == 1
    clock.now += 1
    assert limiter.retry_after("k") == 0
    limiter.hit("k")
    limiter.reset("k")
    assert limiter.retry_after("k") == 0


def test_rate_limiter_forgets_the_oldest_keys_past_its_size() -> None:
    limiter = RateLimiter(1, 60, max_keys=2, clock=FakeClock())
    for key in ("a", "b", "c"):
        limiter.hit(key)
    assert limiter.retry_after("a") == 0  # evicted
    assert limiter.retry_after("c") > 0


def test_login_limits_count_failures_per_address_and_username() -> None:
    clock = FakeClock()
    limits = LoginLimits(
        RateLimiter(100, 300, clock=clock),
        Backoff(free=2, base=1, cap=300, clock=clock),
        RateLimiter(10, 3600, clock=clock),
    )
    for _ in range(2):
        assert limits.wait("10.0.0.1", "Ada") == 0
        limits.failed("10.0.0.1", "ada")
    assert limits.wait("10.0.0.1", "ADA ") > 0  # the guesser's address waits
    assert limits.wait("10.0.0.2", "ada") == 0  # the owner elsewhere does not
    assert limits.wait("10.0.0.1", "bob") == 0
    limits.succeeded("10.0.0.1", "ada")
    assert limits.wait("10.0.0.1", "ada") == 0


def test_backoff_doubles_and_is_forgotten() -> None:
    clock = FakeClock()
    backoff = Backoff(free=1, base=2, cap=60, clock=clock)
    backoff.failed("k")
    assert backoff.retry_after("k") == 2
    backoff.failed("k")
    assert backoff.retry_after("k") == 4
    clock.now += 4
    assert backoff.retry_after("k") == 0
    for _ in range(20):
        backoff.failed("k")
    assert backoff.retry_after("k") == 60  # capped
    clock.now += 60
    assert backoff.retry_after("k") == 0  # forgotten a cap after the last failure
