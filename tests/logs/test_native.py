"""Combined logs parsed inside DuckDB give the same report as the Python parser, line for line."""

from __future__ import annotations

from pathlib import Path

import pytest

from statusdex.logs.pipeline import make_report
from statusdex.logs.queries import columns_problem_only
from tests.logs import gen

# Lines the engine's CSV reader and the Python parser must agree on.
QUIRKS = [
    '2001:db8::9 - bob [07/Dec/2026:13:00:00 +0700] "GET /tz?x=1 HTTP/1.1" 200 7 "-" "a"',
    '203.0.113.5 - - [07/Dec/2026:06:00:01 -0130] "GET /minus HTTP/1.1" 404 - "-" "b"',
    '203.0.113.5 - - [07/Dec/2026:06:00:02 +0000] "GET http://h.example:8080/abs/x?q HTTP/1.1"'
    ' 502 9 "-" "c"',
    '203.0.113.5 - - [07/Dec/2026:06:00:03 +0000] "GET http://h.example HTTP/1.1" 301 0 "-" "d"',
    '203.0.113.5 - - [07/Dec/2026:06:00:03 +0000] "GET http://h?u=http://a/b HTTP/1.1" 302 0'
    ' "-" "d"',
    '203.0.113.5 - - [07/Dec/2026:06:00:03 +0000] "GET /x?u=http://a/b HTTP/1.1" 303 0 "-" "d"',
    '203.0.113.5 - - [07/Dec/2026:06:00:03 +0000] "GET  /double HTTP/1.1" 404 0 "-" "d"',
    '203.0.113.5 - - [07/Dec/2026:06:00:03 +0000] "GET http:///x HTTP/1.1" 404 0 "-" "d"',
    '203.0.113.5 - - [07/Dec/2026:06:00:04 +0000] "-" 400 0 "-" "-"',
    '203.0.113.5 - - [07/Dec/2026:06:00:05 +0000] "GET /extra HTTP/1.1" 200 1 "r" "e" 0.1 "up"',
    '203.0.113.6 - - [07/Dec/2026:06:00:06 +0000] "GET /common HTTP/1.1" 503 12',
    '203.0.113.7 - - [07/Dec/2026:06:00:07 +0000] "GET /a\\"b HTTP/1.1" 200 1 "-" "x \\"y\\""',
    "",
    "not a log line at all",
    '203.0.113.8 - - [31/Feb/2026:06:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "x"',
    '203.0.113.8 - - [07/Dec/2026:06:00:09 +0000] "GET /big HTTP/1.1" 200 99999999999999999999'
    ' "-" "x"',
]


def _reports(path: Path) -> tuple[dict, dict]:
    engine = make_report([str(path)], top=50, fmt="combined")
    python = make_report([str(path)], top=50, fmt="combined", in_engine=False)
    return engine, python


def _same(engine: dict, python: dict) -> None:
    for key in ("summary", "codes", "problems", "timeline", "slowest", "upstream"):
        assert engine[key] == python[key], key
    fe, fp = engine["intake"]["files"][0], python["intake"]["files"][0]
    for key in ("lines", "rows", "malformed", "malformed_sample", "capped", "recoded"):
        assert fe[key] == fp[key], key


def test_generated_log_read_in_the_engine(tmp_path: Path) -> None:
    text, truth = gen.combined(3000, bad_every=53)
    p = tmp_path / "a.log"
    p.write_text(text)
    engine, python = _reports(p)
    f = engine["intake"]["files"][0]
    assert f["reader"] == "engine"
    assert python["intake"]["files"][0]["reader"] == "python"
    assert (f["lines"], f["rows"]) == (truth.lines, truth.rows)
    assert f["malformed_sample"] == truth.malformed[:10]
    assert {c["code"]: c["count"] for c in engine["codes"]} == dict(truth.status)
    _same(engine, python)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_quirks_agree(tmp_path: Path, newline: str) -> None:
    good, _ = gen.combined(40)
    p = tmp_path / "q.log"
    p.write_bytes((good + "\n".join(QUIRKS) + "\n").replace("\n", newline).encode())
    engine, python = _reports(p)
    assert engine["intake"]["files"][0]["reader"] == "engine"
    assert engine["intake"]["files"][0]["malformed"] == 2
    _same(engine, python)


@pytest.mark.parametrize(
    "odd",
    [
        b'203.0.113.9 - - [07/Dec/2026:06:00:00 +0000] "GET /caf\xe9 HTTP/1.1" 200 1 "-" "x"',
        b'203.0.113.9 - - [07/Dec/2026:06:00:00 +0000] "GET /open HTTP/1.1 200 1 "-" "x"',
        b'203.0.113.9 - - [07/Dec/2026:06:00:00 +0000] "GET /' + b"x" * 70_000 + b' H" 200 1',
        b'203.0.113.8 - - [07/Dec/2026:06:00:08 +0000] "GET / HTTP/1.1" 20 1 "-" "x"',
        b'203.0.113.8 - - [07/Dec/2026:06:00:08 +0000] "GET / HTTP/1.1" 200  "-" "x"',
        b'203.0.113.8 - - [07/Dec/2026:06:00:08 +0000] "GET / HTTP/1.1"  200 "-" "x"',
        b'203.0.113.8 -  [07/Dec/2026:06:00:08 +0000] "GET / HTTP/1.1" 200 5 "-" "x"',
        b'203.0.113.8\t1 - - [07/Dec/2026:06:00:08 +0000] "GET / HTTP/1.1" 200 5 "-" "x"',
        b'203.0.113.8 - \xc2\xa0 [07/Dec/2026:06:00:08 +0000] "GET / HTTP/1.1" 200 5 "-" "x"',
        b'203.0.113.8 - - [07/Dec/2026:06:00:08 +0000] "GET / HTTP/1.1" 200 1e3 "-" "x"',
    ],
    ids=[
        "latin-1",
        "open-quote",
        "over-long",
        "two-digit-status",
        "empty-size",
        "empty-status",
        "empty-user",
        "tab-in-client",
        "nbsp-user",
        "size-1e3",
    ],
)
def test_what_the_engine_cannot_mirror_goes_to_python(tmp_path: Path, odd: bytes) -> None:
    good, truth = gen.combined(60)
    lines = good.encode().splitlines(keepends=True)
    p = tmp_path / "odd.log"
    p.write_bytes(b"".join(lines[:30]) + odd + b"\n" + b"".join(lines[30:]))
    engine, python = _reports(p)
    assert engine["intake"]["files"][0]["reader"] == "python"
    assert engine["intake"]["files"][0]["lines"] == truth.lines + 1
    _same(engine, python)


@pytest.mark.parametrize(
    "where",
    [
        "referer IS NULL AND method = 'GET'",
        "bytes > 2500",
        "ua LIKE 'Mozilla%'",
        "status <> 404",  # path and ua left out on rows below 400
        "path LIKE '/a%' OR status < 300",  # path read on every row
    ],
)
def test_filters_on_every_column_agree(tmp_path: Path, where: str) -> None:
    text, _ = gen.combined(800, bad_every=61)
    p = tmp_path / "w.log"
    p.write_text(text + "\n".join(QUIRKS) + "\n")
    engine = make_report([str(p)], top=50, where=where)
    python = make_report([str(p)], top=50, where=where, in_engine=False)
    assert engine["intake"]["files"][0]["reader"] == "engine"
    assert 0 < engine["summary"]["requests"] < 800
    _same(engine, python)


@pytest.mark.parametrize(
    ("where", "left_out"),
    [
        (None, {"path", "ua"}),
        ("status = 200", {"path", "ua"}),
        ("PATH like '/x%'", {"ua"}),
        ("ua IS NULL AND path IS NULL", set()),
    ],
)
def test_columns_read_on_problem_rows_only(where: str | None, left_out: set[str]) -> None:
    assert columns_problem_only(where) == left_out


@pytest.mark.parametrize("codec", ["gzip", "zstd"])
def test_compressed_read_in_the_engine(tmp_path: Path, codec: str) -> None:
    import gzip

    import zstandard

    text, truth = gen.combined(1500, bad_every=71)
    data = text.encode()
    data = gzip.compress(data) if codec == "gzip" else zstandard.ZstdCompressor().compress(data)
    p = tmp_path / "a.log.z"
    p.write_bytes(data)
    engine, python = _reports(p)
    f = engine["intake"]["files"][0]
    assert f["reader"] == "engine"
    assert (f["lines"], f["rows"]) == (truth.lines, truth.rows)
    assert f["malformed_sample"] == truth.malformed[:10]
    _same(engine, python)


def test_truncated_gzip_goes_to_python_and_is_named(tmp_path: Path) -> None:
    import gzip

    text, _ = gen.combined(3000)
    p = tmp_path / "cut.log.gz"
    p.write_bytes(gzip.compress(text.encode())[:-40])
    rep = make_report([str(p)])
    f = rep["intake"]["files"][0]
    assert f["reader"] == "python"
    assert f["error"] is not None
    assert f["error"].startswith("unreadable after line")


def test_many_rejects_go_to_python(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from statusdex.logs import native

    monkeypatch.setattr(native, "MAX_REJECTS", 5)
    text, truth = gen.combined(600, bad_every=50)
    p = tmp_path / "r.log"
    p.write_text(text)
    engine, python = _reports(p)
    assert len(truth.malformed) > 5
    assert engine["intake"]["files"][0]["reader"] == "python"
    _same(engine, python)


_ALB = (
    "https 2026-12-07T06:00:{s:02d}.5Z app/a/1 {client} {target} {times} {elb} {tgt} 34 {sent} "
    '"{req}" "{ua}" ECDHE TLSv1.2 arn:tg "Root=1" "h" "-" 0 2026-12-07T06:00:00Z "forward"'
)
# ALB lines the engine must read exactly as the Python parser: some it reads itself, the
# others it hands to the Python parser line by line (or they are malformed for both).
ALB_QUIRKS = [
    _ALB.format(
        s=1,
        client="[2001:db8::1]:443",
        target="-",
        times="-1 -1 -1",
        elb=460,
        tgt="-",
        sent=0,
        req="GET https://h.example:443/a?b HTTP/1.1",
        ua="x",
    ),
    _ALB.format(
        s=2,
        client="203.0.113.7:5000",
        target="10.0.0.1:80",
        times="0.001 -1 0.000",
        elb=502,
        tgt="-",
        sent="-",
        req="- - - ",
        ua="-",
    ),
    _ALB.format(
        s=3,
        client="203.0.113.7:5000",
        target="10.0.0.1:80",
        times="0.001 0.5 0.002",
        elb=200,
        tgt=200,
        sent=12,
        req='GET /q\\"x HTTP/1.1',
        ua='a \\"b\\" c',
    ),
    _ALB.format(
        s=4,
        client="203.0.113.7:5000",
        target="10.0.0.1:80",
        times="0.001 0.5 0.002",
        elb=200,
        tgt=200,
        sent=12,
        req="GET http://h.example HTTP/1.1",
        ua='ends \\"',
    ),
    _ALB.format(
        s=5, client="-", target="-", times="- - -", elb=400, tgt="-", sent=0, req="", ua=""
    ),
    _ALB.format(
        s=6,
        client="203.0.113.7:5000",
        target="10.0.0.1:80",
        times="0.1 0.2 0.3",
        elb="+200",
        tgt=200,
        sent=1,
        req="GET / HTTP/1.1",
        ua="y",
    ),
    _ALB.format(
        s=7,
        client="203.0.113.7:5000",
        target="10.0.0.1:80",
        times="0.1 0.2 0.3",
        elb=200,
        tgt=200,
        sent=1,
        req="GET / HTTP/1.1",
        ua="y",
    ).replace(".5Z", "+01:00"),
    _ALB.format(
        s=8,
        client="203.0.113.7:5000",
        target="10.0.0.1:80",
        times="1e-3 0.2 0.3",
        elb=503,
        tgt=503,
        sent="1e3",
        req="GET /e HTTP/1.1",
        ua="tab\there",
    ),
    _ALB.format(
        s=9,
        client="203.0.113.7:5000",
        target="10.0.0.1:80",
        times="0.1 0.2 0.3",
        elb=504,
        tgt=504,
        sent=1,
        req="GET /x HTTP/1.1",
        ua="z",
    ).split(' "Root')[0],
    "https 2026-12-07T06:00:10.5Z app/a/1 203.0.113.7:5000  0.1 0.2 0.3 200 200 1 1 "
    '"GET / HTTP/1.1" "two spaces"',
    "https 2026-12-07T06:00:11.5Z app/a/1 \u00a0 - 0.1 0.2 0.3 200 200 1 1 "
    '"GET / HTTP/1.1" "nbsp client"',
    "",
    "not an alb line",
    "https 2026-12-07T06:00:12.5Z truncated",
    "https 2026-12-07T06:00:13.5Z app/a/1 203.0.113.7:5000 - 0.1 0.2 0.3 200 200 1 1 "
    '"GET /open HTTP/1.1 "ua"',
]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_alb_quirks_agree(tmp_path: Path, newline: str) -> None:
    good, truth = gen.alb(300)
    lines = good.splitlines()
    p = tmp_path / "alb.log"
    text = "\n".join(lines[:100] + ALB_QUIRKS + lines[100:]) + "\n"
    p.write_bytes(text.replace("\n", newline).encode())
    engine = make_report([str(p)], top=50, fmt="alb")
    python = make_report([str(p)], top=50, fmt="alb", in_engine=False)
    assert engine["intake"]["files"][0]["reader"] == "engine"
    assert python["intake"]["files"][0]["reader"] == "python"
    assert engine["intake"]["files"][0]["malformed"] == 5
    assert engine["intake"]["files"][0]["rows"] == truth.rows + len(ALB_QUIRKS) - 6
    _same(engine, python)
    for key in ("edge_origin", "upstream", "slowest"):
        assert engine[key] == python[key], key


@pytest.mark.parametrize("fmt", ["combined", "alb", "nginx"])
def test_byte_order_mark_goes_to_python(tmp_path: Path, fmt: str) -> None:
    make = {"combined": gen.combined, "alb": gen.alb, "nginx": gen.nginx}[fmt]
    text, _ = make(50)
    p = tmp_path / "bom.log"
    p.write_text(text, encoding="utf-8-sig")
    kw = {"top": 50, "fmt": fmt, "log_format": gen.NGINX_FORMAT if fmt == "nginx" else None}
    engine = make_report([str(p)], **kw)
    python = make_report([str(p)], in_engine=False, **kw)
    assert engine["intake"]["files"][0]["reader"] == "python"
    _same(engine, python)


def test_alb_detected_and_read_in_the_engine(tmp_path: Path) -> None:
    text, truth = gen.alb(2000)
    p = tmp_path / "elb.log"
    p.write_text(text)
    engine = make_report([str(p)], top=50)
    python = make_report([str(p)], top=50, in_engine=False)
    f = engine["intake"]["files"][0]
    assert (f["reader"], f["format"], f["rows"]) == ("engine", "alb", truth.rows)
    assert {c["code"]: c["count"] for c in engine["codes"]} == dict(truth.status)
    assert {(d["edge"], d["origin"]): d["count"] for d in engine["edge_origin"]} == dict(
        truth.disagree
    )
    _same(engine, python)
    assert engine["edge_origin"] == python["edge_origin"]


_NGX = '{client} - - [{when}] "{req}" {status} {size} "-" "{ua}" rt={rt} us="{us}" urt="{urt}"'
_OK = {"client": "203.0.113.7", "when": "07/Dec/2026:06:00:00 +0000", "req": "GET /a HTTP/1.1"}
_OK |= {"status": 200, "size": 5, "ua": "u", "rt": "0.010", "us": "200", "urt": "0.009"}
NGINX_QUIRKS = [
    _NGX.format(**_OK | {"client": "2001:db8::5", "us": "502, 504", "urt": "0.500, 1.500"}),
    _NGX.format(**_OK | {"us": "-", "urt": "-", "rt": "30.000", "status": 499, "size": "-"}),
    _NGX.format(**_OK | {"us": "502 : 200", "urt": "0.01 : 0.02", "status": 502}),
    _NGX.format(**_OK | {"when": "07/Dec/2026:13:00:00 +0700", "req": 'GET /q\\"x HTTP/1.1'}),
    _NGX.format(**_OK | {"when": "31/Feb/2026:06:00:00 +0000", "ua": 'say \\"hi\\"'}),
    _NGX.format(**_OK | {"when": "7/Dec/2026:06:00:00 -0130", "rt": "1e-3"}),
    _NGX.format(**_OK | {"req": "GET http://h.example:8080/abs?x HTTP/1.1", "urt": "0.1,0.2"}),
    _NGX.format(**_OK | {"status": "+200", "size": "1e3", "rt": "-"}),
    _NGX.format(**_OK | {"req": "-", "status": 400, "rt": "", "urt": "nan"}),
    _NGX.format(**_OK | {"status": "-"}),
    _NGX.format(**_OK) + "   ",
    _NGX.format(**_OK) + " extra",
    "",
    "not an nginx line",
]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_nginx_log_format_quirks_agree(tmp_path: Path, newline: str) -> None:
    good, truth = gen.nginx(300)
    lines = good.splitlines()
    p = tmp_path / "nginx.log"
    text = "\n".join(lines[:100] + NGINX_QUIRKS + lines[100:]) + "\n"
    p.write_bytes(text.replace("\n", newline).encode())
    kw = {"top": 50, "fmt": "nginx", "log_format": gen.NGINX_FORMAT}
    engine = make_report([str(p)], **kw)
    python = make_report([str(p)], in_engine=False, **kw)
    assert engine["intake"]["files"][0]["reader"] == "engine"
    assert engine["intake"]["files"][0]["malformed"] == 3
    assert engine["intake"]["files"][0]["rows"] == truth.rows + len(NGINX_QUIRKS) - 4
    _same(engine, python)


NGINX_OTHER = (
    '$remote_addr $host "$request_method $request_uri" $uri $status $bytes_sent '
    "$request_time $upstream_status $upstream_response_time"
)


def test_nginx_other_variables_agree(tmp_path: Path) -> None:
    lines = [
        '203.0.113.7 a.example "GET /x?y=1" /x 200 12 0.004 200 0.003',
        '203.0.113.7 - "POST /api?z" - 502 0 1.250 502, 504 0.500, 0.700',
        '2001:db8::1 b.example "-" /only-uri 404 - - - -',
        '203.0.113.8 c.example "GET /q" - 504 9 60.000 504 : 504 30.0 : 30.0',
    ] * 50
    p = tmp_path / "other.log"
    p.write_text("\n".join(lines) + "\n")
    kw = {"top": 50, "fmt": "nginx", "log_format": NGINX_OTHER}
    engine = make_report([str(p)], **kw)
    python = make_report([str(p)], in_engine=False, **kw)
    assert engine["intake"]["files"][0]["reader"] == "engine"
    # the third line has no space inside its quotes: malformed for the Python parser too
    assert (engine["intake"]["files"][0]["rows"], engine["intake"]["files"][0]["malformed"]) == (
        150,
        50,
    )
    _same(engine, python)
    assert {u["status"] for u in engine["upstream"]} == {502, 504}


def test_nginx_iso_times_stay_in_python(tmp_path: Path) -> None:
    p = tmp_path / "iso.log"
    p.write_text("2026-12-07T06:00:00+00:00 200 /a\n2026-12-07T06:00:01+01:00 502 /b\n")
    kw = {"fmt": "nginx", "log_format": "$time_iso8601 $status $uri"}
    engine = make_report([str(p)], **kw)
    python = make_report([str(p)], in_engine=False, **kw)
    assert engine["intake"]["files"][0]["reader"] == "python"
    _same(engine, python)
