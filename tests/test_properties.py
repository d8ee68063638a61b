"""Property tests: no string makes lookup or search raise anything unexpected."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import statusdex

DIGITS = st.text(alphabet="0123456789.๐๑๒๓๔๕๖๗๘๙０１２３４５６７８９ /:x", max_size=8)
ANY = st.one_of(
    st.text(max_size=60), DIGITS, st.sampled_from(["404", "403.14", "nginx/499", "NOT_FOUND"])
)


@settings(max_examples=400, deadline=None)
@given(ANY)
def test_lookup_returns_or_raises_lookup_error(text: str) -> None:
    try:
        s = statusdex.lookup(text)
    except LookupError as e:
        assert isinstance(e, statusdex.UnknownStatusError)
        assert str(e)
    else:
        assert isinstance(s, statusdex.Status)
        assert 100 <= s <= 599


@settings(max_examples=400, deadline=None)
@given(st.integers())
def test_lookup_any_int(n: int) -> None:
    known = {int(s) for s in statusdex.all_statuses() if s.substatus is None}
    try:
        s = statusdex.lookup(n)
    except statusdex.UnknownStatusError:
        assert n not in known
    else:
        assert s == n
        assert n in known


@settings(max_examples=300, deadline=None)
@given(ANY, st.sampled_from(["en", "th", "fr"]), st.integers(min_value=0, max_value=50))
def test_search_always_returns_a_list(text: str, lang: str, limit: int) -> None:
    results = statusdex.search(text, lang=lang, limit=limit)
    assert isinstance(results, list)
    assert len(results) <= limit
    assert all(isinstance(s, statusdex.Status) for s in results)
