"""Content negotiation: which of text, JSON or HTML a request's ``Accept`` prefers.

Plain text is the default (no Accept, ``*/*``, or nothing we offer is acceptable: a mock must
still answer with the code it was asked for, so it never answers 406 on its own). The offer
with the highest q-value wins; ties go to the more specific match, then to the media range
listed first, then to text before JSON before HTML.
"""

from __future__ import annotations

from typing import Literal

Kind = Literal["text", "json", "html"]

# (kind, type, subtype), in default order of preference.
_OFFERS: tuple[tuple[Kind, str, str], ...] = (
    ("text", "text", "plain"),
    ("json", "application", "json"),
    ("html", "text", "html"),
)
_CACHE: dict[bytes, Kind] = {}
_CACHE_LIMIT = 512


def _q(params: list[str]) -> float:
    for p in params:
        name, _, value = p.partition("=")
        if name.strip().lower() == "q":
            try:
                q = float(value.strip())
            except ValueError:
                return 0.0
            return q if 0.0 <= q <= 1.0 else 0.0
    return 1.0


def _parse(accept: str) -> Kind:
    # For each offer: (q, specificity, -position)
    best: dict[Kind, tuple[float, int, int]] = {}
    for position, item in enumerate(accept.split(",")):
        media, *params = item.split(";")
        mtype, _, msub = media.strip().lower().partition("/")
        if not mtype or not msub:
            continue
        q = _q(params)
        for kind, otype, osub in _OFFERS:
            if mtype == otype and msub == osub:
                spec = 3
            elif kind == "json" and mtype == "application" and msub.endswith("+json"):
                spec = 2
            elif mtype == otype and msub == "*":
                spec = 1
            elif mtype == "*" and msub == "*":
                spec = 0
            else:
                continue
            rank = (q, spec, -position)
            # The most specific matching range decides an offer's q (RFC 9110, 12.5.1).
            current = best.get(kind)
            if current is None or (spec, q) > (current[1], current[0]):
                best[kind] = rank
    choice: Kind = "text"
    top: tuple[float, int, int] | None = None
    for kind, _, _ in _OFFERS:
        found = best.get(kind)
        if found is None or found[0] <= 0:
            continue
        if top is None or found > top:
            choice, top = kind, found
    return choice


def representation(accept: bytes | None) -> Kind:
    """The representation to send for an ``Accept`` header value (raw bytes, or None)."""
    if not accept:
        return "text"
    kind = _CACHE.get(accept)
    if kind is None:
        kind = _parse(accept.decode("latin-1"))
        if len(_CACHE) >= _CACHE_LIMIT:
            _CACHE.clear()
        _CACHE[accept] = kind
    return kind


def language(accept_language: bytes | None, languages: tuple[str, ...]) -> str:
    """The first language of ``languages`` the ``Accept-Language`` prefers (else the first)."""
    if not accept_language:
        return languages[0]
    best, best_q = languages[0], 0.0
    for item in accept_language.decode("latin-1").split(","):
        tag, *params = item.split(";")
        base = tag.strip().lower().split("-")[0].split("_")[0]
        q = _q(params)
        if base in languages and q > best_q:
            best, best_q = base, q
    return best
