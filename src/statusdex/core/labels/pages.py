"""The words a page shows: some parts of the store merged, in one language, each word falling
back to English; an unknown key is an error (a typo in a template fails loudly)."""

from __future__ import annotations

from statusdex.core.labels import LABELS, table

_WORDS: dict[tuple[str, tuple[str, ...]], Words] = {}


class Words(dict[str, str]):
    """Interface words of one language; ``words.fmt("results_for", q=...)`` fills values, and
    an unknown key is an error (a typo in a template fails, it does not print nothing)."""

    def fmt(self, name: str, /, **values: object) -> str:
        return self[name].format(**values)

    def __missing__(self, name: str) -> str:
        raise KeyError(f"no interface label {name!r}")


def words(lang: str, *parts: str) -> Words:
    """The words of ``parts`` in ``lang``, each falling back to English (kept once built)."""
    key = (lang, parts)
    found = _WORDS.get(key)
    if found is None:
        tables = [table(p) for p in parts]
        merged: dict[str, str] = {}
        for t in tables:
            merged.update(t["en"])
        for t in tables:
            merged.update(t.get(lang, {}))
        found = Words(merged)
        if lang in LABELS:  # a bounded cache: only the languages there are
            _WORDS[key] = found
    return found
