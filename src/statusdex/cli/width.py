"""Display width and wrapping that know Thai: combining marks take no column, wide (CJK,
full-width) characters take two, and Thai, which has no spaces, may break anywhere."""

from __future__ import annotations

import unicodedata


def char_width(ch: str) -> int:
    if ch.isascii():
        return 1 if ch.isprintable() else 0
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def width(text: str) -> int:
    if text.isascii():
        return len(text)
    return sum(char_width(ch) for ch in text)


def _clusters(word: str) -> list[str]:
    """Split a word into base characters with their combining marks attached."""
    out: list[str] = []
    for ch in word:
        if out and char_width(ch) == 0:
            out[-1] += ch
        else:
            out.append(ch)
    return out


def wrap(text: str, limit: int, indent: str = "") -> list[str]:
    """Wrap ``text`` to ``limit`` columns; each line starts with ``indent``."""
    limit = max(limit - width(indent), 10)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0
        for word in paragraph.split(" "):
            w = width(word)
            if used and used + 1 + w <= limit:
                line, used = f"{line} {word}", used + 1 + w
                continue
            if used:
                lines.append(line)
                line, used = "", 0
            while w > limit and not _unbreakable(word):  # a long Thai run: break by cluster
                part, pw = "", 0
                for cluster in _clusters(word):
                    cw = width(cluster)
                    if pw + cw > limit:
                        break
                    part, pw = part + cluster, pw + cw
                lines.append(part)
                word = word[len(part) :]
                w = width(word)
            line, used = word, w
        lines.append(line)
    return [indent + ln if ln else ln for ln in lines]


def _unbreakable(word: str) -> bool:
    """URLs and e-mail-like tokens stay whole: a broken URL cannot be opened or copied."""
    return "://" in word or word.startswith(("www.", "<http"))
