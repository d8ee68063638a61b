"""The DuckDB report against the generators' truth: exact counts, meanings from the registry."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

import statusdex
from statusdex.core import store
from statusdex.logs.engine import QueryError
from statusdex.logs.pipeline import make_report
from tests.logs import gen


def _write(tmp_path: Path, name: str, text: str) -> str:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


def test_codes_and_problems_combined(tmp_path: Path) -> None:
    text, truth = gen.combined(2000, bad_every=101)
    rep = make_report([_write(tmp_path, "a.log", text)], top=50)
    assert rep["summary"]["requests"] == truth.rows
    assert {c["code"]: c["count"] for c in rep["codes"]} == dict(truth.status)
    assert rep["intake"]["malformed"] == len(truth.malformed)
    assert rep["intake"]["files"][0]["malformed_sample"] == truth.malformed[:10]
    c499 = next(c for c in rep["codes"] if c["code"] == 499)
    assert c499["key"] == "nginx/499"  # a web-server log: nginx's meaning
    assert c499["summary"] == store.text("nginx/499", "en").summary
    paths = {
        (p["value"], int(code)): p["count"]
        for code, v in rep["problems"].items()
        for p in v["paths"]
    }
    want = {k: n for k, n in truth.path_status.items() if k[1] >= 400}
    assert paths == want
    fault = {f["who"]: f["count"] for f in rep["fault"]}
    expect: Counter[str] = Counter()
    for code, n in truth.status.items():
        key = "nginx/499" if code == 499 else str(code)
        expect[store.index().status(key).fault[0]] += n
    assert fault == dict(expect)
    assert sum(b["total"] for b in rep["timeline"]["buckets"]) == truth.rows


def test_top_limits(tmp_path: Path) -> None:
    text, _ = gen.combined(500)
    rep = make_report([_write(tmp_path, "a.log", text)], top=2)
    assert all(len(v["paths"]) <= 2 for v in rep["problems"].values())
    assert any(len(v["paths"]) == 2 for v in rep["problems"].values())


def test_filters(tmp_path: Path) -> None:
    text, truth = gen.combined(600)
    path = _write(tmp_path, "a.log", text)
    rep = make_report([path], where="status >= 500")
    assert rep["summary"]["requests"] == sum(n for s, n in truth.status.items() if s >= 500)
    rep = make_report([path], since="2026-12-07 06:05:00", until="2026-12-07 06:06:00")
    assert rep["summary"]["requests"] == 60  # one line a second
    with pytest.raises(QueryError):
        make_report([path], where="no_such_column = 1")


def test_iis_substatus_and_win32(tmp_path: Path) -> None:
    text, truth = gen.iis(400)
    rep = make_report([_write(tmp_path, "u_ex261207.log", text)], lang="fr")
    got = {(r["status"], r["substatus"], r["win32"]): r["count"] for r in rep["iis"]}
    want = {k: n for k, n in truth.substatus.items() if k[0] >= 400 or k[1] or k[2]}
    assert got == want
    r = next(r for r in rep["iis"] if (r["status"], r["substatus"]) == (403, 14))
    assert r["key"] == "403.14"
    assert r["meaning"] == store.text("403.14", "fr").summary
    w = next(r for r in rep["iis"] if r["win32"] == 5)
    assert w["win32_meaning"]["constant"] == "ERROR_ACCESS_DENIED"
    assert w["win32_meaning"]["meaning"] == statusdex.win32(5).summary("fr")
    assert w["win32_meaning"]["meaning"].startswith("Accès refusé")


@pytest.mark.parametrize("maker", [gen.alb, gen.cloudflare], ids=["alb", "cloudflare"])
def test_edge_origin(tmp_path: Path, maker) -> None:
    text, truth = maker(700)
    rep = make_report([_write(tmp_path, "edge.log", text)])
    got = {(r["edge"], r["origin"]): r["count"] for r in rep["edge_origin"]}
    assert got == dict(truth.disagree)
    assert {c["code"]: c["count"] for c in rep["codes"]} == dict(truth.status)


def test_alb_vendor_meaning(tmp_path: Path) -> None:
    text, _ = gen.alb(200)
    rep = make_report([_write(tmp_path, "alb.log", text)])
    assert next(c for c in rep["codes"] if c["code"] == 460)["key"] == "aws/460"


def test_upstream_and_slowest(tmp_path: Path) -> None:
    text, truth = gen.nginx(500)
    rep = make_report(
        [_write(tmp_path, "n.log", text)], fmt="nginx", log_format=gen.NGINX_FORMAT, top=1
    )
    up = {u["status"]: u for u in rep["upstream"]}
    assert up[499]["count"] == truth.status[499]
    assert up[499]["no_upstream_time"] == truth.status[499]
    assert up[502]["max_upstream_ms"] == pytest.approx(2000.0)
    slow = {s["status"]: s["ms"] for s in rep["slowest"]}
    assert slow == pytest.approx(truth.slowest)


def test_spike_found(tmp_path: Path) -> None:
    text, _ = gen.combined(1200, seed=9)
    burst = "".join(
        f"203.0.113.99 - - [07/Dec/2026:06:10:{i % 60:02d} +0000] "
        '"GET /pay HTTP/1.1" 503 0 "-" "x"\n'
        for i in range(300)
    )
    rep = make_report([_write(tmp_path, "a.log", text + burst)])
    spikes = rep["timeline"]["spikes"]
    assert [s["bucket"] for s in spikes] == ["2026-12-07 06:10:00"]
    assert spikes[0]["codes"][0]["code"] == 503


def test_parallel_ranges_equal_serial(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from statusdex.logs import parallel

    text, truth = gen.combined(5003, bad_every=97)
    path = _write(tmp_path, "big.log", text)
    serial = make_report([path], jobs=1, in_engine=False)
    monkeypatch.setattr(parallel, "MIN_BYTES", 1)
    for jobs in (2, 3, 7):
        rep = make_report([path], jobs=jobs, in_engine=False)
        assert rep["codes"] == serial["codes"]
        assert rep["intake"]["files"][0]["lines"] == truth.lines
        assert rep["intake"]["files"][0]["malformed"] == len(truth.malformed)
        assert rep["intake"]["files"][0]["malformed_sample"] == truth.malformed[:10]
        assert rep["problems"] == serial["problems"]
