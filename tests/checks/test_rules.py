"""Each rule, table-driven (rules.toml), in every language: the faulty response raises the
rule at its severity with words in that language; the corrected one does not."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

import statusdex
from statusdex.checks import check_raw
from statusdex.checks.messages import rules

ROWS: list[dict[str, Any]] = tomllib.loads(
    (Path(__file__).with_name("rules.toml")).read_text("utf-8")
)["row"]
LANGS = ("en", "th", "fr")


def _raw(row: dict[str, Any]) -> bytes:
    return bytes.fromhex(row["raw_hex"]) if "raw_hex" in row else row["raw"].encode()


def _id(row: dict[str, Any]) -> str:
    first = _raw(row).split(b"\n", 1)[0].decode("latin-1")
    return f"{row['rule']}:{first}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("row", ROWS, ids=_id)
def test_rule_fires_and_clean_variant_passes(row: dict[str, Any], lang: str) -> None:
    method = row.get("method", "GET")
    report = check_raw(_raw(row), request=method, lang=lang)
    hits = [f for f in report if f.rule == row["rule"]]
    assert hits, f"{row['rule']} expected; got {[f.rule for f in report]}"
    assert hits[0].severity == row["severity"]
    assert hits[0].source  # every finding says where the rule comes from
    if lang != "en":
        english = check_raw(_raw(row), request=method, lang="en")
        eng = next(f for f in english if f.rule == row["rule"])
        assert hits[0].message != eng.message
    clean = check_raw(row["clean"], request=method, lang=lang)
    assert row["rule"] not in clean.rules()


def test_every_rule_has_words_in_every_language_and_a_row_or_a_chain_test() -> None:
    en = set(rules("en"))
    for lang in LANGS:
        assert set(rules(lang)) == en
    covered = {r["rule"] for r in ROWS} | {
        "chain-long",
        "chain-loop",
        "chain-downgrade",
        "chain-scheme",  # test_chain.py
        "body-truncated",  # test_fetch.py
        "hint-via",
        "hint-server",
        "hint-vendor",  # test_fault.py
    }
    assert en <= covered, en - covered


def test_library_entry_point_takes_parts_and_knows_the_request() -> None:
    report = statusdex.check(201, {"Content-Type": "text/plain"}, "made", request="POST")
    assert "header-missing" in report.rules()
    assert report.final.key == "201"
    assert (
        statusdex.check(201, {"Location": "/x"}, "made", request="POST").at_least("warning") == []
    )
