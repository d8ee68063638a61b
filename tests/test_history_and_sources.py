"""Names over time and where they come from: earlier names apart from names used elsewhere
today, who deprecated what, sources for every unofficial name, IIS 6 codes and wording."""

from __future__ import annotations

import re

import pytest

import statusdex
from statusdex.core.records import HistoryName
from tests.conftest import read_csv

KB_943891 = "KB 943891"
KB_ROWS = {r["code"] for r in read_csv("iis-substatus-codes.csv")}
CONSTANTS = {r["code"]: r["constant"] for r in read_csv("iis-metabase-substatus-constants.csv")}
ENTRIES = list(statusdex.all_statuses())
WITH_HISTORY = [s for s in ENTRIES if s.history]


@pytest.mark.parametrize("s", WITH_HISTORY, ids=lambda s: s.key)
def test_an_earlier_name_is_not_todays_phrase(s: statusdex.Status) -> None:
    assert all(h.phrase != s.phrase for h in s.history)


@pytest.mark.parametrize("s", WITH_HISTORY, ids=lambda s: s.key)
def test_official_means_a_published_rfc(s: statusdex.Status) -> None:
    for h in s.history:
        assert h.official == h.spec.startswith("RFC "), (h.phrase, h.spec)


def test_rfc_2616_list_spellings_are_alike() -> None:
    """RFC 2616 §6.1.1 spelled four phrases differently from its §10 headings."""
    spellings = {
        408: "Request Time-out",
        414: "Request-URI Too Large",
        504: "Gateway Time-out",
        505: "HTTP Version not supported",
    }
    for code, phrase in spellings.items():
        (h,) = [h for h in statusdex.lookup(code).history if h.phrase == phrase]
        assert h.spec == "RFC 2616, Section 6.1.1"
        assert h.official


def _document(spec: str) -> str:
    """The document a history line cites: a draft name, a KB number or a metabase property."""
    m = re.search(r"draft-[a-z0-9-]+|KB \d+|CustomErrorDescriptions", spec)
    assert m, spec
    return m.group(0).removesuffix("-00")


UNOFFICIAL = [(s, h) for s in WITH_HISTORY for h in s.history if not h.official]


@pytest.mark.parametrize(
    ("s", "h"), UNOFFICIAL, ids=lambda v: getattr(v, "key", None) or getattr(v, "phrase", "")
)
def test_every_unofficial_name_has_its_source(s: statusdex.Status, h: HistoryName) -> None:
    doc = _document(h.spec)
    assert any(doc in src.label or doc in src.url for src in s.sources), (doc, s.sources)


def test_switch_proxy_and_unordered_collection_are_sourced() -> None:
    assert any("draft-cohen-http-305-306-responses" in x.url for x in statusdex.lookup(306).sources)
    assert any(
        "draft-ietf-webdav-collection-protocol" in x.url for x in statusdex.lookup(425).sources
    )


def test_names_used_elsewhere_today_are_not_history() -> None:
    s308 = statusdex.lookup(308)
    assert [h.phrase for h in s308.history] == []
    (also,) = s308.also_used
    assert (also.phrase, also.entry) == ("Resume Incomplete", "google/308")
    assert statusdex.lookup("google/308").phrase == also.phrase
    s103 = statusdex.lookup(103)
    assert "Checkpoint" in [a.phrase for a in s103.also_used]
    assert "Checkpoint" not in [h.phrase for h in s103.history]
    assert s103.name == "EARLY_HINTS"


def test_305_says_who_deprecated_it() -> None:
    s = statusdex.lookup(305)
    assert s.state == "deprecated"
    assert s.deprecated_by == "RFC 7231, Section 6.4.5; RFC 9110, Section 15.4.6"
    assert not s.iana_description.endswith(")"), "IANA marks nothing"
    assert {"RFC 7231, Section 6.4.5 (deprecation)", "RFC 9110, Section 15.4.6"} <= {
        x.label for x in s.sources
    }
    assert [x.deprecated_by for x in statusdex.all_statuses(kind="iana") if x.deprecated_by] == [
        s.deprecated_by
    ]


@pytest.mark.parametrize("lang", ["en", "th", "fr"])
def test_the_deprecation_label_names_no_iana(lang: str) -> None:
    from statusdex.core.labels import label

    assert "IANA" not in label(lang, "state.deprecated")


@pytest.mark.parametrize(
    ("words", "key"),
    [("Too many users", "403.9"), ("Object moved", "302"), ("Execution failed", "417")],
)
def test_iis6_wording_finds_its_entry(words: str, key: str) -> None:
    assert statusdex.lookup(words).key == key
    assert statusdex.search(words, limit=1)[0].key == key
    assert words in [h.phrase for h in statusdex.lookup(key).history]


IIS = [s for s in ENTRIES if s.kind == "iis"]


@pytest.mark.parametrize("s", IIS, ids=lambda s: s.key)
def test_kb_943891_is_cited_only_for_codes_it_lists(s: statusdex.Status) -> None:
    cites = any(KB_943891 in x.label for x in s.sources)
    assert cites == (s.key in KB_ROWS), s.key


@pytest.mark.parametrize("s", IIS, ids=lambda s: s.key)
def test_iis_constant_matches_iiscnfg(s: statusdex.Status) -> None:
    assert s.constant == CONSTANTS.get(s.key), s.key


@pytest.mark.parametrize("key", ["500.16", "500.17", "500.18", "500.20"])
def test_iis6_url_authorization_and_unc_codes(key: str) -> None:
    s = statusdex.lookup(key)
    assert s.since == "IIS 6"
    assert s.sources[0].url.startswith(
        "https://learn.microsoft.com/en-us/previous-versions/iis/6.0"
    )
    assert s.constant == CONSTANTS[key]
    for lang in ("th", "fr"):
        assert s.text(lang).fallback == ()


def test_url_authorization_codes_point_at_each_other() -> None:
    assert {"500.17", "500.20"} <= set(statusdex.lookup("500.18").related_keys)
    assert {"500.18", "500.20", "401.7"} <= set(statusdex.lookup("500.17").related_keys)
