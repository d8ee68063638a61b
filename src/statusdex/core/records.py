"""Immutable, typed records: what the library hands out.

``Status`` is an ``int`` subclass, like ``http.HTTPStatus``: ``lookup(404) == 404`` and it
drops into any code that expects an int. Its value is the code on the wire, so the IIS
sub-status 403.14 equals 403; ``key`` tells entries apart (``"404"``, ``"nginx/499"``,
``"403.14"``). These classes avoid ``dataclasses``, ``typing`` and ``enum`` at run time: they
sit on the terminal's cold-start path.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from collections.abc import Mapping
    from http import HTTPStatus
    from typing import Any


class _Record:
    """Immutable record with slots. Subclasses list their fields in ``__slots__``."""

    __slots__: tuple[str, ...] = ()

    def __init__(self, **fields: Any) -> None:
        for name in self.__slots__:
            object.__setattr__(self, name, fields[name])

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in self.__slots__)

    def __hash__(self) -> int:
        return hash(tuple(_hashable(getattr(self, n)) for n in self.__slots__))

    def __repr__(self) -> str:
        inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__slots__)
        return f"{type(self).__name__}({inner})"

    def to_dict(self) -> dict[str, Any]:
        return {n: _plain(getattr(self, n)) for n in self.__slots__}


def _hashable(value: object) -> object:
    if isinstance(value, dict):
        return tuple(sorted(value.items()))
    return value


def _plain(value: object) -> Any:
    if isinstance(value, _Record):
        return value.to_dict()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class Source(_Record):
    """Where a fact comes from."""

    __slots__ = ("label", "url")
    label: str
    url: str


class HistoryName(_Record):
    """An earlier name of a code. ``official`` is True for names a published RFC used, False
    for names from drafts, products or libraries (IIS 6 wording, "Switch Proxy")."""

    __slots__ = ("official", "phrase", "spec")
    phrase: str
    spec: str
    official: bool


class AlsoUsed(_Record):
    """A name the same number has elsewhere today (418 "I'm a teapot" in HTCPCP).

    ``entry`` is the registry id of that meaning when the registry has it (``"google/308"``).
    """

    __slots__ = ("by", "entry", "phrase")
    phrase: str
    by: str
    entry: str | None


class Header(_Record):
    """A header field the response must, should or may carry."""

    __slots__ = ("level", "name", "source")
    name: str
    level: str
    source: str | None


class Redirect(_Record):
    """How a redirect treats the request: permanent or not, and what happens to the method."""

    __slots__ = ("method", "permanent")
    permanent: bool
    method: str  # "may-change" | "becomes-get" | "preserved"


class Semantics(_Record):
    """RFC 9110/9111 rules for a code, as data."""

    __slots__ = ("cacheable", "content", "headers", "redirect", "retry")
    cacheable: bool
    content: str  # "allowed" | "forbidden" | "not-generated"
    retry: str  # "not-applicable" | "no" | "after-change" | "after-wait" | "idempotent"
    headers: tuple[Header, ...]
    redirect: Redirect | None

    @property
    def content_allowed(self) -> bool:
        return self.content == "allowed"

    def header_names(self, *levels: str) -> tuple[str, ...]:
        """Names of the header fields at the given levels (all levels when none are given)."""
        return tuple(h.name for h in self.headers if not levels or h.level in levels)


class Example(_Record):
    """A realistic scenario, with the raw HTTP exchange where one helps."""

    __slots__ = ("request", "response", "scenario")
    scenario: str
    request: str | None
    response: str | None


class Text(_Record):
    """An entry's text in one language.

    ``fallback`` names the fields that were missing in ``lang`` and were taken from English.
    Family texts fill ``look_first`` and ``caution``; code texts fill the rest.
    """

    __slots__ = (
        "causes",
        "caution",
        "choose",
        "examples",
        "explanation",
        "fallback",
        "fault",
        "fixes",
        "lang",
        "look_first",
        "name",
        "summary",
    )
    lang: str
    name: str
    summary: str
    explanation: str
    examples: tuple[Example, ...]
    causes: tuple[str, ...]
    fixes: tuple[str, ...]
    fault: str
    choose: Mapping[str, str]
    look_first: str
    caution: str
    fallback: tuple[str, ...]

    @property
    def is_fallback(self) -> bool:
        return bool(self.fallback)


class Vendor(_Record):
    """A vendor whose products use codes of their own."""

    __slots__ = ("aliases", "id", "name", "url")
    id: str
    name: str
    url: str
    aliases: tuple[str, ...]

    def text(self, lang: str | None = None) -> Text:
        from statusdex.core import store

        return store.text(f"vendor:{self.id}", lang)

    @property
    def codes(self) -> tuple[Status, ...]:
        from statusdex.core import store

        return tuple(s for s in store.entries() if s.vendor is self)


class Win32Error(_Record):
    """A Windows error code as IIS writes it in its log's ``sc-win32-status`` field.

    ``constant`` is the name in the Windows headers (``ERROR_NETNAME_DELETED``, ``WSAECONNRESET``),
    ``description`` Microsoft's own sentence; ``summary(lang)`` says what it means in a log line.
    """

    __slots__ = ("code", "constant", "description", "sources")
    code: int
    constant: str
    description: str
    sources: tuple[Source, ...]

    def summary(self, lang: str | None = None) -> str:
        from statusdex.core import win32

        return win32.summary(self.code, lang)

    @property
    def label(self) -> str:
        return f"{self.code} {self.constant}"


class Family(_Record):
    """One of the five classes, 1xx … 5xx."""

    __slots__ = ("cls", "fault", "id", "name", "sources")
    id: str
    cls: int
    name: str
    fault: tuple[str, ...]
    sources: tuple[Source, ...]

    def text(self, lang: str | None = None) -> Text:
        from statusdex.core import store

        return store.text(self.id, lang)

    @property
    def codes(self) -> tuple[Status, ...]:
        """The IANA codes of this family, in order."""
        from statusdex.core import store

        idx = store.index()
        return tuple(idx.status(k) for k in store.family_ids(self.cls))

    def __contains__(self, code: object) -> bool:
        return isinstance(code, int) and not isinstance(code, bool) and code // 100 == self.cls


class Status(int):
    """One meaning of a status code: an IANA code, a vendor's code or an IIS sub-status.

    >>> import statusdex
    >>> s = statusdex.lookup(404)
    >>> s == 404, s.phrase, s.family.id, s.is_client_error
    (True, 'Not Found', '4xx', True)
    """

    key: str
    kind: str
    phrase: str
    substatus: int | None
    vendor: Vendor | None
    iana_description: str | None
    reference: str | None
    state: str | None
    expires: str | None
    wire: str
    wire_code: int | None
    since: str | None
    constant: str | None
    fault: tuple[str, ...]
    related_keys: tuple[str, ...]
    keywords: tuple[str, ...]
    semantics: Semantics | None
    history: tuple[HistoryName, ...]
    sources: tuple[Source, ...]
    names: tuple[str, ...]
    deprecated_by: str | None  # who deprecated an IANA code, when IANA marks nothing
    also_used: tuple[AlsoUsed, ...]  # names the number has elsewhere today, not history
    aliases: tuple[str, ...]  # short names lookup also accepts ("teapot")

    def __new__(cls, code: int, **fields: Any) -> Status:
        self = int.__new__(cls, code)
        for name, value in fields.items():
            object.__setattr__(self, name, value)
        return self

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Status is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("Status is immutable")

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        from statusdex.core.lookup import by_key

        return (by_key, (self.key,))

    def __repr__(self) -> str:
        return f"<Status {self.key} {self.phrase}>"

    def __str__(self) -> str:
        return self.code

    def __format__(self, spec: str) -> str:
        if spec and spec[-1] in "bcdoxXn":
            return int.__format__(int(self), spec)
        return format(self.code, spec)

    # Identity and display

    @property
    def code(self) -> str:
        """The code as written: ``"404"``, ``"499"``, ``"403.14"``."""
        return f"{int(self)}.{self.substatus}" if self.substatus is not None else str(int(self))

    @property
    def name(self) -> str:
        """The constant name, like ``HTTPStatus.name``: ``"NOT_FOUND"`` (``""`` if none)."""
        return self.names[0] if self.names else ""

    @property
    def label(self) -> str:
        """``"404 Not Found"``."""
        return f"{self.code} {self.phrase}"

    @property
    def value(self) -> int:
        return int(self)

    # Family helpers (``http.HTTPStatus`` has these from 3.12 on)

    @property
    def is_informational(self) -> bool:
        return 100 <= self < 200

    @property
    def is_success(self) -> bool:
        return 200 <= self < 300

    @property
    def is_redirection(self) -> bool:
        return 300 <= self < 400

    @property
    def is_client_error(self) -> bool:
        return 400 <= self < 500

    @property
    def is_server_error(self) -> bool:
        return 500 <= self < 600

    @property
    def is_error(self) -> bool:
        return 400 <= self < 600

    @property
    def is_standard(self) -> bool:
        """True for IANA registry entries (including reserved, deprecated and obsoleted)."""
        return self.kind == "iana"

    @property
    def outside_range(self) -> bool:
        """True for a vendor code outside HTTP's 100–599 (LinkedIn's 999): it has no class."""
        return not 100 <= self < 600

    @property
    def family(self) -> Family | None:
        """The class (1xx … 5xx), or None for a code outside 100–599, which belongs to none."""
        if not 100 <= self < 600:
            return None
        from statusdex.core import store

        return store.family_of(int(self))

    @property
    def parent(self) -> Status | None:
        """For an IIS sub-status, the IANA code it is sent as."""
        if self.substatus is None:
            return None
        from statusdex.core.lookup import by_key

        return by_key(str(int(self)))

    @property
    def substatuses(self) -> tuple[Status, ...]:
        """For an IANA code, its IIS sub-statuses (403 → 403.1 … 403.504)."""
        from statusdex.core import store

        if self.kind != "iana":
            return ()
        return store.substatuses(int(self))

    @property
    def substatus_keys(self) -> tuple[str, ...]:
        """Ids of this code's IIS sub-statuses, without building their records."""
        from statusdex.core import store

        return store.index().substatus_ids.get(int(self), ()) if self.kind == "iana" else ()

    @property
    def related(self) -> tuple[Status, ...]:
        from statusdex.core.lookup import by_key

        return tuple(by_key(k) for k in self.related_keys)

    @property
    def meanings(self) -> tuple[Status, ...]:
        """Every meaning of this number: the IANA code first, then vendors by precedence."""
        from statusdex.core import store

        return store.meanings(int(self))

    @property
    def http_status(self) -> HTTPStatus | None:
        """The matching ``http.HTTPStatus`` member, or None where the stdlib lacks the code."""
        if self.kind != "iana":
            return None
        from http import HTTPStatus

        try:
            return HTTPStatus(int(self))
        except ValueError:
            return None

    # Text

    def text(self, lang: str | None = None) -> Text:
        """All text in ``lang`` (default: the environment's language, else English)."""
        from statusdex.core import store

        return store.text(self.key, lang)

    @property
    def summary(self) -> str:
        return self.text().summary

    @property
    def explanation(self) -> str:
        return self.text().explanation

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """Plain data for JSON. ``lang=None`` includes every language under ``"text"``."""
        from statusdex.core.export import status_dict

        return status_dict(self, lang)


# The fields of a registry entry, declared once: the number, then Status's annotated fields in
# the order the class declares them. The registry build writes every entry as a tuple in this
# order (``registry/build.py``), the store reads it back by the same list (``core/store.py``)
# and refuses a compiled registry written with another list; nested records (history, sources,
# semantics…) travel as tuples in the order of their ``__slots__``. A field added to Status
# thus reaches the build (which then asks for its value) and the store at once;
# tests/test_record_shape.py checks that export() and the API's models carry every field.
ENTRY_FIELDS: tuple[str, ...] = ("code", *Status.__annotations__)
