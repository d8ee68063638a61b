"""Reading every format: exact counts against the generator, quirks, bad input never aborts."""

from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path

import pytest
import zstandard

from statusdex.logs.formats import Row, detect, make_parser
from statusdex.logs.read import MAX_LINE, read_all
from tests.logs import gen

CASES = [
    ("combined", lambda: gen.combined(400, bad_every=37), None),
    ("common", lambda: gen.combined(300, common=True), None),
    ("nginx", lambda: gen.nginx(300), gen.NGINX_FORMAT),
    ("iis", lambda: gen.iis(300), None),
    ("alb", lambda: gen.alb(300), None),
    ("cloudflare", lambda: gen.cloudflare(300), None),
    ("json", lambda: gen.jsonl(300), None),
]


def _read(paths: list[str], **kw: object) -> tuple[list[Row], object]:
    rows: list[Row] = []
    intake = read_all(paths, rows.append, **kw)  # type: ignore[arg-type]
    return rows, intake


@pytest.mark.parametrize(("fmt", "make", "log_format"), CASES, ids=[c[0] for c in CASES])
def test_exact_counts(tmp_path: Path, fmt: str, make, log_format: str | None) -> None:
    text, truth = make()
    p = tmp_path / f"{fmt}.log"
    p.write_text(text, encoding="utf-8")
    kw = {"fmt": "nginx", "log_format": log_format} if log_format else {}
    rows, intake = _read([str(p)], **kw)
    f = intake.files[0]
    assert f.format == fmt
    assert f.error is None
    assert f.lines == truth.lines
    assert f.rows == truth.rows == len(rows)
    assert f.malformed == len(truth.malformed)
    assert f.malformed_sample == truth.malformed[:10]
    assert Counter(r[5] for r in rows) == truth.status
    assert Counter((r[4], r[5]) for r in rows) == truth.path_status
    day = "2026-12-06 23" if fmt == "json" else "2026-12-07 06"  # json times are at +07:00
    assert all(r[0] is not None and r[0].startswith(day) for r in rows)


@pytest.mark.parametrize(("fmt", "make", "log_format"), CASES[:-2], ids=[c[0] for c in CASES[:-2]])
def test_detection(fmt: str, make, log_format: str | None) -> None:
    text, _ = make()
    want = "combined" if fmt == "nginx" else fmt  # a log_format extending combined reads as it
    assert detect(text.splitlines()[:60]) == want


def test_quirks_combined() -> None:
    p = make_parser("combined")
    row = p.parse(
        '2001:db8::1 - bob [07/Dec/2026:07:00:00 +0700] "GET /a\\"b?x HTTP/1.1" 304 - '
        '"-" "agent \\"x\\""'
    )
    assert row is not None
    assert row[0] == "2026-12-07 00:00:00"  # converted to UTC
    assert row[1] == "2001:db8::1"
    assert row[4] == '/a"b'
    assert row[8] is None  # '-' size
    assert row[9] is None
    assert row[10] == 'agent "x"'


def test_nginx_upstreams() -> None:
    p = make_parser("nginx", log_format=gen.NGINX_FORMAT)
    text, _ = gen.nginx(300)
    rows = [p.parse(ln) for ln in text.splitlines()]
    multi = [r for r in rows if r is not None and r[12] == "502, 504"]
    assert multi
    assert all(r[13] == pytest.approx(2000.0) for r in multi)
    assert all(r is not None and r[11] is not None for r in rows)


def test_alb_target_never_answered() -> None:
    text, truth = gen.alb(200)
    p = make_parser("alb")
    rows = [p.parse(ln) for ln in text.splitlines()]
    never = Counter(r[5] for r in rows if r is not None and r[14] == -1)
    assert never == Counter({k[0]: v for k, v in truth.disagree.items() if k[1] == -1})
    assert all(r is not None and r[13] is None for r in rows if r and r[14] == -1)
    assert {r[1] for r in rows if r} == {"203.0.113.7", "[2001:db8::1]"}


def test_iis_fields_change_mid_file() -> None:
    text, truth = gen.iis(100)
    p = make_parser("iis")
    rows = []
    for ln in text.splitlines():
        if p.is_header(ln):
            p.feed_header(ln)
        elif (r := p.parse(ln)) is not None:
            rows.append(r)
    assert Counter((r[5], r[6], r[7]) for r in rows) == truth.substatus
    assert sum(1 for r in rows if r[3] == "www.example.com") == 50  # cs-host, second layout
    assert all(r[10] == "Mozilla/5.0 (Windows NT 10.0)" for r in rows)


@pytest.mark.parametrize("codec", ["plain", "gzip", "zstd"])
def test_compressed(tmp_path: Path, codec: str) -> None:
    text, truth = gen.combined(500)
    data = text.encode()
    if codec == "gzip":
        data = gzip.compress(data)
    elif codec == "zstd":
        data = zstandard.ZstdCompressor().compress(data)
    p = tmp_path / "access.log"
    p.write_bytes(data)
    rows, _intake = _read([str(p)])
    assert len(rows) == truth.rows
    assert Counter(r[5] for r in rows) == truth.status


def test_bad_input_never_aborts(tmp_path: Path) -> None:
    good, truth = gen.combined(50)
    (tmp_path / "a.log").write_text(good)
    (tmp_path / "empty.log").write_text("")
    (tmp_path / "noise.log").write_text("hello\nworld\n")
    huge = good.splitlines()[0].replace("GET /", "GET /" + "x" * (MAX_LINE * 3))
    latin = '203.0.113.9 - - [07/Dec/2026:06:00:00 +0000] "GET /caf\xe9 HTTP/1.1" 200 1 "-" "x"'
    (tmp_path / "odd.log").write_bytes(
        (good.splitlines()[1] + "\n" + huge + "\n").encode() + latin.encode("latin-1") + b"\n"
    )
    (tmp_path / "broken.log.gz").write_bytes(gzip.compress(good.encode())[:-30])
    rows, intake = _read([str(tmp_path), str(tmp_path / "missing.log")])
    by = {Path(f.name).name: f for f in intake.files}
    assert by["a.log"].rows == truth.rows
    assert by["empty.log"].error == "empty"
    assert by["noise.log"].error is not None
    assert "format" in by["noise.log"].error
    assert by["missing.log"].error is not None
    assert by["missing.log"].error.startswith("unreadable")
    assert by["broken.log.gz"].error is not None
    odd = by["odd.log"]
    assert odd.capped == 1
    assert odd.recoded == 1
    assert odd.rows == 2
    assert odd.malformed == 1
    assert odd.malformed_sample == [2]
    assert any(r[4] == "/café" for r in rows)


def test_stdin(tmp_path: Path) -> None:
    import io

    text, truth = gen.iis(60)
    rows, intake = _read(["-"], stdin=io.BytesIO(text.encode()))
    assert intake.files[0].name == "<stdin>"
    assert len(rows) == truth.rows


@pytest.mark.parametrize(
    "line",
    [
        '203.0.113.1 - - [31/Feb/2026:06:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "x"',
        '203.0.113.1 - - [07/Dec/2026:25:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "x"',
        '203.0.113.1 - - [07/Dec/2026:06:61:00 +0000] "GET / HTTP/1.1" 200 1 "-" "x"',
        '203.0.113.1 - - [07/Xyz/2026:06:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "x"',
    ],
)
def test_impossible_times_are_malformed_not_fatal(tmp_path: Path, line: str) -> None:
    from statusdex.logs.pipeline import make_report

    good, truth = gen.combined(30)
    p = tmp_path / "t.log"
    p.write_text(good + line + "\n")
    rep = make_report([str(p)])
    assert rep["summary"]["requests"] == truth.rows
    assert rep["intake"]["files"][0]["malformed_sample"] == [truth.lines + 1]


def test_impossible_alb_time_is_malformed() -> None:
    text, _ = gen.alb(1)
    p = make_parser("alb")
    assert p.parse(text.strip()) is not None
    assert p.parse(text.strip().replace("T06:00:00", "T06:00:77", 1)) is None


def test_out_of_range_numbers_never_break_the_load(tmp_path: Path) -> None:
    from statusdex.logs.pipeline import make_report

    lines = [
        '{"status": 200, "path": "/a", "bytes": 1e999, "duration_ms": NaN}',
        '{"status": 200, "path": "/b", "bytes": 123456789012345678901234567890}',
        '{"status": 99999999999, "path": "/c"}',
        '{"status": 404, "path": "/d", "duration_ms": Infinity}',
        '{"status": 201, "path": "/e", "OriginResponseStatus": 99999999999}',
    ]
    p = tmp_path / "j.log"
    p.write_text("\n".join(lines) + "\n")
    rep = make_report([str(p)])
    assert {c["code"]: c["count"] for c in rep["codes"]} == {200: 2, 404: 1, 201: 1}
    assert rep["intake"]["files"][0]["malformed_sample"] == [3]
