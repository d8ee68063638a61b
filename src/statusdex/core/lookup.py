"""``lookup``: any reasonable spelling of a status code → its ``Status``.

Accepted: ``404``, ``"404"``, ``" 404 "``, ``"๔๐๔"``, ``HTTPStatus.NOT_FOUND``, ``"NOT_FOUND"``,
``"not found"``, old names (``"Payload Too Large"``), translated names, ``"403.14"``,
``"nginx/499"``; with ``vendor="nginx"`` a number gets that vendor's meaning. Anything else
raises ``UnknownStatusError`` (a ``LookupError``) with near matches.
"""

from __future__ import annotations

from statusdex.core import store
from statusdex.core.lang import TRANSLATIONS
from statusdex.core.normalize import digits, key
from statusdex.core.records import Status
from statusdex.errors import UnknownStatusError, UnknownVendorError

_MAX_SHOWN = 60  # characters of user input repeated in an error message


def by_key(entry_key: str) -> Status:
    """The entry with this exact id (``"404"``, ``"nginx/499"``, ``"403.14"``)."""
    s = store.index().get(entry_key)
    if s is None:
        raise UnknownStatusError(f"no entry {entry_key!r}", entry_key)
    return s


def lookup(x: object, *, vendor: str | None = None) -> Status:
    """Find the entry for ``x``; see the module docstring for what is accepted.

    >>> lookup("payload too large").label
    '413 Content Too Large'
    """
    if vendor is not None:
        return _with_vendor(x, vendor)
    if isinstance(x, Status):
        return x
    if isinstance(x, bool) or not isinstance(x, int | str):
        raise TypeError(
            f"lookup() takes an int, an http.HTTPStatus or a str, not {type(x).__name__}"
        )
    idx = store.index()
    if isinstance(x, int):
        ids = idx.meaning_ids.get(int(x))
        if ids:
            return idx.status(ids[0])
        raise _unknown_number(int(x))
    text = digits(x).strip()
    if len(text) == 3 and text.isdigit():
        ids = idx.meaning_ids.get(int(text))
        if ids:
            return idx.status(ids[0])
        raise _unknown_number(int(text))
    hit = idx.get(text) or idx.get(text.lower())
    if hit is not None:
        return hit
    head, sep, tail = text.partition(".")
    if sep and head.isdigit() and tail.isdigit() and len(head) == 3:
        raise _unknown_substatus(head, tail)
    vendor_part, sep, code_part = text.replace(":", "/").partition("/")
    if sep and code_part.strip().isdigit():
        return _with_vendor(code_part.strip(), vendor_part)
    k = key(text)
    hit = idx.name(k)
    if hit is not None:
        return hit
    hit = _translated_name(k)
    if hit is not None:
        return hit
    raise _unknown_text(x, k)


def meanings(x: object) -> tuple[Status, ...]:
    """Every meaning of a number: the IANA code first, then each vendor's, by precedence."""
    status = lookup(x)
    return store.meanings(int(status)) or (status,)


def _with_vendor(x: object, vendor: str) -> Status:
    if not isinstance(vendor, str):
        raise TypeError(f"vendor must be a str, not {type(vendor).__name__}")
    idx = store.index()
    vid = idx.vendor_ids.get(key(vendor))
    if vid is None:
        near = tuple(
            dict.fromkeys(idx.vendor_ids[n] for n in _near(key(vendor), list(idx.vendor_ids)))
        )
        hint = f"; did you mean {', '.join(map(repr, near))}?" if near else "."
        raise UnknownVendorError(
            f"unknown vendor {_shown(vendor)}{hint} Known vendors: {', '.join(idx.vendors)}",
            vendor,
            near,
        )
    base = lookup(x)
    if base.vendor is not None and base.vendor.id == vid:
        return base
    if base.substatus is not None:
        raise UnknownVendorError(f"{base.code} is an IIS sub-status, not a {vid} code", x)
    for s in store.meanings(int(base)):
        if s.vendor is not None and s.vendor.id == vid:
            return s
    name = idx.vendors[vid].name
    others = ", ".join(s.key for s in store.meanings(int(base)))
    raise UnknownVendorError(
        f"{name} has no code {int(base)} of its own; {int(base)} means: {others}",
        x,
        tuple(s.key for s in store.meanings(int(base))),
    )


def _translated_name(k: str) -> Status | None:
    """A translated name (``"ไม่พบ"``, ``"non trouvé"``) → entry; loads the text tables."""
    if not k:
        return None
    idx = store.index()
    for lang in TRANSLATIONS:
        for entry_id, fields in store.raw_texts(lang).items():
            name = fields.get("name")
            if name and key(name) == k and entry_id in idx.raw:
                return idx.status(entry_id)
    return None


def _shown(x: object) -> str:
    text = repr(x)
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"


def _unknown_number(n: int) -> UnknownStatusError:
    """Suggestions by number and family: the family's x00 (what a client treats an unknown
    code as), then the registered codes nearest in number; out of range, the nearest codes."""
    idx = store.index()
    iana = [c for c, ids in idx.meaning_ids.items() if "/" not in ids[0]]
    if not 100 <= n <= 599:
        nearest = sorted(iana, key=lambda c: (abs(c - n), c))[:4]
        return UnknownStatusError(
            f"{n} is not an HTTP status code: codes run from 100 to 599 (RFC 9110, Section 15)"
            f". Nearest in number: {', '.join(str(c) for c in nearest)}",
            n,
            tuple(str(c) for c in nearest),
        )
    base = idx.meanings(n // 100 * 100)
    near = sorted((c for c in iana if c // 100 == n // 100), key=lambda c: (abs(c - n), c))[:4]
    fallback = f"; a client that meets it treats it as {base[0].label}" if base else ""
    suggestions = tuple(dict.fromkeys([*(b.key for b in base[:1]), *(str(c) for c in near)]))
    return UnknownStatusError(
        f"{n} is not assigned by IANA and no vendor in the registry uses it{fallback}"
        f" (RFC 9110, Section 15). Nearby: {', '.join(str(c) for c in near)}",
        n,
        suggestions,
    )


def _unknown_substatus(head: str, tail: str) -> UnknownStatusError:
    subs = store.substatuses(int(head))
    listed = ", ".join(s.code for s in subs[:12])
    more = " …" if len(subs) > 12 else ""
    if subs:
        msg = f"IIS has no sub-status {head}.{tail}; known {head}.x: {listed}{more}"
    else:
        msg = f"IIS has no sub-statuses of {head} in the registry"
    return UnknownStatusError(msg, f"{head}.{tail}", tuple(s.code for s in subs[:5]))


def _unknown_text(x: str, k: str) -> UnknownStatusError:
    idx = store.index()
    near = _near(k, list(idx.name_ids)) if k else []
    suggestions = tuple(dict.fromkeys(idx.name_ids[n] for n in near))
    if k in ("1xx", "2xx", "3xx", "4xx", "5xx"):
        return UnknownStatusError(
            f"{_shown(x)} is a family, not a code: use statusdex.family({k!r})", x, ()
        )
    hint = ""
    if suggestions:
        hint = "; did you mean " + ", ".join(idx.status(s).label for s in suggestions) + "?"
    return UnknownStatusError(f"no status code matches {_shown(x)}{hint}", x, suggestions)


def _near(k: str, choices: list[str], limit: int = 3) -> list[str]:
    from rapidfuzz import fuzz, process

    hits = process.extract(k[:200], choices, scorer=fuzz.ratio, limit=limit, score_cutoff=70)
    return [h[0] for h in hits]
