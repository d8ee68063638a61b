"""Every English text has Thai and French text: every field of every kind of entry.

The fields come from the registry schema (``registry/schema.py``), not from a list kept here:
a new English field is checked as soon as the schema has it, and a schema field that the
translation models cannot hold fails the first test.
"""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel

from statusdex.core import store
from statusdex.registry import schema

TRANSLATED = schema.TRANSLATIONS

# Which English text model and which translation model each kind of entry uses.
MODELS: dict[str, tuple[type[BaseModel], type[BaseModel]]] = {
    "iana": (schema.EntryText, schema.EntryTranslation),
    "vendor": (schema.EntryText, schema.EntryTranslation),
    "iis": (schema.EntryText, schema.EntryTranslation),
    "family": (schema.FamilyText, schema.FamilyTranslation),
    "vendor-info": (schema.VendorText, schema.VendorTranslation),
    "win32": (schema.Win32Text, schema.Win32Translation),
}


def _kind(entry_id: str) -> str:
    if entry_id.startswith("vendor:"):
        return "vendor-info"
    if entry_id.startswith("win32:"):
        return "win32"
    if entry_id in {"1xx", "2xx", "3xx", "4xx", "5xx"}:
        return "family"
    status = store.index().status(entry_id)
    return status.kind


ENGLISH = store.raw_texts("en")
IDS = sorted(ENGLISH)


def test_every_kind_is_covered() -> None:
    assert {_kind(eid) for eid in IDS} == set(MODELS)


@pytest.mark.parametrize("kind", sorted(MODELS))
def test_translation_models_hold_every_english_field(kind: str) -> None:
    english, translation = MODELS[kind]
    assert set(english.model_fields) <= set(translation.model_fields), kind


def _fields(entry_id: str) -> tuple[str, ...]:
    return tuple(MODELS[_kind(entry_id)][0].model_fields)


def _gaps(english: dict[str, Any], local: dict[str, Any], fields: tuple[str, ...]) -> list[str]:
    gaps: list[str] = []
    for field in fields:
        en = english.get(field)
        if en in (None, "", (), [], {}):
            continue
        tr = local.get(field)
        if tr in (None, "", (), [], {}):
            gaps.append(field)
        elif isinstance(en, dict):
            gaps += [f"{field}.{key}" for key in en if not tr.get(key)]
        elif isinstance(en, (list, tuple)) and len(tr) != len(en):
            gaps.append(f"{field} ({len(tr)} of {len(en)})")
    return gaps


@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize("entry_id", IDS)
def test_every_english_field_is_translated(entry_id: str, lang: str) -> None:
    local = store.raw_text(lang, entry_id) or {}
    assert _gaps(ENGLISH[entry_id], local, _fields(entry_id)) == []
    assert local.get("name") or _kind(entry_id) in ("vendor-info", "win32"), "a translated name"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_nothing_falls_back_to_english(lang: str) -> None:
    fallen = {}
    for entry_id in IDS:
        if _kind(entry_id) in ("iana", "vendor", "iis", "family"):
            text = store.text(entry_id, lang)
            if text.fallback:
                fallen[entry_id] = text.fallback
    assert fallen == {}


def test_the_check_finds_a_gap() -> None:
    """The gap finder itself: a missing field, a short list and a missing choose key."""
    english = {"summary": "s", "causes": ("a", "b"), "choose": {"404": "x", "410": "y"}}
    local = {"causes": ("a",), "choose": {"404": "x"}}
    fields = ("summary", "causes", "choose", "caution")
    assert _gaps(english, local, fields) == ["summary", "causes (1 of 2)", "choose.410"]
