"""Search through the library: every example of issue 12 (tests/search/cases.py)."""

from __future__ import annotations

import pytest

import statusdex
from statusdex.core.search import explain, search_result
from tests.search.cases import NOT_CODES, STRUCTURE, WORDS


def keys(query: str, lang: str | None, limit: int = 10) -> list[str]:
    return [h.status.key for h in search_result(query, lang=lang, limit=limit).hits]


@pytest.mark.parametrize(("query", "lang", "first", "family"), STRUCTURE)
def test_structure_before_words(
    query: str, lang: str | None, first: list[str], family: str | None
) -> None:
    result = search_result(query, lang=lang, limit=12)
    got = [h.status.key for h in result.hits]
    members = [m.key for h in result.hits for m in (h.members or (h.status,))]
    assert got[: len(first)] == first or members[: len(first)] == first, got
    assert (result.family.id if result.family else None) == family


@pytest.mark.parametrize(("query", "words"), NOT_CODES)
def test_near_codes_say_why(query: str, words: str) -> None:
    result = search_result(query, lang="en")
    assert result.hits == ()
    assert words in result.note


@pytest.mark.parametrize(("query", "lang", "first", "top3"), WORDS)
def test_words(query: str, lang: str | None, first: set[str], top3: set[str]) -> None:
    got = keys(query, lang, 3)
    assert got, query
    assert got[0] in first, got
    assert top3 <= set(got), got


def test_a_code_then_its_other_meanings_then_one_row_of_iis() -> None:
    hits = search_result("404", lang="en").hits
    assert hits[0].status.key == "404"
    assert hits[0].matched == ("code",)
    iis = [h for h in hits if h.status.kind == "iis"]
    assert len(iis) == 1
    assert len(iis[0].members) > 5
    assert all(m.key.startswith("404.") for m in iis[0].members)


def test_asking_for_iis_lists_the_sub_statuses_one_by_one() -> None:
    hits = search_result("iis 401", lang="en", limit=30).hits
    assert [h.status.key for h in hits][:3] == ["401.1", "401.2", "401.3"]
    assert all(not h.members for h in hits)


def test_tiers_iana_before_vendor_before_iis() -> None:
    kinds = [s.kind for s in statusdex.search("timeout", lang="en", limit=8)]
    assert kinds[0] == "iana"
    assert kinds.index("vendor") < kinds.index("iis") if "iis" in kinds else True


def test_a_vendor_in_the_query_lifts_its_codes() -> None:
    assert statusdex.search("cloudflare timeout", lang="en")[0].key in {
        "cloudflare/522",
        "cloudflare/524",
    }


@pytest.mark.parametrize(
    ("query", "lang", "other"),
    [("timeout", "fr", "th"), ("cors", "en", "fr"), ("délai", "fr", "th"), ("request", "en", "th")],
)
def test_never_hits_only_from_a_third_language(query: str, lang: str, other: str) -> None:
    for hit in search_result(query, lang=lang, limit=30).hits:
        langs = {m.partition(":")[2].rstrip("~≈") for m in hit.matched}
        assert langs != {other}, (hit.status.key, hit.matched)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("unauthorised", "401"), ("servce unavailable", "503"), ("internal sever error", "500")],
)
def test_one_typo_from_five_letters(typed: str, meant: str) -> None:
    assert statusdex.search(typed, lang="en")[0].key == meant


@pytest.mark.parametrize("typed", ["fond", "gome"])  # four letters: no typo allowed
def test_no_typo_below_five_letters(typed: str) -> None:
    assert all("~" not in m for h in search_result(typed).hits for m in h.matched)


def test_an_exact_word_is_never_read_as_a_typo_of_another() -> None:
    # "gone" is a name (410): it must not turn into "done" or "none"
    hit = search_result("gone", lang="en").hits[0]
    assert hit.status.key == "410"
    assert not any("~" in m for m in hit.matched)


@pytest.mark.parametrize(
    ("query", "lang", "words"),
    [
        ("not found", "en", "in the name"),
        ("ไม่พบหน้า", "th", "คำค้น"),
        ("trop de requêtes", "fr", "dans le nom"),
        ("404", "fr", "le code"),
    ],
)
def test_why_it_matched_in_words(query: str, lang: str, words: str) -> None:
    hit = search_result(query, lang=lang).hits[0]
    assert words in explain(hit, lang)
    assert ":" not in explain(hit, lang)


def test_thai_is_cut_into_words_not_matched_as_a_substring() -> None:
    # "หน้า" (page) is a word of "ไม่พบหน้า"; "ห" alone is not a word and finds nothing
    assert statusdex.search("ห", lang="th") == []


@pytest.mark.parametrize(
    ("query", "lang", "first_two"),
    [
        ("unauthorized vs forbidden", "en", ["401", "403"]),
        ("401 vs 403", "en", ["401", "403"]),
        ("non autorisé ou interdit", "fr", ["401", "403"]),
        ("ไม่ได้รับอนุญาต หรือ ห้ามเข้าถึง", "th", ["401", "403"]),
    ],
)
def test_a_comparison_answers_both_sides(query: str, lang: str, first_two: list[str]) -> None:
    assert keys(query, lang, 2) == first_two


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("la ressource n'existe pas", "la ressource n existe pas"),
        ("l’URL", "l URL"),
        ("doesn't exist", "doesn't exist"),  # English contractions stay whole
        ("I'm a teapot", "I'm a teapot"),
    ],
)
def test_french_elisions_are_words_of_their_own(text: str, words: str) -> None:
    from statusdex.core.search import elisions

    assert elisions(text) == words


@pytest.mark.parametrize(
    ("run", "words"),
    [
        ("ข้อผิดพลาดภายในเซิร์ฟเวอร์", ["ข้อผิดพลาด", "ภายใน", "เซิร์ฟเวอร์"]),
        ("ระบบปิดปรับปรุง", ["ระบบ", "ปิดปรับปรุง"]),  # not the greedy "ระบบปิด" + leftovers
        ("คำขอมากเกินไป", ["คำขอ", "มากเกินไป"]),
    ],
)
def test_thai_query_cut_by_maximal_matching(run: str, words: list[str]) -> None:
    from statusdex.core.search import _index

    assert _index().tokens(run) == words


@pytest.mark.parametrize("order", ["forward", "backward"])
def test_a_word_is_found_at_its_number_in_the_vocabulary(order: str) -> None:
    """``word_index`` counts from kept newline counts: in any order of asking, each word of the
    vocabulary is at its own number, and a word outside it at -1."""
    from statusdex.core.search import _load_index

    index = _load_index()
    words = index.vocab.strip("\n").split("\n")
    numbers = range(len(words)) if order == "forward" else range(len(words) - 1, -1, -1)
    assert [index.word_index(words[n]) for n in numbers] == list(numbers)
    assert index.word_index("notawordofthevocabulary") == -1
