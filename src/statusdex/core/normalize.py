"""Text normalisation shared by lookup, search and answer grading.

Rules: NFKC (full-width forms become ASCII), any Unicode decimal digit becomes its ASCII digit
(Thai ๔๐๔ → 404), case-folding, and Latin accents dropped (requête → requete). Thai vowel and
tone marks are never dropped: they change the word.
"""

from __future__ import annotations

import unicodedata

# Combining Diacritical Marks used by Latin scripts (é = e + U+0301). Thai marks live in
# U+0E31–U+0E4E and are left alone.
_LATIN_MARKS = range(0x0300, 0x0370)


def digits(text: str) -> str:
    """Replace every Unicode decimal digit by its ASCII digit (after NFKC)."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKC", text)
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)


def fold(text: str) -> str:
    """Case-fold and drop Latin accents; keeps Thai intact. ``"Requête"`` → ``"requete"``."""
    text = digits(text).casefold()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(ch for ch in decomposed if ord(ch) not in _LATIN_MARKS)
    return unicodedata.normalize("NFC", kept)


def key(text: str) -> str:
    """A lookup key: folded, apostrophes removed, every other non-alphanumeric run → one space.

    ``"I'm a Teapot"``, ``"IM_A_TEAPOT"`` and ``"i'm-a teapot"`` all give ``"im a teapot"``.
    """
    out: list[str] = []
    space = False
    for ch in fold(text):
        if ch in "'’`":
            continue
        if ch.isalnum() or _is_mark(ch):
            if space and out:
                out.append(" ")
            out.append(ch)
            space = False
        else:
            space = True
    return "".join(out)


def _is_mark(ch: str) -> bool:
    # Thai vowel signs and tone marks are category Mn; they belong to the word.
    return not ch.isascii() and unicodedata.category(ch) in ("Mn", "Mc")


def words(text: str) -> list[str]:
    """Words of a folded text, for scoring. Thai runs stay whole (Thai has no spaces)."""
    return key(text).split()


def is_thai(ch: str) -> bool:
    return "\u0e00" <= ch <= "\u0e7f"
