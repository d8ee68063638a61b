"""Windows error codes as IIS writes them in ``sc-win32-status``: ``registry/win32/``, compiled
to ``_compiled/win32.py`` and loaded on first use (a plain status lookup never reads it).

``win32(64)``, ``win32("64")`` and ``win32("ERROR_NETNAME_DELETED")`` give the same record;
``get(n)`` is ``None`` for a code the registry does not explain, so a logs report can show it
as unknown.
"""

from __future__ import annotations

from statusdex.core import lang as _lang
from statusdex.core import store
from statusdex.core.records import Source, Win32Error
from statusdex.errors import UnknownWin32Error

PREFIX = "win32:"  # the text tables' id of a code: "win32:64" (registry/build.py writes them)
_MAX_SHOWN = 40  # characters of user input repeated in an error message
_BY_CODE: dict[int, Win32Error] = {}


def _table() -> dict[int, Win32Error]:
    if not _BY_CODE:
        from statusdex._compiled.win32 import WIN32

        for code, (constant, description, sources) in WIN32.items():
            _BY_CODE[code] = Win32Error(
                code=code,
                constant=constant,
                description=description,
                sources=tuple(Source(label=label, url=url) for label, url in sources),
            )
    return _BY_CODE


def all_codes() -> tuple[Win32Error, ...]:
    """Every Win32 code the registry explains, in numeric order."""
    return tuple(_table().values())


def get(code: int) -> Win32Error | None:
    """The record of ``code``, or ``None`` when the registry does not explain it."""
    return _table().get(code)


def win32(x: object) -> Win32Error:
    """A Win32 code by number (``64``, ``"64"``) or constant (``"ERROR_NETNAME_DELETED"``)."""
    if isinstance(x, bool) or not isinstance(x, int | str):
        raise TypeError(f"win32() takes an int or a str, not {type(x).__name__}")
    table = _table()
    if isinstance(x, int):
        found = table.get(x)
    else:
        text = x.strip()
        if text.isdecimal() and text.isascii():
            found = table.get(int(text))
        else:
            name = text.upper()
            found = next((w for w in table.values() if w.constant == name), None)
    if found is None:
        shown = repr(x) if len(repr(x)) <= _MAX_SHOWN else repr(x)[: _MAX_SHOWN - 1] + "…"
        raise UnknownWin32Error(
            f"{shown} is not a Windows error code the registry explains; it explains"
            f" {len(table)} codes that IIS writes in sc-win32-status ({_listing(table)})",
            x,
        )
    return found


def summary(code: int, lang: str | None = None) -> str:
    """What ``code`` means in an IIS log line, in ``lang`` (English if it has no text)."""
    lang = _lang.resolve(lang)
    fields = store.raw_text(lang, f"{PREFIX}{code}") or store.raw_text("en", f"{PREFIX}{code}")
    if fields is None:
        raise UnknownWin32Error(f"no Win32 code {code} in the registry", code)
    text: str = fields["summary"]
    return text


def _listing(table: dict[int, Win32Error]) -> str:
    codes = list(table)
    shown = ", ".join(str(c) for c in codes[:8])
    return f"{shown}, …" if len(codes) > 8 else shown
