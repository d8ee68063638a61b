"""The JSON shapes of the API, as pydantic models.

They describe exactly what ``statusdex.export()`` and ``Status.to_dict()`` produce (a test
validates every entry, family and vendor against them, and schemathesis checks live answers
against the OpenAPI document built from them). Unknown fields are errors, so the models and
the library cannot drift apart silently. Value sets (kinds, states, retry rules…) are plain
strings here: the registry's schema owns them.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Shape(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Shape):
    label: str
    url: str


class HistoryName(_Shape):
    phrase: str
    spec: str
    official: bool = Field(description="True for names a published RFC used")


class AlsoUsed(_Shape):
    phrase: str
    by: str = Field(description="who uses this name for the number today")
    entry: str | None = Field(description="the registry entry of that meaning, if any")


class Header(_Shape):
    name: str
    level: str = Field(description="must, should or may")
    source: str | None


class Redirect(_Shape):
    permanent: bool
    method: str = Field(description="may-change, becomes-get or preserved")


class Semantics(_Shape):
    cacheable: bool = Field(description="heuristically cacheable (RFC 9110, Section 15.1)")
    content: str = Field(description="allowed, forbidden or not-generated")
    retry: str
    headers: list[Header]
    redirect: Redirect | None


class Example(_Shape):
    scenario: str
    request: str | None = Field(description="the raw HTTP request, when one helps")
    response: str | None = Field(description="the raw HTTP response, when one helps")


class Text(_Shape):
    """An entry's text in one language; empty fields are left out."""

    lang: str
    fallback: list[str] = Field(description="fields missing in this language, given in English")
    name: str | None = None
    summary: str | None = None
    explanation: str | None = None
    examples: list[Example] | None = None
    causes: list[str] | None = None
    fixes: list[str] | None = None
    fault: str | None = None
    choose: dict[str, str] | None = Field(
        default=None, description="related entry id → how to choose between the two"
    )
    look_first: str | None = None
    caution: str | None = None


class Iana(_Shape):
    description: str | None
    reference: str | None
    state: str | None
    expires: str | None
    deprecated_by: str | None = Field(
        default=None, description="who deprecated the code, when IANA itself marks nothing"
    )


class Wire(_Shape):
    behaviour: str = Field(description="sent, replaced (by code) or never")
    code: int | None


class Entry(_Shape):
    """One meaning of a status code: an IANA code, a vendor's code or an IIS sub-status."""

    id: str = Field(examples=["404", "nginx/499", "403.14"])
    code: int
    substatus: int | None
    display: str
    phrase: str
    name: str
    names: list[str]
    kind: str = Field(description="iana, vendor or iis")
    family: str | None = Field(description="1xx … 5xx; null for a code outside 100–599")
    outside_range: bool = Field(
        description="a vendor code outside HTTP's 100–599 (LinkedIn's 999): non-standard, no class"
    )
    vendor: str | None
    iana: Iana | None
    wire: Wire
    since: str | None
    constant: str | None
    fault: list[str]
    related: list[str]
    keywords: list[str]
    semantics: Semantics | None
    history: list[HistoryName] = Field(description="earlier names of this code")
    also_used: list[AlsoUsed] = Field(description="names the number has elsewhere today")
    aliases: list[str] = Field(description="short names lookup also accepts")
    sources: list[Source]
    text: dict[str, Text] = Field(description="language → text")


class Family(_Shape):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    id: str
    class_: int = Field(alias="class")
    name: str
    fault: list[str]
    codes: list[str]
    sources: list[Source]
    text: dict[str, Text]


class Vendor(_Shape):
    id: str
    name: str
    url: str
    aliases: list[str]
    codes: list[str]
    text: dict[str, Text]


class Export(_Shape):
    """The whole registry."""

    schema_version: int
    iana_snapshot: str
    languages: list[str]
    families: list[Family]
    vendors: list[Vendor]
    entries: list[Entry]


class CodeList(_Shape):
    count: int
    codes: list[Entry]


class Meanings(_Shape):
    code: int
    meanings: list[Entry]


class Hit(_Shape):
    """One search result, short enough for search-as-you-type."""

    id: str
    display: str
    phrase: str
    name: str
    summary: str
    fallback: list[str] = Field(
        default_factory=list, description="of name and summary, those given in English"
    )
    kind: str
    vendor: str | None
    vendor_name: str | None
    score: float
    matched: list[str] = Field(description="fields that matched, as field:lang")
    why: str = Field(description="why it matched, in words in the answer's language")
    members: list[str] = Field(
        description="a row standing for IIS sub-statuses of one parent: their ids"
    )
    group: str | None = Field(description="the words for such a row")


class SearchResult(_Shape):
    query: str
    lang: str
    family: str | None = Field(description="the family the query names (4, 5xx)")
    note: str = Field(description="when the query is close to a code but is not one: why")
    count: int
    hits: list[Hit]


class Index(_Shape):
    """Where things are."""

    name: str
    version: str
    languages: list[str]
    links: dict[str, str]


class InvalidParam(_Shape):
    name: str
    reason: str


class Problem(BaseModel):
    """An error, as RFC 9457 problem details."""

    model_config = ConfigDict(extra="allow")

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    suggestions: list[str] | None = Field(
        default=None, description="entry ids close to what was asked for"
    )
    invalid_params: list[InvalidParam] | None = Field(default=None, alias="invalid-params")
