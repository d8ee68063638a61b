"""A field shown in English because its translation is missing is marked where it is shown:
in the terminal beside its heading, in the API in ``fallback`` (entries and search hits).

Every entry is fully translated today, so each test removes Thai fields from the loaded
registry (in memory) and runs the real terminal command or API in process."""

from __future__ import annotations

from pathlib import Path

import pytest

import statusdex
from statusdex.cli.main import main
from statusdex.core import store
from statusdex.core.labels import label
from tests.conftest import SetText

MARK = label("th", "fallback")


@pytest.fixture
def thai_gaps(set_text: SetText) -> None:
    """403.14 in Thai without explanation, causes, fault and one choose line; 4xx without
    look_first."""
    thai = dict(store.raw_text("th", "403.14") or {})
    for field in ("explanation", "causes", "fault"):
        assert thai.pop(field)
    choose = dict(thai["choose"])
    assert choose.pop("404.0")
    thai["choose"] = choose
    family = dict(store.raw_text("th", "4xx") or {})
    assert family.pop("look_first")
    set_text("th", "403.14", thai)
    set_text("th", "4xx", family)


def _lines(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    assert main([*args, "--lang", "th", "--no-color"]) == 0
    return capsys.readouterr().out.splitlines()


def _heading(lines: list[str], name: str) -> str:
    found = [ln for ln in lines if ln.startswith(label("th", name))]
    assert found, name
    return found[0]


def test_terminal_marks_each_fallen_back_field(
    thai_gaps: None, capsys: pytest.CaptureFixture[str]
) -> None:
    s = statusdex.lookup("403.14")
    assert s.text("th").fallback == ("explanation", "causes", "fault", "choose")
    lines = _lines(capsys, "403.14", "--full")
    for name in ("meaning", "causes", "fault", "related"):
        assert MARK in _heading(lines, name), name
    for name in ("check", "example"):
        assert MARK not in _heading(lines, name), name
    # The English paragraph sits right under its marked heading.
    meaning = lines.index(_heading(lines, "meaning"))
    assert s.text("en").explanation.split()[0] in lines[meaning + 1]


def test_the_short_card_marks_its_fallen_back_fields(
    thai_gaps: None, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = _lines(capsys, "403.14")
    assert MARK in _heading(lines, "fault")
    assert MARK not in _heading(lines, "check_first")


def test_terminal_marks_a_family_field(thai_gaps: None, capsys: pytest.CaptureFixture[str]) -> None:
    lines = _lines(capsys, "4xx")
    assert MARK in _heading(lines, "look_first")
    assert MARK not in _heading(lines, "meaning")


def test_terminal_shows_no_mark_when_nothing_fell_back(capsys: pytest.CaptureFixture[str]) -> None:
    assert MARK not in "\n".join(_lines(capsys, "403.14"))


def test_api_marks_fields_and_search_hits(thai_gaps: None, tmp_path: Path) -> None:
    from starlette.testclient import TestClient

    from statusdex.web.app import create_app
    from statusdex.web.settings import WebSettings

    app = create_app(WebSettings(database_url=f"sqlite:///{tmp_path / 'learn.db'}"))
    with TestClient(app) as client:
        entry = client.get("/api/v1/codes/403.14", params={"lang": "th"}).json()
        assert entry["text"]["th"]["fallback"] == ["explanation", "causes", "fault", "choose"]
        summary_gap = dict(store.raw_text("th", "403.14") or {})
        summary_gap.pop("summary")
        store.set_text_fields("th", "403.14", summary_gap)
        hits = client.get("/api/v1/search", params={"q": "403.14", "lang": "th"}).json()["hits"]
    hit = next(h for h in hits if h["id"] == "403.14")
    assert hit["fallback"] == ["summary"]
    assert hit["summary"] == statusdex.lookup("403.14").text("en").summary
