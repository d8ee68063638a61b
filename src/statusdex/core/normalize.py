"""Text normalisation shared by lookup, search and answer grading.

Rules: NFKC (full-width forms become ASCII), any Unicode decimal digit becomes its ASCII digit
(Thai ๔๐๔ → 404), case-folding, and Latin accents dropped (requête → requete). Thai vowel and
tone marks are never dropped: they change the word.
"""

from __future__ import annotations

import unicodedata

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# Combining Diacritical Marks used by Latin scripts (é = e + U+0301). Thai marks live in
# U+0E31–U+0E4E and are left alone.
_DROP_LATIN_MARKS = dict.fromkeys(range(0x0300, 0x0370))
_DROP_APOSTROPHES = dict.fromkeys(map(ord, "'’`"))
_PATTERNS: dict[str, Any] = {}
# ASCII characters that separate words: all but letters and digits
_ASCII_SEPARATORS = {c: " " for c in range(128) if not chr(c).isalnum()}


def _pattern(name: str) -> Any:
    """Compiled regular expressions, made on first use: ``re`` stays off the plain lookup."""
    if not _PATTERNS:
        import re

        # A decimal digit that is not ASCII (Thai ๔, Arabic-Indic ٤, …).
        _PATTERNS["digit"] = re.compile(r"(?![0-9])\d")
        # Runs that separate words: anything but letters, digits and Thai (whose vowel and
        # tone marks are not "word" characters to `re` but belong to the word).
        _PATTERNS["separator"] = re.compile(r"(?:[^\w\u0e00-\u0e7f]|_)+")
        _PATTERNS["thai"] = re.compile(r"[\u0e00-\u0e7f]")
    return _PATTERNS[name]


def digits(text: str) -> str:
    """Replace every Unicode decimal digit by its ASCII digit (after NFKC)."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKC", text)
    if text.isascii():
        return text
    # no `re` here: compiling a Unicode class costs a one-shot command milliseconds
    return "".join(
        str(unicodedata.decimal(ch)) if ch.isdecimal() and not ch.isascii() else ch for ch in text
    )


def fold(text: str) -> str:
    """Case-fold and drop Latin accents; keeps Thai intact. ``"Requête"`` → ``"requete"``."""
    text = digits(text).casefold()
    if text.isascii():
        return text
    kept = unicodedata.normalize("NFD", text).translate(_DROP_LATIN_MARKS)
    return unicodedata.normalize("NFC", kept)


def key(text: str) -> str:
    """A lookup key: folded, apostrophes removed, every other non-alphanumeric run → one space.

    ``"I'm a Teapot"``, ``"IM_A_TEAPOT"`` and ``"i'm-a teapot"`` all give ``"im a teapot"``.
    """
    folded = fold(text).translate(_DROP_APOSTROPHES)
    if folded.isascii():
        return " ".join(folded.translate(_ASCII_SEPARATORS).split())
    # a word character (letters, digits, as `re`'s \w, but not "_") or Thai; all else separates
    kept = "".join(ch if (ch.isalnum() or "\u0e00" <= ch <= "\u0e7f") else " " for ch in folded)
    return " ".join(kept.split())


def has_thai(text: str) -> bool:
    return not text.isascii() and any("\u0e00" <= ch <= "\u0e7f" for ch in text)


def words(text: str) -> list[str]:
    """Words of a folded text, for scoring. Thai runs stay whole (Thai has no spaces)."""
    return key(text).split()


def is_thai(ch: str) -> bool:
    return "\u0e00" <= ch <= "\u0e7f"
