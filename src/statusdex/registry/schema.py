"""The schema of every file under ``registry/``, as pydantic models.

Models forbid unknown fields, so a typo in a field name is an error that names the field.
Cross-entry rules (related ids exist, translation keys match) live in ``build.py``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from statusdex.core import lang as _lang

Fault = Literal["client", "server", "upstream", "network", "nobody"]
State = Literal["registered", "temporary", "reserved", "deprecated", "obsoleted"]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Url = Annotated[str, StringConstraints(pattern=r"^https://\S+$")]
# Win32 constants: ERROR_… (WinError.h, WinHTTP) and WSAE… (Windows Sockets)
WIN32_CONSTANT = r"^(ERROR_[A-Z0-9_]+|WSAE[A-Z0-9]+)$"

LANGUAGES = _lang.LANGUAGES
TRANSLATIONS = _lang.TRANSLATIONS


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Strict):
    label: Line
    url: Url


class Header(Strict):
    name: Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9-]*$")]
    level: Literal["must", "should", "may"]
    source: Line | None = None


class Redirect(Strict):
    permanent: bool
    method: Literal["may-change", "becomes-get", "preserved"]


class Semantics(Strict):
    cacheable: bool
    content: Literal["allowed", "forbidden", "not-generated"]
    retry: Literal["not-applicable", "no", "after-change", "after-wait", "idempotent"]
    headers: list[Header] = Field(default_factory=list)
    redirect: Redirect | None = None


class HistoryName(Strict):
    """An earlier name of this code (an older spec, or an older product's wording)."""

    phrase: Line
    spec: Line
    official: bool


class AlsoUsed(Strict):
    """A name the same number has elsewhere today, in parallel with the registered meaning."""

    phrase: Line
    by: Line  # who uses it: a vendor, a protocol, a library
    entry: Line | None = None  # the registry entry for that meaning, when there is one


class Example(Strict):
    scenario: Line
    request: str | None = None
    response: str | None = None


class EntryText(Strict):
    """English text of a code, vendor code or sub-status."""

    name: Line | None = None  # the name people know, when the phrase is a state ("(Unused)")
    summary: Line
    explanation: Line
    examples: Annotated[list[Example], Field(min_length=1)]
    causes: Annotated[list[Line], Field(min_length=1)]
    fixes: Annotated[list[Line], Field(min_length=1)]
    fault: Line
    choose: dict[str, Line] = Field(default_factory=dict)


class FamilyText(Strict):
    summary: Line
    explanation: Line
    look_first: Line
    caution: Line | None = None


class VendorText(Strict):
    summary: Line


class Entry(Strict):
    fault: Annotated[list[Fault], Field(min_length=1)]
    related: list[Line] = Field(default_factory=list)
    keywords: list[Line] = Field(default_factory=list)  # words people search with
    sources: Annotated[list[Source], Field(min_length=1)]
    en: EntryText


class IanaCode(Entry):
    code: Annotated[int, Field(ge=100, le=599)]
    phrase: Line
    iana: Line
    reference: Line
    state: State
    expires: dt.date | None = None
    deprecated_by: Line | None = None  # who deprecated it, when IANA itself marks nothing
    semantics: Semantics
    history: list[HistoryName] = Field(default_factory=list)
    also_used: list[AlsoUsed] = Field(default_factory=list)
    aliases: list[Line] = Field(default_factory=list)  # short names people type ("teapot")


class VendorCode(Entry):
    # A vendor may use a three-digit code outside HTTP's 100–599 (LinkedIn's 999); it must then
    # say so with outside_range = true (build.py checks both ways). Such a code has no class.
    code: Annotated[int, Field(ge=100, le=999)]
    phrase: Line
    wire: Literal["sent", "replaced", "never"]
    outside_range: bool = False
    wire_code: Annotated[int, Field(ge=100, le=599)] | None = None


class SubStatus(Entry):
    code: Annotated[str, StringConstraints(pattern=r"^[1-5][0-9]{2}\.[0-9]{1,3}$")]
    parent: Annotated[int, Field(ge=100, le=599)]
    description: Line
    since: Line
    constant: Line | None = None
    history: list[HistoryName] = Field(default_factory=list)  # older IIS wording


class Family(Strict):
    family: Literal["1xx", "2xx", "3xx", "4xx", "5xx"]
    name: Line
    fault: Annotated[list[Fault], Field(min_length=1)]
    sources: Annotated[list[Source], Field(min_length=1)]
    en: FamilyText
    class_: Annotated[int, Field(alias="class", ge=1, le=5)]


class Vendor(Strict):
    name: Line
    url: Url
    aliases: list[Line] = Field(default_factory=list)
    en: VendorText


class Win32Text(Strict):
    summary: Line  # what the code means in an IIS log line (sc-win32-status)


class Win32Code(Strict):
    """A Windows error code as IIS writes it in ``sc-win32-status`` (``registry/win32/``)."""

    code: Annotated[int, Field(ge=0, le=0xFFFFFFFF)]  # a DWORD, written in decimal as IIS does
    constant: Annotated[str, StringConstraints(pattern=WIN32_CONSTANT)]
    description: Line  # Microsoft's description of the code, exactly
    sources: Annotated[list[Source], Field(min_length=1)]
    en: Win32Text


class Precedence(Strict):
    vendors: list[Line]


class Deck(Strict):
    """A learning deck: named entries (``keys``, in introduction order) or one ``kind``."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")]
    keys: list[Line] | None = None
    kind: Literal["iana", "vendor", "iis", "family"] | None = None
    share: dict[str, Annotated[float, Field(gt=0, le=100)]] = Field(default_factory=dict)
    note: Line | None = None
    sources: list[Source] = Field(default_factory=list)


class Decks(Strict):
    deck: Annotated[list[Deck], Field(min_length=1)]


# Translations: text only. Vendor codes and sub-statuses need fewer fields than IANA codes.


class EntryTranslation(Strict):
    name: Line
    summary: Line
    explanation: Line | None = None
    examples: Annotated[list[Line], Field(min_length=1)]
    causes: list[Line] | None = None
    fixes: Annotated[list[Line], Field(min_length=1)]
    fault: Line | None = None
    choose: dict[str, Line] = Field(default_factory=dict)


class FamilyTranslation(Strict):
    name: Line
    summary: Line
    explanation: Line
    look_first: Line
    caution: Line | None = None


class VendorTranslation(Strict):
    summary: Line


class Win32Translation(Strict):
    summary: Line
