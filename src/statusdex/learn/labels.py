"""The learning mode's words (``statusdex.core.labels``, parts ``shared`` and ``learn``), by
name: ``label("again", "th")``. Labels only: the cards' content comes from the registry."""

from __future__ import annotations

from statusdex.core.labels.pages import words

RATING_LABELS = ("again", "hard", "good", "easy")


def label(name: str, lang: str) -> str:
    """The interface word ``name`` in ``lang`` (English when a language lacks it)."""
    return words(lang, "shared", "learn")[name]
