"""statusdex: the HTTP status code system.

>>> import statusdex
>>> statusdex.lookup(404).label
'404 Not Found'
>>> statusdex.lookup("payload too large") == 413
True
>>> statusdex.lookup(499, vendor="nginx").wire
'never'

The public API is this module's ``__all__``. Imports are kept light: a lookup in a fresh
process loads the compiled registry and nothing else.
"""

from __future__ import annotations

from statusdex.core.lang import LANGUAGES
from statusdex.core.lookup import lookup, meanings
from statusdex.core.records import Family, Status, Text, Vendor, Win32Error
from statusdex.errors import (
    StatusdexError,
    UnknownFamilyError,
    UnknownLanguageError,
    UnknownStatusError,
    UnknownVendorError,
    UnknownWin32Error,
)

TYPE_CHECKING = False  # typing stays off the cold-start path
if TYPE_CHECKING:
    from typing import Any

    from statusdex.checks.model import Report, Request
    from statusdex.core.search import SearchHit

__version__ = "0.1.0"

__all__ = [
    "LANGUAGES",
    "Family",
    "SearchHit",
    "Status",
    "StatusdexError",
    "Text",
    "UnknownFamilyError",
    "UnknownLanguageError",
    "UnknownStatusError",
    "UnknownVendorError",
    "UnknownWin32Error",
    "Vendor",
    "Win32Error",
    "__version__",
    "all_statuses",
    "check",
    "export",
    "families",
    "family",
    "is_client_error",
    "is_error",
    "is_informational",
    "is_redirection",
    "is_server_error",
    "is_success",
    "lookup",
    "meanings",
    "search",
    "search_hits",
    "vendor",
    "vendors",
    "win32",
    "win32_codes",
]


def search(query: str, *, lang: str | None = None, limit: int = 10) -> list[Status]:
    """Entries matching ``query`` in any language, best first.

    >>> [s.code for s in search("teapot", limit=1)]
    ['418']
    """
    from statusdex.core.search import search as _search

    return _search(query, lang=lang, limit=limit)


def search_hits(query: str, *, lang: str | None = None, limit: int = 10) -> list[SearchHit]:
    """Like ``search``, with each hit's score and the fields that matched."""
    from statusdex.core.search import search_hits as _hits

    return _hits(query, lang=lang, limit=limit)


def check(
    response: Any,
    headers: Any = None,
    body: bytes | str = b"",
    *,
    request: Request | str | None = None,
    lang: str | None = None,
    httplint: bool = True,
) -> Report:
    """Judge a response against the rules for its status code (see ``statusdex.checks``).

    >>> report = check(201, {"Content-Type": "application/json"}, b"{}", request="POST")
    >>> [f.rule for f in report.at_least("warning")]
    ['header-missing']
    """
    from statusdex.checks import check as _check

    return _check(response, headers, body, request=request, lang=lang, httplint=httplint)


def export(*, lang: str | None = None) -> dict[str, Any]:
    """The whole registry as JSON-serialisable data: every field, every language."""
    from statusdex.core.export import export as _export

    return _export(lang=lang)


def all_statuses(*, kind: str | None = None) -> tuple[Status, ...]:
    """Every entry in code order; ``kind`` is ``"iana"``, ``"vendor"`` or ``"iis"``."""
    from statusdex.core import store

    entries = store.entries()
    return entries if kind is None else tuple(s for s in entries if s.kind == kind)


def families() -> tuple[Family, ...]:
    from statusdex.core import store

    return tuple(store.index().families.values())


def family(x: object) -> Family:
    """``family("4xx")``, ``family(4)``, ``family("client error")``, ``family(404)``."""
    from statusdex.core import store
    from statusdex.core.normalize import digits, key

    fams = store.index().families
    if isinstance(x, int) and not isinstance(x, bool):
        n = int(x)
        if 1 <= n <= 5:
            return fams[f"{n}xx"]
        return store.family_of(n)
    if isinstance(x, str):
        k = key(digits(x))
        for f in fams.values():
            if k in (f.id, str(f.cls), key(f.name)) or k == key(f.name).split()[0]:
                return f
        if len(k) == 3 and k.isdigit():
            return store.family_of(int(k))
    raise UnknownFamilyError(
        f"no family matches {x!r}; families are 1xx, 2xx, 3xx, 4xx and 5xx", x, tuple(fams)
    )


def vendors() -> tuple[Vendor, ...]:
    from statusdex.core import store

    return tuple(store.index().vendors.values())


def vendor(name: str) -> Vendor:
    """A vendor by id, name or alias: ``vendor("iis")`` is Microsoft."""
    from statusdex.core import store
    from statusdex.core.normalize import key

    idx = store.index()
    vid = idx.vendor_ids.get(key(name)) if isinstance(name, str) else None
    if vid is None:
        raise UnknownVendorError(
            f"unknown vendor {name!r}; known vendors: {', '.join(idx.vendors)}", name
        )
    return idx.vendors[vid]


def win32(code: int | str) -> Win32Error:
    """A Windows error code as IIS logs it in ``sc-win32-status``, by number or constant name.

    >>> win32(64).constant
    'ERROR_NETNAME_DELETED'

    A code the registry does not explain raises ``UnknownWin32Error`` (a ``LookupError``).
    """
    from statusdex.core.win32 import win32 as _win32

    return _win32(code)


def win32_codes() -> tuple[Win32Error, ...]:
    """Every Windows error code the registry explains, in numeric order."""
    from statusdex.core.win32 import all_codes

    return all_codes()


def _in(code: object, low: int) -> bool:
    return isinstance(code, int) and not isinstance(code, bool) and low <= code < low + 100


def is_informational(code: object) -> bool:
    return _in(code, 100)


def is_success(code: object) -> bool:
    return _in(code, 200)


def is_redirection(code: object) -> bool:
    return _in(code, 300)


def is_client_error(code: object) -> bool:
    return _in(code, 400)


def is_server_error(code: object) -> bool:
    return _in(code, 500)


def is_error(code: object) -> bool:
    return _in(code, 400) or _in(code, 500)
