"""The registry in memory: records built once from ``statusdex._compiled``, and the indexes
every query uses. Texts are loaded per language, on first use."""

from __future__ import annotations

from types import MappingProxyType

from statusdex.core import lang as _lang
from statusdex.core.normalize import key as _key
from statusdex.core.records import (
    Example,
    Family,
    Header,
    HistoryName,
    Redirect,
    Semantics,
    Source,
    Status,
    Text,
    Vendor,
)
from statusdex.errors import UnknownFamilyError

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any


class _Index:
    """Records built on demand over the compiled tables: a lookup in a fresh process builds
    one ``Status``, not all of them."""

    __slots__ = (
        "_all",
        "_statuses",
        "families",
        "meaning_ids",
        "meta",
        "name_ids",
        "raw",
        "substatus_ids",
        "vendor_ids",
        "vendors",
    )

    def __init__(self) -> None:
        from statusdex._compiled import core

        self.meta: dict[str, Any] = core.META
        self.raw: dict[str, dict[str, Any]] = core.ENTRIES
        self.meaning_ids: dict[int, tuple[str, ...]] = core.MEANINGS
        self.substatus_ids: dict[int, tuple[str, ...]] = core.SUBSTATUSES
        self.name_ids: dict[str, str] = core.NAMES
        self.families: dict[str, Family] = {
            f["id"]: Family(
                id=f["id"],
                cls=f["class"],
                name=f["name"],
                fault=f["fault"],
                sources=tuple(Source(**s) for s in f["sources"]),
            )
            for f in core.FAMILIES
        }
        self.vendors: dict[str, Vendor] = {
            vid: Vendor(id=vid, name=v["name"], url=v["url"], aliases=v["aliases"])
            for vid, v in core.VENDORS.items()
        }
        # Any spelling of a vendor (id, name, alias) → its id.
        self.vendor_ids: dict[str, str] = {}
        for v in self.vendors.values():
            for spelling in (v.id, v.name, *v.aliases):
                self.vendor_ids.setdefault(_key(spelling), v.id)
        self._statuses: dict[str, Status] = {}
        self._all: tuple[Status, ...] | None = None

    def get(self, entry_id: str) -> Status | None:
        s = self._statuses.get(entry_id)
        if s is None:
            raw = self.raw.get(entry_id)
            if raw is None:
                return None
            s = self._statuses[entry_id] = _status(raw, self.vendors)
        return s

    def status(self, entry_id: str) -> Status:
        s = self.get(entry_id)
        assert s is not None, entry_id  # ids in the compiled indexes always exist
        return s

    @property
    def entries(self) -> tuple[Status, ...]:
        if self._all is None:
            self._all = tuple(self.status(k) for k in self.raw)
        return self._all

    def meanings(self, code: int) -> tuple[Status, ...]:
        return tuple(self.status(k) for k in self.meaning_ids.get(code, ()))

    def substatuses(self, code: int) -> tuple[Status, ...]:
        return tuple(self.status(k) for k in self.substatus_ids.get(code, ()))

    def name(self, folded: str) -> Status | None:
        entry_id = self.name_ids.get(folded)
        return None if entry_id is None else self.status(entry_id)


def _status(e: dict[str, Any], vendors: Mapping[str, Vendor]) -> Status:
    sem = e["semantics"]
    semantics = None
    if sem is not None:
        redirect = sem.get("redirect")
        semantics = Semantics(
            cacheable=sem["cacheable"],
            content=sem["content"],
            retry=sem["retry"],
            headers=tuple(
                Header(name=h["name"], level=h["level"], source=h.get("source"))
                for h in sem.get("headers", ())
            ),
            redirect=Redirect(**redirect) if redirect else None,
        )
    return Status(
        e["code"],
        key=e["id"],
        kind=e["kind"],
        phrase=e["phrase"],
        substatus=e["sub"],
        vendor=vendors[e["vendor"]] if e["vendor"] else None,
        iana_description=e["iana"],
        reference=e["reference"],
        state=e["state"],
        expires=e["expires"],
        wire=e["wire"],
        wire_code=e["wire_code"],
        since=e["since"],
        constant=e["constant"],
        fault=e["fault"],
        related_keys=e["related"],
        keywords=e["keywords"],
        semantics=semantics,
        history=tuple(HistoryName(**h) for h in e["history"]),
        sources=tuple(Source(**s) for s in e["sources"]),
        names=e["names"],
    )


_INDEX: _Index | None = None
_TEXTS: dict[str, dict[str, dict[str, Any]]] = {}
_TEXT_CACHE: dict[tuple[str, str], Text] = {}


def index() -> _Index:
    global _INDEX
    if _INDEX is None:
        _INDEX = _Index()
    return _INDEX


def entries() -> tuple[Status, ...]:
    return index().entries


def meanings(code: int) -> tuple[Status, ...]:
    return index().meanings(code)


def substatuses(code: int) -> tuple[Status, ...]:
    return index().substatuses(code)


def family_of(code: int) -> Family:
    fam = index().families.get(f"{code // 100}xx")
    if fam is None:
        raise UnknownFamilyError(f"{code} is outside 100–599 and belongs to no family", code)
    return fam


def raw_texts(lang: str) -> dict[str, dict[str, Any]]:
    """The compiled text table of one language (id → fields), loaded on first use."""
    table = _TEXTS.get(lang)
    if table is None:
        import importlib

        table = importlib.import_module(f"statusdex._compiled.text_{lang}").TEXT
        _TEXTS[lang] = table
    return table


_TEXT_FIELDS = (
    "name",
    "summary",
    "explanation",
    "causes",
    "fixes",
    "fault",
    "look_first",
    "caution",
)


def text(entry_id: str, lang: str | None = None) -> Text:
    """The text of an entry in ``lang``, completed from English where a field is missing."""
    lang = _lang.resolve(lang)
    cached = _TEXT_CACHE.get((entry_id, lang))
    if cached is not None:
        return cached
    english = raw_texts("en").get(entry_id)
    if english is None:
        from statusdex.errors import UnknownStatusError

        raise UnknownStatusError(f"no text for entry {entry_id!r}", entry_id)
    local = raw_texts(lang).get(entry_id, {}) if lang != "en" else english
    fallback: list[str] = []
    values: dict[str, Any] = {}
    for field in (*_TEXT_FIELDS, "examples", "choose"):
        if field in local:
            values[field] = local[field]
        else:
            values[field] = english.get(field)
            if field in english and lang != "en":
                fallback.append(field)
    if not values["name"]:
        values["name"] = _default_name(entry_id)
    if "choose" in local and lang != "en":
        # A translation may cover only some related codes; fill the rest from English.
        merged = dict(english.get("choose", {}))
        merged.update(local["choose"])
        if len(merged) > len(local["choose"]):
            fallback.append("choose")
        values["choose"] = merged
    result = Text(
        lang=lang,
        name=values["name"] or "",
        summary=values["summary"] or "",
        explanation=values["explanation"] or "",
        examples=tuple(
            Example(scenario=x["scenario"], request=x.get("request"), response=x.get("response"))
            for x in values["examples"] or ()
        ),
        causes=tuple(values["causes"] or ()),
        fixes=tuple(values["fixes"] or ()),
        fault=values["fault"] or "",
        choose=MappingProxyType(dict(values["choose"] or {})),
        look_first=values["look_first"] or "",
        caution=values["caution"] or "",
        fallback=tuple(fallback),
    )
    _TEXT_CACHE[(entry_id, lang)] = result
    return result


def _default_name(entry_id: str) -> str:
    s = index().get(entry_id)
    return s.phrase if s is not None else ""
