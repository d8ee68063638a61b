"""search(): ranked, forgiving, in every language."""

from __future__ import annotations

import pytest

import statusdex

TOP = [
    ("too many requests", "429"),
    ("Too Many Requests", "429"),
    ("rate limit", "429"),
    ("teapot", "418"),
    ("unauthorised", "401"),
    ("unauthorized", "401"),
    ("unauth", "401"),
    ("not found", "404"),
    ("payload too large", "413"),
    ("request entity too large", "413"),
    ("404", "404"),
    ("๔๐๔", "404"),
    ("403.14", "403.14"),
    ("499", "nginx/499"),
    ("directory listing denied", "403.14"),
    ("client closed request", "nginx/499"),
    ("bad gatway", "502"),  # a typo
    ("permanent redirect", "308"),
    ("moved temporarily", "302"),
    ("gateway timeout", "504"),
    ("service unavailable", "503"),
]


@pytest.mark.parametrize(("query", "key"), TOP)
def test_best_match(query: str, key: str) -> None:
    results = statusdex.search(query)
    assert results, f"nothing found for {query!r}"
    assert results[0].key == key, [s.key for s in results[:5]]


INCLUDES = [
    ("cloudflare", ["cloudflare/520", "cloudflare/522"]),
    ("nginx", ["nginx/444", "nginx/499"]),
    ("redirect", ["301", "302", "307", "308"]),
    ("timeout", ["408", "504"]),
]


@pytest.mark.parametrize(("query", "keys"), INCLUDES)
def test_results_include(query: str, keys: list[str]) -> None:
    found = [s.key for s in statusdex.search(query, limit=30)]
    for key in keys:
        assert key in found, (key, found)


def test_hits_say_why() -> None:
    hit = statusdex.search_hits("teapot", limit=1)[0]
    assert hit.status.key == "418"
    assert hit.matched
    assert hit.score > 0


@pytest.mark.parametrize("query", ["", "   ", "zzzzqqqq", "\x00", "%%%"])
def test_nothing_matches_gives_an_empty_list(query: str) -> None:
    assert statusdex.search(query) == []


def test_limit() -> None:
    assert len(statusdex.search("error", limit=3)) == 3
    assert statusdex.search("error", limit=0) == []


def test_unknown_language_is_an_error() -> None:
    with pytest.raises(statusdex.UnknownLanguageError):
        statusdex.search("404", lang="xx")
