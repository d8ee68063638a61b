"""export(): the whole registry as plain data."""

from __future__ import annotations

import json

import statusdex


def test_export_is_json_and_complete() -> None:
    data = statusdex.export()
    text = json.dumps(data, ensure_ascii=False)
    again = json.loads(text)
    assert again == data
    assert len(data["entries"]) == len(statusdex.all_statuses())
    assert [f["id"] for f in data["families"]] == ["1xx", "2xx", "3xx", "4xx", "5xx"]
    assert {v["id"] for v in data["vendors"]} >= {"nginx", "cloudflare", "aws", "microsoft"}
    assert data["languages"] == ["en", "th", "fr"]


def test_an_entry_carries_every_field_and_language() -> None:
    entry = next(e for e in statusdex.export()["entries"] if e["id"] == "401")
    assert entry["code"] == 401
    assert entry["phrase"] == "Unauthorized"
    assert entry["iana"]["reference"] == "[RFC9110, Section 15.5.2]"
    assert entry["semantics"]["headers"][0]["name"] == "WWW-Authenticate"
    assert set(entry["text"]) == {"en", "th", "fr"}
    assert entry["text"]["en"]["summary"]
    assert entry["sources"]


def test_export_one_language() -> None:
    data = statusdex.export(lang="en")
    assert data["languages"] == ["en"]
    assert set(data["entries"][0]["text"]) == {"en"}


def test_status_to_dict_matches_export() -> None:
    s = statusdex.lookup("403.14")
    entry = next(e for e in statusdex.export()["entries"] if e["id"] == "403.14")
    assert s.to_dict() == entry
    assert entry["substatus"] == 14
    assert entry["code"] == 403
    assert entry["vendor"] == "microsoft"
