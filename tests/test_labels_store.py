"""Interface labels have one store (``statusdex.core.labels``), one format (Python literals,
one module per part) and one loader: every key has every language, no key is in two parts, and
the faces read their words through the loader."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

import statusdex
from statusdex.core import labels
from statusdex.core.labels.pages import words
from statusdex.learn.labels import label as learn_label
from statusdex.logs.report import labels as logs_labels
from statusdex.web.i18n import labels as site_labels
from statusdex.web.learn.base import learn_labels

SRC = Path(statusdex.__file__).resolve().parent


@pytest.mark.parametrize("part", labels.PARTS)
def test_every_key_has_every_language(part: str) -> None:
    words = labels.table(part)
    assert tuple(words) == statusdex.LANGUAGES
    for lang in statusdex.LANGUAGES:
        assert set(words[lang]) == set(words["en"]), lang
        assert all(text.strip() for text in words[lang].values()), lang


@pytest.mark.parametrize(("a", "b"), list(itertools.combinations(labels.PARTS, 2)))
def test_no_key_is_in_two_parts(a: str, b: str) -> None:
    assert set(labels.table(a)["en"]) & set(labels.table(b)["en"]) == set()


def test_every_module_of_the_store_is_a_part() -> None:
    """``shared`` is in the package's own module (the terminal's start-up reads it); ``pages``
    merges parts for a page."""
    modules = {p.stem for p in (SRC / "core" / "labels").glob("*.py")}
    assert modules == {"__init__", "pages"} | set(labels.PARTS) - {"shared"}


@pytest.mark.parametrize("pattern", ["labels.toml", "*_labels.toml", "web_labels*", "labels.py"])
def test_no_other_store_of_interface_labels(pattern: str) -> None:
    """The stores this replaced (core/labels.py, web/labels.toml, learn/web_labels.toml,
    logs/labels.toml) are gone; learn/labels.py only reads the store."""
    found = {str(p.relative_to(SRC)) for p in SRC.rglob(pattern)}
    assert found <= {"learn/labels.py"}
    assert "LABELS: dict" not in (SRC / "learn" / "labels.py").read_text("utf-8")


def test_unknown_part_is_refused() -> None:
    with pytest.raises(ValueError, match="no label part"):
        labels.table("cli")


# (words, key, language, expected): each face reads the store, English where a word is missing
FACES = [
    (lambda lang: site_labels(lang), "fault", "fr", labels.table("shared")["fr"]["fault"]),
    (lambda lang: site_labels(lang), "nav_learn", "th", labels.table("web")["th"]["nav_learn"]),
    (lambda lang: learn_labels(lang), "colon", "fr", "\u00a0: "),
    (lambda lang: learn_labels(lang), "search_button", "fr", "Chercher"),
    (lambda lang: learn_labels(lang), "again", "th", labels.table("learn")["th"]["again"]),
    (lambda lang: learn_labels(lang), "heat_more", "en", "more"),
    (lambda lang: {"colon": learn_label("colon", lang)}, "colon", "fr", "\u00a0: "),
    (lambda lang: {"good": learn_label("good", lang)}, "good", "xx", "Good"),
    (lambda lang: words(lang, "web"), "nav_learn", "xx", "Learn"),
    (lambda lang: logs_labels(lang), "win32", "fr", labels.table("logs")["fr"]["logs.win32"]),
    (lambda lang: logs_labels(lang), "iis", "xx", labels.table("logs")["en"]["logs.iis"]),
]


@pytest.mark.parametrize(("words", "key", "lang", "expected"), FACES)
def test_each_face_reads_the_store(words, key, lang, expected) -> None:  # type: ignore[no-untyped-def]
    assert words(lang)[key] == expected


def test_an_unknown_key_is_an_error() -> None:
    with pytest.raises(KeyError, match="no interface label 'no-such-key'"):
        words("th", "shared", "web")["no-such-key"]


def test_fmt_fills_values() -> None:
    assert words("en", "web").fmt("results_for", q="teapot") == "Results for “teapot”"
