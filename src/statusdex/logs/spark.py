"""The report on Spark: the same queries (``queries.py``) on Spark SQL.

The requests are read on this machine (DuckDB's parser or the Python parsers, exactly as
for the DuckDB report) and handed over as one Parquet file; Spark then runs every query of
the report. ``--spark-master`` names the cluster (default ``local[*]``); ``SPARK_REMOTE`` or a
``sc://`` master uses Spark Connect (``pip install 'pyspark[connect]'``). A cluster on other
hosts must see the Parquet file: ``STATUSDEX_SPARK_STAGING`` names a folder they share.

Dialect differences are adapted here, in one place: Spark's session time zone is set to UTC
(the columns are UTC wall times, read as ``TIMESTAMP_NTZ``), and its errors become
``QueryError``. Ordering of NULLs is written out in the queries themselves (``NULLS LAST``).
"""

from __future__ import annotations

import os
from typing import Any

from statusdex.logs.engine import QueryError


class SparkUnavailableError(RuntimeError):
    """pyspark (or Java) is missing, or the cluster cannot be reached."""


class SparkEngine:
    name = "spark"

    def __init__(self, master: str | None = None) -> None:
        try:
            from pyspark.sql import SparkSession
        except ImportError:
            raise SparkUnavailableError(
                "--engine spark needs the spark extra (pip install 'statusdex[spark]')"
                " and Java 17 or later"
            ) from None
        remote = master if master and master.startswith("sc://") else None
        remote = remote or (os.environ.get("SPARK_REMOTE") if not master else None)
        active = SparkSession.getActiveSession()
        self._owned = active is None
        try:
            if active is not None:
                self.spark = active
            elif remote:
                self.spark = SparkSession.builder.remote(remote).getOrCreate()
            else:
                builder = (
                    SparkSession.builder.master(master or "local[*]")
                    .appName("statusdex logs")
                    .config("spark.ui.enabled", "false")
                    .config("spark.ui.showConsoleProgress", "false")
                    .config("spark.sql.shuffle.partitions", "8")
                )
                if (master or "local").startswith("local"):
                    builder = builder.config("spark.driver.host", "127.0.0.1").config(
                        "spark.driver.bindAddress", "127.0.0.1"
                    )
                self.spark = builder.getOrCreate()
                self.spark.sparkContext.setLogLevel("ERROR")
        except Exception as e:  # Java missing, cluster unreachable: one clear message
            raise SparkUnavailableError(f"cannot start Spark: {str(e).splitlines()[0]}") from None
        self.spark.conf.set("spark.sql.session.timeZone", "UTC")

    def load(self, parquet: str, filt: str) -> None:
        self.spark.read.parquet(parquet).createOrReplaceTempView("requests")
        try:
            self.spark.sql(f"SELECT * FROM requests WHERE {filt}").createOrReplaceTempView("r")
            self.spark.sql("SELECT count(*) FROM r").collect()
        except Exception as e:  # AnalysisException, ParseException: a bad --where
            raise QueryError(_first_line(e)) from None

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        try:
            return [tuple(row) for row in self.spark.sql(sql).collect()]
        except Exception as e:
            raise QueryError(_first_line(e)) from None

    def close(self) -> None:
        if self._owned:
            self.spark.stop()


def _first_line(e: BaseException) -> str:
    lines = str(e).strip().splitlines()
    return lines[0] if lines else type(e).__name__


def staging_folder(default: str) -> str:
    return os.environ.get("STATUSDEX_SPARK_STAGING") or default
