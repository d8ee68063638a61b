"""The registry against the authorities: IANA, Microsoft's IIS list, nginx, http.HTTPStatus."""

from __future__ import annotations

import http
import sys

import pytest

import statusdex
from tests.conftest import read_csv

IANA_ROWS = [r for r in read_csv("iana-http-status-codes.csv") if r["Description"] != "Unassigned"]
UNASSIGNED = [
    r["Value"] for r in read_csv("iana-http-status-codes.csv") if r["Description"] == "Unassigned"
]
IIS_ROWS = read_csv("iis-substatus-codes.csv")
NGINX_ROWS = [r for r in read_csv("nginx-nonstandard-codes.csv") if r["constant"].startswith("NGX")]
PY_ROWS = read_csv("python-httpstatus-members.csv")

EXPECTED_STATE = {
    "104": "temporary",
    "305": "deprecated",
    "306": "reserved",
    "418": "reserved",
    "510": "obsoleted",
}


def test_there_are_64_iana_rows() -> None:
    assert len(IANA_ROWS) == 64
    assert len(statusdex.all_statuses(kind="iana")) == 64


@pytest.mark.parametrize("row", IANA_ROWS, ids=lambda r: r["Value"])
def test_iana_row(row: dict[str, str]) -> None:
    s = statusdex.lookup(int(row["Value"]))
    assert s.kind == "iana"
    assert s.iana_description == row["Description"]
    assert s.reference == row["Reference"]
    assert s.state == EXPECTED_STATE.get(row["Value"], "registered")
    # The phrase is IANA's description without its registry-state note.
    assert row["Description"].startswith(s.phrase)
    assert s.sources, "every entry cites its sources"


def test_104_carries_its_expiry() -> None:
    s = statusdex.lookup(104)
    assert s.phrase == "Upload Resumption Supported"
    assert s.expires == "2026-11-13"


@pytest.mark.parametrize("span", UNASSIGNED)
def test_unassigned_ranges_hold_no_iana_entry(span: str) -> None:
    low, _, high = span.partition("-")
    for n in range(int(low), int(high or low) + 1):
        assert all(
            s.kind != "iana" for s in statusdex.all_statuses() if s == n and s.substatus is None
        )


@pytest.mark.parametrize("row", IIS_ROWS, ids=lambda r: f"{r['code']}-{r['group']}")
def test_iis_substatus(row: dict[str, str]) -> None:
    s = statusdex.lookup(row["code"])
    assert s.kind == "iis"
    assert s == int(row["status"])
    assert s.substatus == int(row["substatus"])
    assert s.parent is not None
    assert s.parent.key == row["status"]
    assert s.vendor is not None
    assert s.vendor.id == "microsoft"
    # 502.2-502.4 have two meanings in Microsoft's list; the entry names both.
    assert row["description"].lower().split("(")[0].split(":")[-1].strip() in s.phrase.lower()


@pytest.mark.parametrize("code", ["401.7", "500.16", "500.18"])
def test_iis6_entries_of_the_seed(code: str) -> None:
    s = statusdex.lookup(code)
    assert s.since == "IIS 6"


@pytest.mark.parametrize("row", NGINX_ROWS, ids=lambda r: r["code"])
def test_nginx_codes_and_the_wire(row: dict[str, str]) -> None:
    s = statusdex.lookup(int(row["code"]), vendor="nginx")
    assert s.vendor is not None
    assert s.vendor.id == "nginx"
    if row["on_the_wire"].startswith("none"):
        assert s.wire == "never"
    else:
        assert (s.wire, s.wire_code) == ("replaced", int(row["on_the_wire"]))


@pytest.mark.parametrize("member", list(http.HTTPStatus), ids=lambda m: str(m.value))
def test_every_httpstatus_member(member: http.HTTPStatus) -> None:
    s = statusdex.lookup(member)
    assert s == member
    assert s.kind == "iana"
    assert s.http_status is member
    assert statusdex.lookup(member.name) is s
    assert member.name in s.names
    if member.value not in (418, 510):
        assert statusdex.lookup(member.phrase) is s


@pytest.mark.parametrize("row", PY_ROWS, ids=lambda r: r["value"])
def test_python_names_of_every_version_resolve(row: dict[str, str]) -> None:
    s = statusdex.lookup(int(row["value"]))
    for name in (row["name_3_11_3_12"], row["name_3_13_plus"], row["alias_3_13_plus"]):
        if name:
            assert statusdex.lookup(name) is s


def test_running_python_is_covered() -> None:
    assert sys.version_info >= (3, 11)
    codes = {int(m) for m in http.HTTPStatus}
    assert codes <= {int(s) for s in statusdex.all_statuses(kind="iana")}
