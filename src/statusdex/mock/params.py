"""Parsers for what a request asks of the mock: durations, switches, header fields, codes.

Each parser raises ``MockInputError`` with a message meant for the person who wrote the
request; the app turns it into a 400 problem+json response.
"""

from __future__ import annotations

import math
import re


class MockInputError(ValueError):
    """The request asks for something invalid or over a cap (answered with 400)."""

    def __init__(self, detail: str, parameter: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.parameter = parameter


# ASCII digits only, as for codes and counts (re.ASCII: \d is not every script's digit).
_DURATION = re.compile(r"(?P<num>\d+(?:\.\d+)?|\.\d+)\s*(?P<unit>ms|s)?", re.ASCII)
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
# Visible ASCII, space, tab and obs-text (RFC 9110 field-value); no CR, LF, NUL or DEL.
_FIELD_VALUE = re.compile(r"[\t\x20-\x7e\x80-\xff]*")
_TRUE = frozenset({"true", "1", "yes", "on", ""})
_FALSE = frozenset({"false", "0", "no", "off"})


def duration_ms(raw: str, *, name: str, bare_unit: str) -> float:
    """``"250ms"``, ``"1.5s"``, or a bare number in ``bare_unit`` (``"ms"`` or ``"s"``)."""
    m = _DURATION.fullmatch(raw.strip().lower())
    if not m:
        raise MockInputError(
            f"{name} must be a duration such as 250ms or 1.5s (a bare number means "
            f"{'milliseconds' if bare_unit == 'ms' else 'seconds'}), got {raw!r}",
            name,
        )
    value = float(m["num"])
    unit = m["unit"] or bare_unit
    ms = value if unit == "ms" else value * 1000.0
    if not math.isfinite(ms):
        raise MockInputError(f"{name} is too large: {raw!r}", name)
    return ms


def switch(raw: str, *, name: str) -> bool:
    """``true``/``false`` (also 1/0, yes/no, on/off; an empty value means true)."""
    text = raw.strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise MockInputError(f"{name} must be true or false, got {raw!r}", name)


def header_field(name: str, value: str, *, parameter: str) -> tuple[bytes, bytes]:
    """One response header a request asked for, checked so it cannot break the response."""
    if not _TOKEN.fullmatch(name):
        raise MockInputError(
            f"header name {name!r} is not a valid field name (letters, digits and !#$%&'*+-.^_`|~)",
            parameter,
        )
    value = value.strip(" \t")
    if not _FIELD_VALUE.fullmatch(value):
        raise MockInputError(
            f"header {name} has a value with CR, LF or another control character; "
            "those would split or corrupt the response",
            parameter,
        )
    return name.lower().encode("ascii"), value.encode("latin-1")


def _vendor_outside_range(code: int) -> bool:
    """A vendor code outside 100–599 that clients do receive (LinkedIn's 999), so the mock may
    send it: the registry says which."""
    from statusdex.core.store import index

    return 600 <= code <= 999 and bool(index().meanings(code))


def status_code(raw: str, *, name: str = "code") -> int:
    """A status code 100–599 written as three digits, or a registry vendor code outside it."""
    text = raw.strip()
    if not (text.isascii() and text.isdigit()):
        raise MockInputError(f"{name} must be a number from 100 to 599, got {raw!r}", name)
    code = int(text)
    if not 100 <= code <= 599 and not _vendor_outside_range(code):
        raise MockInputError(
            f"{code} is not an HTTP status code: codes run from 100 to 599 (RFC 9110, Section 15)",
            name,
        )
    return code


def count(raw: str, *, name: str, cap: int, cap_name: str) -> int:
    """A non-negative integer no larger than ``cap``."""
    text = raw.strip()
    if not (text.isascii() and text.isdigit()):
        raise MockInputError(f"{name} must be a whole number, got {raw!r}", name)
    n = int(text)
    if n > cap:
        raise MockInputError(f"{name}={n} is over the server's cap {cap_name}={cap}", name)
    return n
