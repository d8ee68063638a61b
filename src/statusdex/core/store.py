"""The registry in memory: records built once from ``statusdex._compiled``, and the indexes
every query uses. Texts are loaded per language, on first use."""

from __future__ import annotations

import marshal

from statusdex.core import lang as _lang
from statusdex.core.records import (
    ENTRY_FIELDS,
    AlsoUsed,
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
    from typing import Any, TypeVar

    from statusdex.core.records import _Record

    R = TypeVar("R", bound=_Record)


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

        if core.ENTRY_FIELDS != ENTRY_FIELDS:
            raise RuntimeError(
                "the compiled registry was written with other entry fields than this statusdex"
                " reads: rebuild it with `python -m statusdex.registry.build`"
            )
        self.meta: dict[str, Any] = core.META
        # id → the entry's tuple (fields in ENTRY_FIELDS order), marshalled
        self.raw: dict[str, bytes] = core.ENTRIES
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
        # Any spelling of a vendor (id, name, alias), folded → its id.
        self.vendor_ids: dict[str, str] = core.VENDOR_IDS
        self._statuses: dict[str, Status] = {}
        self._all: tuple[Status, ...] | None = None

    def get(self, entry_id: str) -> Status | None:
        s = self._statuses.get(entry_id)
        if s is None:
            raw = self.raw.get(entry_id)
            if raw is None:
                return None
            s = self._statuses[entry_id] = _status(marshal.loads(raw), self.vendors)
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


def _make(cls: type[R], values: tuple[Any, ...]) -> R:
    """A nested record from its compiled tuple (fields in the order of its ``__slots__``)."""
    return cls(**dict(zip(cls.__slots__, values, strict=True)))


def _semantics(values: tuple[Any, ...]) -> Semantics:
    fields = dict(zip(Semantics.__slots__, values, strict=True))
    fields["headers"] = tuple(_make(Header, h) for h in fields["headers"])
    redirect = fields["redirect"]
    fields["redirect"] = _make(Redirect, redirect) if redirect is not None else None
    return Semantics(**fields)


def _status(e: tuple[Any, ...], vendors: Mapping[str, Vendor]) -> Status:
    """A Status from its compiled tuple (fields in ENTRY_FIELDS order)."""
    fields = dict(zip(ENTRY_FIELDS, e, strict=True))
    code = fields.pop("code")
    vendor = fields["vendor"]
    fields["vendor"] = vendors[vendor] if vendor else None
    sem = fields["semantics"]
    fields["semantics"] = _semantics(sem) if sem is not None else None
    fields["history"] = tuple(_make(HistoryName, h) for h in fields["history"])
    fields["sources"] = tuple(_make(Source, s) for s in fields["sources"])
    fields["also_used"] = tuple(_make(AlsoUsed, a) for a in fields["also_used"])
    return Status(code, **fields)


# types.MappingProxyType, without importing `types` (a cold start would pay for it)
_MappingProxy = type(type.__dict__)
_INDEX: _Index | None = None
# One file per language, beside the compiled core (registry/build.py writes it)
TEXT_FILE = "text_{lang}.marshal"
_TEXTS: dict[str, dict[str, memoryview]] = {}
_DECODED: dict[tuple[str, str], dict[str, Any]] = {}
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


def fields(entry_id: str) -> dict[str, Any]:
    """One entry's fields as compiled (``ENTRY_FIELDS`` → value; ``vendor`` is the vendor's id,
    nested records are tuples), without building its ``Status``: for a listing that shows a few
    columns of many entries."""
    return dict(zip(ENTRY_FIELDS, marshal.loads(index().raw[entry_id]), strict=True))


def family_ids(cls: int) -> tuple[str, ...]:
    """Ids of the IANA codes of one class (4 → 400 … 451), in registry order."""
    kind, code = ENTRY_FIELDS.index("kind"), ENTRY_FIELDS.index("code")
    out = []
    for entry_id, raw in index().raw.items():
        e = marshal.loads(raw)
        if e[kind] == "iana" and e[code] // 100 == cls:
            out.append(entry_id)
    return tuple(out)


def family_of(code: int) -> Family:
    fam = index().families.get(f"{code // 100}xx")
    if fam is None:
        raise UnknownFamilyError(f"{code} is outside 100–599 and belongs to no family", code)
    return fam


def _blobs(lang: str) -> dict[str, memoryview]:
    """The compiled text table of one language: entry id → its marshalled fields."""
    table = _TEXTS.get(lang)
    if table is None:
        from statusdex import _compiled

        path = f"{_compiled.__path__[0]}/{TEXT_FILE.format(lang=lang)}"
        with open(path, "rb") as f:
            ranges, data = marshal.loads(f.read())
        view = memoryview(data)
        table = _TEXTS[lang] = {eid: view[a:b] for eid, (a, b) in ranges.items()}
    return table


def raw_text(lang: str, entry_id: str) -> dict[str, Any] | None:
    """The text fields of one entry in one language, as compiled (None if untranslated)."""
    key = (lang, entry_id)
    fields = _DECODED.get(key)
    if fields is None:
        blob = _blobs(lang).get(entry_id)
        if blob is None:
            return None
        fields = _DECODED[key] = marshal.loads(blob)
    return fields


def set_text_fields(lang: str, entry_id: str, fields: dict[str, Any]) -> None:
    """Use ``fields`` as one entry's text in ``lang`` until ``reset_texts()``, in this process
    only: how a test shows a translation with gaps without editing the registry."""
    _DECODED[(lang, entry_id)] = fields
    _TEXT_CACHE.clear()


def reset_texts() -> None:
    """Forget every decoded text and ``set_text_fields`` override: the next read decodes the
    compiled tables again."""
    _DECODED.clear()
    _TEXT_CACHE.clear()


def raw_texts(lang: str) -> dict[str, dict[str, Any]]:
    """Every entry's text fields in one language (id → fields)."""
    return {eid: f for eid in _blobs(lang) if (f := raw_text(lang, eid)) is not None}


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
    english = raw_text("en", entry_id)
    if english is None:
        from statusdex.errors import UnknownStatusError

        raise UnknownStatusError(f"no text for entry {entry_id!r}", entry_id)
    local = (raw_text(lang, entry_id) or {}) if lang != "en" else english
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
        choose=_MappingProxy(dict(values["choose"] or {})),
        look_first=values["look_first"] or "",
        caution=values["caution"] or "",
        fallback=tuple(fallback),
    )
    _TEXT_CACHE[(entry_id, lang)] = result
    return result


def summary(entry_id: str, lang: str | None = None) -> str:
    """``text(entry_id, lang).summary`` without building the whole ``Text``: a listing of many
    entries shows only this field."""
    lang = _lang.resolve(lang)
    cached = _TEXT_CACHE.get((entry_id, lang))
    if cached is not None:
        return cached.summary
    english = raw_text("en", entry_id)
    if english is None:
        return text(entry_id, lang).summary  # raises the same error
    local = (raw_text(lang, entry_id) or {}) if lang != "en" else english
    value = local["summary"] if "summary" in local else english.get("summary")
    return value or ""


def _default_name(entry_id: str) -> str:
    s = index().get(entry_id)
    return s.phrase if s is not None else ""
