"""Vendor codes outside HTTP's 100–599 (LinkedIn's 999): they belong to no class, and every
face says so instead of inventing a 9xx family."""

from __future__ import annotations

import pytest

import statusdex
from statusdex.errors import UnknownFamilyError

# key → (outside 100–599?, family id or None)
ROWS = [
    ("linkedin/999", True, None),
    ("404", False, "4xx"),
    ("nginx/499", False, "4xx"),
    ("cloudflare/522", False, "5xx"),
    ("403.14", False, "4xx"),
]


@pytest.mark.parametrize(("key", "outside", "family"), ROWS)
def test_family_is_none_only_outside_the_range(key: str, outside: bool, family: str | None) -> None:
    s = statusdex.lookup(key)
    assert s.outside_range is outside
    assert (s.family.id if s.family else None) == family


def test_only_vendor_codes_are_outside_the_range() -> None:
    outside = [s for s in statusdex.all_statuses() if s.outside_range]
    assert [s.key for s in outside] == ["linkedin/999"]
    assert all(s.kind == "vendor" and s.vendor is not None for s in outside)
    assert all(s.sources for s in outside)


@pytest.mark.parametrize("query", [999, "999", "9xx"])
def test_there_is_no_9xx_family(query: object) -> None:
    with pytest.raises(UnknownFamilyError):
        statusdex.family(query)


@pytest.mark.parametrize("lang", statusdex.LANGUAGES)
def test_export_says_no_family_and_outside(lang: str) -> None:
    data = statusdex.export(lang=lang)
    rows = {e["id"]: e for e in data["entries"]}
    assert rows["linkedin/999"]["family"] is None
    assert rows["linkedin/999"]["outside_range"] is True
    assert rows["404"]["family"] == "4xx"
    assert rows["404"]["outside_range"] is False
    assert rows["linkedin/999"]["text"][lang]["summary"]
