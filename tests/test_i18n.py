"""Thai and French: every entry translated, nothing copied from English, search in each."""

from __future__ import annotations

import pytest

import statusdex
from statusdex.core import store
from tests.conftest import SetText

TRANSLATED = ("th", "fr")
FULL = ("name", "summary", "explanation", "examples", "causes", "fixes", "fault")
MINIMUM = ("name", "summary", "examples", "fixes")


def entries(kind: str) -> list[statusdex.Status]:
    return list(statusdex.all_statuses(kind=kind))


def _missing(entry_id: str, lang: str, fields: tuple[str, ...]) -> list[str]:
    local = store.raw_texts(lang).get(entry_id, {})
    return [f for f in fields if not local.get(f)]


@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize("status", entries("iana"), ids=lambda s: s.key)
def test_iana_codes_are_fully_translated(status: statusdex.Status, lang: str) -> None:
    assert _missing(status.key, lang, FULL) == []
    t = status.text(lang)
    assert t.fallback == () or t.fallback == ("choose",)
    assert len(t.examples) == len(status.text("en").examples)


@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize("status", entries("vendor") + entries("iis"), ids=lambda s: s.key)
def test_vendor_codes_and_substatuses_have_the_minimum(status: statusdex.Status, lang: str) -> None:
    assert _missing(status.key, lang, MINIMUM) == []


@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize("fam", ["1xx", "2xx", "3xx", "4xx", "5xx"])
def test_families_are_translated(fam: str, lang: str) -> None:
    assert _missing(fam, lang, ("name", "summary", "explanation", "look_first")) == []


def _english_copies(lang: str) -> list[str]:
    english, local = store.raw_texts("en"), store.raw_texts(lang)
    copies = []
    for entry_id, fields in local.items():
        en = english.get(entry_id, {})
        for field in ("summary", "explanation", "fault", "look_first", "caution"):
            if fields.get(field) and fields.get(field) == en.get(field):
                copies.append(f"{entry_id}.{field}")
        for field in ("causes", "fixes"):
            for a, b in zip(fields.get(field, ()), en.get(field, ()), strict=False):
                if a == b and len(a) > 20:
                    copies.append(f"{entry_id}.{field}")
        for a, b in zip(fields.get("examples", ()), en.get("examples", ()), strict=False):
            if a["scenario"] == b["scenario"]:
                copies.append(f"{entry_id}.examples")
    return copies


@pytest.mark.parametrize("lang", TRANSLATED)
def test_no_translation_is_the_english_copied(lang: str) -> None:
    assert _english_copies(lang) == []


def test_thai_text_is_thai_and_french_is_french() -> None:
    th = statusdex.lookup(404).text("th").summary
    fr = statusdex.lookup(404).text("fr").summary
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in th)
    assert fr != statusdex.lookup(404).text("en").summary


def test_translated_name_sits_beside_the_official_phrase() -> None:
    s = statusdex.lookup(404)
    assert s.phrase == "Not Found"
    assert s.text("th").name
    assert s.text("th").name != "Not Found"
    assert s.text("fr").name
    assert s.text("fr").name != "Not Found"


def test_missing_fields_fall_back_to_english_and_say_so(set_text: SetText) -> None:
    """Every entry is fully translated, so the test removes Thai fields of 403.14 in memory."""
    thai = dict(store.raw_text("th", "403.14") or {})
    assert thai.pop("explanation")
    choose = dict(thai["choose"])
    assert choose.pop("403")
    kept = choose["404.0"]
    thai["choose"] = choose
    set_text("th", "403.14", thai)
    s = statusdex.lookup("403.14")
    t = s.text("th")
    assert t.fallback == ("explanation", "choose")
    assert t.explanation == s.text("en").explanation
    assert t.choose["403"] == s.text("en").choose["403"]
    assert t.choose["404.0"] == kept != s.text("en").choose["404.0"]


SEARCH = [
    ("ไม่พบ", "th", {"404"}),
    ("ไม่ได้รับอนุญาต", "th", {"401", "403"}),
    ("๔๒๙", "th", {"429"}),
    ("trop de requêtes", "fr", {"429"}),
    ("trop de requetes", "fr", {"429"}),
    ("non autorisé", "fr", {"401"}),
    ("non autorise", "fr", {"401"}),
    ("passerelle", "fr", {"502", "504"}),
    ("introuvable", "fr", {"404"}),
]


@pytest.mark.parametrize(("query", "lang", "expected"), SEARCH)
def test_search_in_each_language(query: str, lang: str, expected: set[str]) -> None:
    top = [s.key for s in statusdex.search(query, lang=lang, limit=3)]
    assert top, f"nothing for {query!r}"
    assert top[0] in expected, top
    if len(expected) > 1:
        assert expected <= set(top), top


def test_requete_finds_requete_with_accent() -> None:
    hits = statusdex.search_hits("requete", lang="fr", limit=20)
    assert any(any(m.endswith(":fr") for m in h.matched) for h in hits)


def test_lookup_by_translated_name() -> None:
    assert statusdex.lookup(statusdex.lookup(404).text("th").name).key == "404"
    assert statusdex.lookup(statusdex.lookup(429).text("fr").name).key == "429"
