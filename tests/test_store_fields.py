"""What a listing reads without building records (``store.fields``, ``store.summary``,
``store.family_ids``) is what the records say."""

from __future__ import annotations

import pytest

import statusdex
from statusdex.core import store
from statusdex.core.lang import LANGUAGES
from tests.conftest import SetText

ENTRIES = statusdex.all_statuses()
PLAIN = ("key", "kind", "phrase", "state", "substatus")


def test_fields_are_the_records() -> None:
    for s in ENTRIES:
        f = store.fields(s.key)
        assert f["code"] == int(s)
        assert {n: f[n] for n in PLAIN} == {n: getattr(s, n) for n in PLAIN}
        assert (f["vendor"] or None) == (s.vendor.id if s.vendor else None)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_summary_is_the_texts(lang: str) -> None:
    for s in ENTRIES:
        assert store.summary(s.key, lang) == s.text(lang).summary, s.key


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"name": "x", "summary": "สรุปใหม่"}, "สรุปใหม่"),  # translated
        ({"name": "x"}, None),  # missing: the English one
        ({"name": "x", "summary": ""}, ""),  # present and empty: kept
    ],
)
def test_summary_follows_the_text_rules(
    fields: dict[str, str], expected: str | None, set_text: SetText
) -> None:
    english = store.text("403.1", "en").summary
    set_text("th", "403.1", fields)
    want = english if expected is None else expected
    assert store.summary("403.1", "th") == want == store.text("403.1", "th").summary


@pytest.mark.parametrize("fam", statusdex.families(), ids=lambda f: f.id)
def test_family_ids_are_its_iana_codes(fam: statusdex.Family) -> None:
    expected = [s.key for s in ENTRIES if s.kind == "iana" and s // 100 == fam.cls]
    assert list(store.family_ids(fam.cls)) == expected
    assert expected  # every class has codes
