"""The registry in memory: records built once from ``statusdex._compiled``, and the indexes
every query uses. Texts are loaded per language, on first use."""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from collections.abc import Mapping


class _Index:
    __slots__ = (
        "by_key",
        "entries",
        "families",
        "meanings",
        "meta",
        "names",
        "substatuses",
        "vendor_ids",
        "vendors",
    )

    def __init__(self) -> None:
        from statusdex._compiled import core

        self.meta: dict[str, Any] = core.META
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
        # Any spelling of a vendor (id, alias, name) → its id.
        self.vendor_ids: dict[str, str] = {}
        for v in self.vendors.values():
            for spelling in (v.id, v.name, *v.aliases):
                self.vendor_ids.setdefault(_key(spelling), v.id)

        rank = {vid: i for i, vid in enumerate(self.vendors)}
        self.entries: tuple[Status, ...] = tuple(_status(e, self.vendors) for e in core.ENTRIES)
        self.by_key: dict[str, Status] = {s.key: s for s in self.entries}

        meanings: dict[int, list[Status]] = {}
        subs: dict[int, list[Status]] = {}
        for s in self.entries:
            if s.kind == "iis":
                subs.setdefault(int(s), []).append(s)
            else:
                meanings.setdefault(int(s), []).append(s)
        self.meanings: dict[int, tuple[Status, ...]] = {
            code: tuple(sorted(group, key=lambda s: -1 if s.vendor is None else rank[s.vendor.id]))
            for code, group in meanings.items()
        }
        self.substatuses: dict[int, tuple[Status, ...]] = {c: tuple(g) for c, g in subs.items()}

        # Names and phrases → entry, first claim wins: IANA phrases, then IANA old names and
        # constant names (an old name finds the code), then IIS descriptions, then vendor
        # phrases by precedence.
        self.names: dict[str, Status] = {}
        iana = [s for s in self.entries if s.kind == "iana"]
        others = [s for s in self.entries if s.kind == "iis"]
        others += sorted(
            (s for s in self.entries if s.kind == "vendor"),
            key=lambda s: rank[s.vendor.id] if s.vendor else 0,
        )
        for s in iana:
            if not s.phrase.startswith("("):
                self.names.setdefault(_key(s.phrase), s)
        for s in iana:
            for name in (*(h.phrase for h in s.history), *s.names):
                self.names.setdefault(_key(name), s)
        for s in others:
            for name in (s.phrase, *s.names):
                self.names.setdefault(_key(name), s)


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
    return index().meanings.get(code, ())


def substatuses(code: int) -> tuple[Status, ...]:
    return index().substatuses.get(code, ())


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
    s = index().by_key.get(entry_id)
    return s.phrase if s is not None else ""
