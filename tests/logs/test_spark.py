"""``--engine spark``: the same report on PySpark (local mode, Java from Debian) as on DuckDB.

One Spark session serves every test of the module (a JVM start is slow); the reports made on
it must equal DuckDB's: counts exactly, averages to floating-point rounding. With Spark, the
files are read and parsed by the executors (``spark_read.py``): every file it read says
``reader: spark``, and a test shows the driver never opens them.
"""

from __future__ import annotations

import builtins
import gzip
import io
import math
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import zstandard

from statusdex.logs.pipeline import make_report
from statusdex.logs.read import MAX_LINE
from tests.logs import gen


@pytest.fixture(scope="module")
def spark() -> Iterator[object]:
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # the workers: this Python
    session = (
        SparkSession.builder.master("local[2]")
        .appName("statusdex tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _close(a: Any, b: Any, where: str = "") -> None:
    """Equal, with floats compared to a relative 1e-9 (sums in another order)."""
    if isinstance(a, float) or isinstance(b, float):
        assert isinstance(a, int | float), where
        assert isinstance(b, int | float), where
        assert math.isclose(a, b, rel_tol=1e-9), where
    elif isinstance(a, dict):
        assert isinstance(b, dict), where
        assert a.keys() == b.keys(), where
        for k in a:
            _close(a[k], b[k], f"{where}.{k}")
    elif isinstance(a, list):
        assert isinstance(b, list), where
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _close(x, y, f"{where}[{i}]")
    else:
        assert a == b, where


def _same(duck: dict[str, Any], on_spark: dict[str, Any], spark_read: int | None = None) -> None:
    """Spark's report equals DuckDB's but for the engine and who read each file."""
    assert duck["engine"] == "duckdb"
    assert on_spark["engine"] == "spark"
    d_files, s_files = duck["intake"]["files"], on_spark["intake"]["files"]
    readers = [f["reader"] for f in s_files]
    assert readers.count("spark") == (len(s_files) if spark_read is None else spark_read)
    for key in duck:
        if key == "intake":
            rest = {k: v for k, v in duck[key].items() if k != "files"}
            _close(rest, {k: v for k, v in on_spark[key].items() if k != "files"}, key)
            assert len(d_files) == len(s_files)
            for i, (a, b) in enumerate(zip(d_files, s_files, strict=True)):
                keep = {k: v for k, v in a.items() if k != "reader"}
                _close(keep, {k: v for k, v in b.items() if k != "reader"}, f"files[{i}]")
        elif key != "engine":
            _close(duck[key], on_spark[key], key)


def _formats_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "logs"
    folder.mkdir()
    for name, (text, _truth) in _FORMATS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


_FORMATS = {
    "access.log": gen.combined(700, bad_every=41),
    "common.log": gen.combined(200, common=True),
    "u_ex.log": gen.iis(300),  # #Fields changes mid-file; one short line
    "alb.log": gen.alb(300),
    "cf.json": gen.cloudflare(300),
    "app.json": gen.jsonl(300),
}


def test_every_format_equals_duckdb(tmp_path: Path, spark: object) -> None:
    folder = _formats_dir(tmp_path)
    duck = make_report([str(folder)], top=5)
    on_spark = make_report([str(folder)], top=5, engine="spark")
    assert {f["format"] for f in duck["summary"]["formats"]} == {
        "combined",
        "common",
        "iis",
        "alb",
        "cloudflare",
        "json",
    }
    _same(duck, on_spark)
    truths = [t for _, t in _FORMATS.values()]
    assert on_spark["intake"]["malformed"] == sum(len(t.malformed) for t in truths) > 17
    assert on_spark["intake"]["rows"] == sum(t.rows for t in truths)
    assert on_spark["iis"]
    assert on_spark["edge_origin"]
    assert on_spark["slowest"]


def test_filters_on_a_mixed_folder_equal_duckdb(tmp_path: Path, spark: object) -> None:
    folder = _formats_dir(tmp_path)
    kw: dict[str, Any] = {
        "where": "status >= 400 AND fmt <> 'json'",
        "since": "2026-12-07 06:01:00",
        "until": "2026-12-07 06:04:00",
        "unit": "minute",
    }
    duck = make_report([str(folder)], **kw)
    on_spark = make_report([str(folder)], engine="spark", **kw)
    assert 0 < duck["summary"]["requests"] < duck["intake"]["rows"]
    _same(duck, on_spark)


def test_nginx_with_filters_equals_duckdb(tmp_path: Path, spark: object) -> None:
    text, _ = gen.nginx(600)
    p = tmp_path / "n.log"
    p.write_text(text, encoding="utf-8")
    kw: dict[str, Any] = {
        "fmt": "nginx",
        "log_format": gen.NGINX_FORMAT,
        "where": "status >= 400 AND path <> '/'",
        "since": "2026-12-07 06:01:00",
        "unit": "minute",
    }
    duck = make_report([str(p)], **kw)
    on_spark = make_report([str(p)], engine="spark", **kw)
    assert duck["summary"]["requests"] > 0
    assert duck["upstream"]
    _same(duck, on_spark)


def test_compressed_and_bad_input_equal_duckdb(tmp_path: Path, spark: object) -> None:
    """gzip and zstd, a broken gzip, empty, unknown, over-long and Latin-1 lines, a missing file."""
    good, truth = gen.combined(300, bad_every=37)
    iis, _ = gen.iis(120)
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "a.log.gz").write_bytes(gzip.compress(good.encode()))
    (folder / "u_ex.log.zst").write_bytes(zstandard.ZstdCompressor().compress(iis.encode()))
    (folder / "plain-but-named.gz").write_text(good)  # the magic bytes decide, not the name
    (folder / "broken.log.gz").write_bytes(gzip.compress(good.encode())[:-30])
    (folder / "empty.log").write_text("")
    (folder / "noise.log").write_text("hello\nworld\n")
    huge = good.splitlines()[0].replace("GET /", "GET /" + "x" * (MAX_LINE * 3))
    latin = '203.0.113.9 - - [07/Dec/2026:06:00:00 +0000] "GET /caf\xe9 HTTP/1.1" 200 1 "-" "x"'
    (folder / "odd.log").write_bytes(
        (good.splitlines()[1] + "\n" + huge + "\n").encode() + latin.encode("latin-1") + b"\n"
    )
    inputs = [str(folder), str(tmp_path / "missing.log")]
    duck = make_report(inputs)
    on_spark = make_report(inputs, engine="spark")
    _same(duck, on_spark)
    by = {Path(f["name"]).name: f for f in on_spark["intake"]["files"]}
    assert by["a.log.gz"]["rows"] == truth.rows
    assert by["a.log.gz"]["malformed_sample"] == truth.malformed[:10]
    assert by["u_ex.log.zst"]["format"] == "iis"
    assert by["plain-but-named.gz"]["rows"] == truth.rows
    assert by["broken.log.gz"]["error"].startswith("unreadable after line")
    assert by["empty.log"]["error"] == "empty"
    assert "format" in by["noise.log"]["error"]
    assert (by["odd.log"]["capped"], by["odd.log"]["recoded"]) == (1, 1)
    assert by["missing.log"]["error"] == "unreadable: No such file or directory"
    nothing = make_report([str(tmp_path / "missing.log")], engine="spark")
    assert nothing["summary"]["requests"] == 0
    assert nothing["intake"]["files"][0]["error"] == "unreadable: No such file or directory"


def test_stdin_is_read_here_and_joins_the_files(tmp_path: Path, spark: object) -> None:
    text, _ = gen.iis(80)
    other, _ = gen.alb(90)
    p = tmp_path / "alb.log"
    p.write_text(other)
    duck = make_report(["-", str(p)], stdin=io.BytesIO(text.encode()))
    on_spark = make_report(["-", str(p)], engine="spark", stdin=io.BytesIO(text.encode()))
    _same(duck, on_spark, spark_read=1)
    assert [f["name"] for f in on_spark["intake"]["files"]] == ["<stdin>", str(p)]
    assert on_spark["intake"]["files"][0]["reader"] == "python"


def test_the_driver_never_opens_the_logs(
    tmp_path: Path, spark: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With Spark the executors (other processes) read the files: here, opening them fails.

    Both ``open`` and ``os.open`` refuse every name under the log folder in this (the
    driver's) process; were the files parsed here, they would come out unreadable.
    """
    folder = _formats_dir(tmp_path)
    duck = make_report([str(folder)], top=5)
    guarded = str(folder)
    real_open, real_os_open = builtins.open, os.open

    def refuse(name: object) -> None:
        if isinstance(name, str | os.PathLike) and os.path.abspath(os.fspath(name)).startswith(
            guarded
        ):
            raise PermissionError(13, "the driver must not open the logs", str(name))

    def guarded_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        refuse(file)
        return real_open(file, *args, **kwargs)

    def guarded_os_open(path: Any, *args: Any, **kwargs: Any) -> Any:
        refuse(path)
        return real_os_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(io, "open", guarded_open)
    monkeypatch.setattr(os, "open", guarded_os_open)
    with pytest.raises(PermissionError), open(folder / "access.log"):
        pass  # the guard works here
    on_spark = make_report([str(folder)], top=5, engine="spark")
    monkeypatch.undo()
    _same(duck, on_spark)
    # and as a URI only Spark understands (the DuckDB path cannot open it at all)
    uri = make_report([(folder / "u_ex.log").as_uri()], engine="spark")
    local = make_report([str(folder / "u_ex.log")])
    assert uri["intake"]["files"][0]["name"].startswith("file:")
    assert uri["summary"] == local["summary"]
    assert uri["iis"] == local["iis"]


def test_big_files_are_split_into_lines(
    tmp_path: Path, spark: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files above STATUSDEX_SPARK_WHOLE_MAX are read line by line over several tasks.

    The counts stay exact (CRLF, Latin-1, an over-long line, a last line without newline);
    only the malformed lines' numbers are unknown, and the report says so. IIS, whose
    ``#Fields`` carries state from line to line, is not split: that file is named, not misread.
    """
    monkeypatch.setenv("STATUSDEX_SPARK_WHOLE_MAX", "4000")
    conf = spark.conf  # type: ignore[attr-defined]
    conf.set("spark.sql.files.maxPartitionBytes", "16384")  # several tasks share a file
    conf.set("spark.sql.files.openCostInBytes", "0")
    good, truth = gen.combined(400, bad_every=29)
    lines = good.splitlines()
    huge = lines[0].replace("GET /", "GET /" + "x" * (MAX_LINE + 5))
    latin = '203.0.113.9 - - [07/Dec/2026:06:00:00 +0000] "GET /caf\xe9 HTTP/1.1" 200 1 "-" "x"'
    body = "\r\n".join(lines[:200]) + "\r\n\n" + huge + "\n" + "\n".join(lines[200:]) + "\n"
    folder = tmp_path / "big"
    folder.mkdir()
    (folder / "access.log").write_bytes(body.encode() + latin.encode("latin-1"))
    (folder / "app.json").write_text(gen.jsonl(300)[0])
    (folder / "small.log").write_text(lines[0] + "\n")
    iis, _ = gen.iis(200)
    (folder / "u_ex.log").write_text(iis)
    duck = make_report([str(folder / n) for n in ("access.log", "app.json", "small.log")])
    try:
        on_spark = make_report([str(folder)], engine="spark")
        tasks = spark.read.text(str(folder / "access.log")).rdd.getNumPartitions()  # type: ignore[attr-defined]
    finally:
        conf.unset("spark.sql.files.maxPartitionBytes")
        conf.unset("spark.sql.files.openCostInBytes")
    assert tasks > 3  # the file was read in several pieces, lines cut at their edges
    files = {Path(f["name"]).name: f for f in on_spark["intake"]["files"]}
    assert files["u_ex.log"]["error"].startswith("too big to read whole (iis")
    assert files["u_ex.log"]["rows"] == 0
    assert "line_numbers" not in files["small.log"]  # read whole: numbers known
    access = files["access.log"]
    assert (access["capped"], access["recoded"], access["line_numbers"]) == (1, 1, False)
    assert access["malformed"] == len(truth.malformed) + 1  # + the line cut at MAX_LINE
    assert access["malformed_sample"] == []
    del on_spark["intake"]["files"][-1]  # u_ex.log: DuckDB was not given it
    for f in on_spark["intake"]["files"]:
        f.pop("line_numbers", None)
        f["malformed_sample"] = []
    for f in duck["intake"]["files"]:
        f["malformed_sample"] = []
    on_spark["intake"]["lines"] -= files["u_ex.log"]["lines"]
    _same(duck, on_spark)


def test_the_shipped_zip_parses_without_statusdex_installed(tmp_path: Path) -> None:
    """What ``ship`` sends the executors is enough: a Python without site-packages parses."""
    import subprocess

    from statusdex.logs import spark_read

    sent: list[str] = []

    class Context:
        def addPyFile(self, path: str) -> None:  # noqa: N802 (pyspark's name)
            sent.append(path)

    class Session:
        sparkContext = Context()  # noqa: N815

    spark_read.ship(Session())
    assert len(sent) == 1
    text, truth = gen.iis(40)
    (tmp_path / "u_ex.log").write_bytes(text.encode())
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import json;"
        "from statusdex.logs.spark_read import ParseFile;"
        "data = open(sys.argv[2], 'rb').read();"
        "out = list(ParseFile().eval('u_ex.log', data, None, None, None));"
        "import statusdex; assert statusdex.__file__.startswith(sys.argv[1]);"
        "rows = sum(c.count(chr(10)) + 1 for c, _ in out if c);"
        "print(json.loads(out[-1][-1])['rows'], rows)"
    )
    got = subprocess.run(
        [sys.executable, "-S", "-c", code, sent[0], str(tmp_path / "u_ex.log")],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": os.environ.get("PATH", "")},
        timeout=60,
    )
    assert got.returncode == 0, got.stderr
    assert got.stdout.split() == [str(truth.rows), str(truth.rows)]
