"""Interface words of the web pages exist in every language, and language prefixes map to
URLs both ways."""

from __future__ import annotations

import pytest

import statusdex
from statusdex.core.labels import table
from statusdex.web.i18n import labels, split_lang, url_for_lang


def _web_labels() -> dict[str, dict[str, str]]:
    return table("web")


@pytest.mark.parametrize("lang", statusdex.LANGUAGES)
def test_every_web_label_is_translated(lang: str) -> None:
    web = _web_labels()
    assert set(web[lang]) == set(web["en"])
    assert all(value.strip() for value in web[lang].values())


@pytest.mark.parametrize("lang", ["th", "fr"])
def test_translations_differ_from_english(lang: str) -> None:
    """A label copied from English by mistake shows up here (names like "API" may match)."""
    web = _web_labels()
    same = {k for k, v in web[lang].items() if v == web["en"][k]}
    assert same <= {"nav_api", "search_placeholder", "footer_api", "codes_count", "field.causes"}


def test_unknown_label_is_an_error() -> None:
    with pytest.raises(KeyError):
        labels("en")["no-such-label"]


@pytest.mark.parametrize(
    ("path", "lang", "rest"),
    [
        ("/th/codes/404", "th", "/codes/404"),
        ("/fr", "fr", "/"),
        ("/fr/", "fr", "/"),
        ("/th/learn/deck", "th", "/learn/deck"),
        ("/codes/404", "en", "/codes/404"),
        ("/thai", "en", "/thai"),
        ("/", "en", "/"),
    ],
)
def test_language_prefix(path: str, lang: str, rest: str) -> None:
    assert split_lang(path) == (lang, rest)


@pytest.mark.parametrize(
    ("path", "lang", "root", "url"),
    [
        ("/codes/404", "en", "", "/codes/404"),
        ("/codes/404", "th", "", "/th/codes/404"),
        ("/", "fr", "/ref/", "/ref/fr/"),
        ("codes", "en", "/ref", "/ref/codes"),
    ],
)
def test_url_for_lang(path: str, lang: str, root: str, url: str) -> None:
    assert url_for_lang(path, lang, root) == url
    assert split_lang(url.removeprefix(root.rstrip("/")))[0] == lang
