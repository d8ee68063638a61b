"""``--engine spark``: the same report on PySpark (local mode, Java from Debian) as on DuckDB.

One Spark session serves every test of the module (a JVM start is slow); the reports made on
it must equal DuckDB's: counts exactly, averages to floating-point rounding.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from statusdex.logs.pipeline import make_report
from tests.logs import gen


@pytest.fixture(scope="module")
def spark() -> Iterator[object]:
    from pyspark.sql import SparkSession

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


def _formats_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "logs"
    folder.mkdir()
    for name, (text, _) in {
        "access.log": gen.combined(700, bad_every=41),
        "common.log": gen.combined(200, common=True),
        "u_ex.log": gen.iis(300),
        "alb.log": gen.alb(300),
        "cf.json": gen.cloudflare(300),
        "app.json": gen.jsonl(300),
    }.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_every_format_equals_duckdb(tmp_path: Path, spark: object) -> None:
    folder = _formats_dir(tmp_path)
    duck = make_report([str(folder)], top=5)
    on_spark = make_report([str(folder)], top=5, engine="spark")
    assert on_spark["engine"] == "spark"
    assert duck["engine"] == "duckdb"
    assert {f["format"] for f in duck["summary"]["formats"]} == {
        "combined",
        "common",
        "iis",
        "alb",
        "cloudflare",
        "json",
    }
    for key in duck:
        if key != "engine":
            _close(duck[key], on_spark[key], key)
    assert on_spark["iis"]
    assert on_spark["edge_origin"]
    assert on_spark["slowest"]


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
    for key in duck:
        if key != "engine":
            _close(duck[key], on_spark[key], key)
