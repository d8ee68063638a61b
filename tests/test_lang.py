"""Which language statusdex speaks, and what happens when a translation is missing."""

from __future__ import annotations

import pytest

import statusdex
from statusdex.core import lang


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "en"),
        ({"LANG": "th_TH.UTF-8"}, "th"),
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "fr_FR.UTF-8", "LC_ALL": "th_TH.UTF-8"}, "th"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LC_ALL": "C.UTF-8", "LANG": "fr_FR"}, "en"),
        ({"STATUSDEX_LANG": "fr", "LANG": "th_TH"}, "fr"),
    ],
)
def test_language_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str
) -> None:
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert lang.resolve(None) == expected


@pytest.mark.parametrize(
    ("given", "expected"), [("th", "th"), ("FR", "fr"), ("fr-CA", "fr"), ("en_GB.UTF-8", "en")]
)
def test_explicit_language(given: str, expected: str) -> None:
    assert lang.resolve(given) == expected


@pytest.mark.parametrize("bad", ["de", "xx", "", "thai"])
def test_unknown_language_is_a_clear_error(bad: str) -> None:
    with pytest.raises(statusdex.UnknownLanguageError, match="statusdex speaks en, th, fr"):
        statusdex.lookup(404).text(bad)


def test_caller_beats_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "th_TH.UTF-8")
    assert statusdex.lookup(404).text("en").lang == "en"
    assert statusdex.lookup(404).text().lang == "th"


def test_english_text_never_falls_back() -> None:
    for s in statusdex.all_statuses():
        assert s.text("en").fallback == ()
