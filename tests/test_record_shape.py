"""One record's shape: ``records.ENTRY_FIELDS`` is the only list of an entry's fields.

The build writes entries by it, the store reads them by it, and export() and the API's models
must carry every field: these tests fail when any of them diverges (a field added in one place
only, or values landing in the wrong field).
"""

from __future__ import annotations

import marshal
from typing import Any

import pytest

import statusdex
from statusdex.core.export import status_dict
from statusdex.core.lookup import by_key
from statusdex.core.records import ENTRY_FIELDS, Status, Vendor, _Record
from statusdex.registry import build
from statusdex.web import models

# Where export() puts each entry field (dotted path into status_dict's answer).
EXPORT_PATH = {
    "code": "code",
    "key": "id",
    "kind": "kind",
    "phrase": "phrase",
    "substatus": "substatus",
    "vendor": "vendor",
    "iana_description": "iana.description",
    "reference": "iana.reference",
    "state": "iana.state",
    "expires": "iana.expires",
    "wire": "wire.behaviour",
    "wire_code": "wire.code",
    "since": "since",
    "constant": "constant",
    "fault": "fault",
    "related_keys": "related",
    "keywords": "keywords",
    "semantics": "semantics",
    "history": "history",
    "sources": "sources",
    "names": "names",
    "deprecated_by": "iana.deprecated_by",
    "also_used": "also_used",
    "aliases": "aliases",
}
# Exported values that are not entry fields: derived from them.
DERIVED = {"display", "name", "family", "outside_range", "text"}

SAMPLE = ["404", "418", "308", "nginx/499", "403.14", "linkedin/999", "306"]


def _plain(value: Any) -> Any:
    """Records and tuples as plain data, absent optional values (None) left out."""
    if isinstance(value, Vendor):
        return value.id
    if isinstance(value, _Record):
        return _plain(value.to_dict())
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v is not None}
    return value


def _field(s: Status, field: str) -> Any:
    """An entry field's value on a Status (``code`` is its int value: ``Status.code`` is the
    code as written, "403.14")."""
    return int(s) if field == "code" else getattr(s, field)


def _at(data: dict[str, Any], path: str) -> Any:
    for part in path.split("."):
        data = data[part] if data is not None else None
    return data


@pytest.fixture(scope="module")
def built() -> dict[str, Any]:
    core, _ = build.load()
    entries: dict[str, Any] = core["ENTRIES"]
    return entries


def test_entry_fields_are_status_fields() -> None:
    assert ENTRY_FIELDS[0] == "code"
    assert ENTRY_FIELDS[1:] == tuple(Status.__annotations__)
    assert len(set(ENTRY_FIELDS)) == len(ENTRY_FIELDS)


def test_the_compiled_registry_was_written_by_the_same_list() -> None:
    from statusdex._compiled import core

    assert core.ENTRY_FIELDS == ENTRY_FIELDS
    assert all(len(marshal.loads(e)) == len(ENTRY_FIELDS) for e in core.ENTRIES.values())


def test_every_status_carries_what_the_build_gave_each_field(built: dict[str, Any]) -> None:
    """Named on both sides: a field written in one position and read from another fails."""
    assert set(built) == {s.key for s in statusdex.all_statuses()}
    for s in statusdex.all_statuses():
        record = built[s.key]
        assert list(record) == list(ENTRY_FIELDS), s.key
        for field in ENTRY_FIELDS:
            assert _plain(_field(s, field)) == _plain(record[field]), (s.key, field)


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        ({"colour": "red"}, "unknown ['colour']"),
        ({}, "missing ['code', 'key', 'kind', 'phrase', 'wire', 'fault', 'related_keys'"),
    ],
)
def test_a_loader_must_give_exactly_the_entry_fields(given: dict[str, Any], problem: str) -> None:
    with pytest.raises(TypeError, match=problem.replace("[", r"\[")):
        build.entry_record(**given)


def test_build_defaults_name_entry_fields_only() -> None:
    assert set(build._DEFAULTS) < set(ENTRY_FIELDS)


def test_export_has_a_place_for_every_entry_field() -> None:
    assert set(EXPORT_PATH) == set(ENTRY_FIELDS)
    exported = status_dict(statusdex.lookup(404), "en")
    top = {path.split(".")[0] for path in EXPORT_PATH.values()}
    assert set(exported) == top | DERIVED


@pytest.mark.parametrize("key", SAMPLE)
def test_export_carries_each_field_value(key: str) -> None:
    s = by_key(key)
    exported = status_dict(s, "en")
    for field, path in EXPORT_PATH.items():
        if s.kind != "iana" and path.startswith("iana."):
            assert exported["iana"] is None
            continue
        assert _plain(_at(exported, path)) == _plain(_field(s, field)), (key, field)


def test_the_api_models_describe_exactly_what_export_gives() -> None:
    exported = status_dict(statusdex.lookup(404), "en")
    assert set(models.Entry.model_fields) == set(exported)
    assert set(models.Iana.model_fields) == set(exported["iana"])
    assert set(models.Wire.model_fields) == set(exported["wire"])
