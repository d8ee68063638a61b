"""``export``: the whole registry as plain, JSON-serialisable data (every field, every
language). The web API serves exactly this; other tools can build on it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from statusdex.core import lang as _lang
from statusdex.core import store

if TYPE_CHECKING:
    from statusdex.core.records import Family, Status, Text, Vendor

SCHEMA_VERSION = 1


def text_dict(text: Text) -> dict[str, Any]:
    data = text.to_dict()
    data["choose"] = dict(text.choose)
    return {k: v for k, v in data.items() if v not in ("", [], {}) or k == "fallback"}


def _texts(entry_id: str, lang: str | None, getter: Any) -> dict[str, Any]:
    langs = _lang.LANGUAGES if lang is None else (_lang.resolve(lang),)
    return {code: text_dict(getter(entry_id, code)) for code in langs}


def status_dict(s: Status, lang: str | None = None) -> dict[str, Any]:
    """One entry as plain data; ``lang=None`` gives every language."""
    sem = s.semantics
    return {
        "id": s.key,
        "code": int(s),
        "substatus": s.substatus,
        "display": s.code,
        "phrase": s.phrase,
        "name": s.name,
        "names": list(s.names),
        "kind": s.kind,
        "family": f"{int(s) // 100}xx" if not s.outside_range else None,
        "outside_range": s.outside_range,
        "vendor": s.vendor.id if s.vendor else None,
        "iana": {
            "description": s.iana_description,
            "reference": s.reference,
            "state": s.state,
            "expires": s.expires,
            "deprecated_by": s.deprecated_by,
        }
        if s.kind == "iana"
        else None,
        "wire": {"behaviour": s.wire, "code": s.wire_code},
        "since": s.since,
        "constant": s.constant,
        "fault": list(s.fault),
        "related": list(s.related_keys),
        "keywords": list(s.keywords),
        "semantics": sem.to_dict() if sem else None,
        "history": [h.to_dict() for h in s.history],
        "also_used": [a.to_dict() for a in s.also_used],
        "aliases": list(s.aliases),
        "sources": [x.to_dict() for x in s.sources],
        "text": _texts(s.key, lang, store.text),
    }


def family_dict(f: Family, lang: str | None = None) -> dict[str, Any]:
    return {
        "id": f.id,
        "class": f.cls,
        "name": f.name,
        "fault": list(f.fault),
        "codes": [s.key for s in f.codes],
        "sources": [x.to_dict() for x in f.sources],
        "text": _texts(f.id, lang, store.text),
    }


def vendor_dict(v: Vendor, lang: str | None = None) -> dict[str, Any]:
    return {
        "id": v.id,
        "name": v.name,
        "url": v.url,
        "aliases": list(v.aliases),
        "codes": [s.key for s in v.codes if s.kind == "vendor"],
        "text": _texts(f"vendor:{v.id}", lang, store.text),
    }


def export(*, lang: str | None = None) -> dict[str, Any]:
    """The whole registry as plain data. ``lang`` limits texts to one language."""
    idx = store.index()
    return {
        "schema_version": SCHEMA_VERSION,
        "iana_snapshot": idx.meta["iana_snapshot"],
        "languages": list(_lang.LANGUAGES) if lang is None else [_lang.resolve(lang)],
        "families": [family_dict(f, lang) for f in idx.families.values()],
        "vendors": [vendor_dict(v, lang) for v in idx.vendors.values()],
        "entries": [status_dict(s, lang) for s in idx.entries],
    }
