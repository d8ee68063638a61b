"""The report on Spark: the files read and parsed by Spark's executors, the same queries.

``spark_read.py`` reads and parses every file on the executors (with the parsers of the
DuckDB report); only stdin is read here, by the DuckDB path, and handed over as one Parquet
file (a cluster on other hosts must see it: ``STATUSDEX_SPARK_STAGING`` names a folder they
share). Spark then runs every query of the report (``queries.py``). ``--spark-master`` names
the cluster (default ``local[*]``); ``SPARK_REMOTE`` or a ``sc://`` master uses Spark Connect
(``pip install 'pyspark[connect]'``).

Dialect differences are adapted here, in one place: Spark's session time zone is set to UTC
(the columns are UTC wall times, read as ``TIMESTAMP_NTZ``), and its errors become
``QueryError``. Ordering of NULLs is written out in the queries themselves (``NULLS LAST``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from typing import IO, Any

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
                    # the executors' Python workers: this Python (pyspark reads the variable)
                    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
                    builder = builder.config("spark.driver.host", "127.0.0.1").config(
                        "spark.driver.bindAddress", "127.0.0.1"
                    )
                self.spark = builder.getOrCreate()
                self.spark.sparkContext.setLogLevel("ERROR")
        except Exception as e:  # Java missing, cluster unreachable: one clear message
            raise SparkUnavailableError(f"cannot start Spark: {str(e).splitlines()[0]}") from None
        self.spark.conf.set("spark.sql.session.timeZone", "UTC")

    def load(self, frame: Any, filt: str) -> None:
        """``requests``: the DataFrame ``frame``; ``r``: its rows left by the filter."""
        frame.createOrReplaceTempView("requests")
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


def spark_report(
    inputs: list[str],
    *,
    fmt: str | None,
    log_format: str | None,
    fields: dict[str, str] | None,
    filt: str,
    lang: str,
    top: int,
    unit: str | None,
    master: str | None,
    stdin: IO[bytes] | None,
    progress: Callable[[str, int], None] | None,
    memory_limit: str | None,
) -> dict[str, Any]:
    """The report with every file read by Spark (stdin read here and handed over)."""
    from statusdex.logs.formats import make_parser
    from statusdex.logs.read import Intake
    from statusdex.logs.report import build
    from statusdex.logs.spark_read import SparkRead

    if fmt is not None:
        make_parser(fmt, log_format=log_format, fields=fields)  # fail early on a bad name
    spark = SparkEngine(master)
    reader = SparkRead(spark.spark)
    staged: str | None = None
    folder: str | None = None
    try:
        try:
            frame, reports = reader.read([i for i in inputs if i != "-"], fmt, log_format, fields)
        except Exception as e:  # the cluster failed (memory, lost executors): one line
            raise SparkUnavailableError(f"Spark failed while reading: {_first_line(e)}") from None
        intake = Intake()
        piped: list[Any] = []
        if "-" in inputs:
            folder = tempfile.mkdtemp(prefix="statusdex-logs-")
            staged, piped = _stage_stdin(
                folder, fmt, log_format, fields, stdin, progress, memory_limit
            )
            stdin_frame = spark.spark.read.parquet(staged)
            frame = stdin_frame if frame is None else frame.unionByName(stdin_frame)
        intake.files = [*piped, *reports] if inputs[:1] == ["-"] else [*reports, *piped]
        if frame is None:  # nothing Spark could list: an empty table of the same columns
            from statusdex.logs.spark_read import OUTPUT, typed

            frame = typed(spark.spark.createDataFrame([], OUTPUT))
        spark.load(frame, filt)
        return build(spark, lang=lang, top=top, unit=unit, intake=intake.to_dict())
    finally:
        reader.close()
        spark.close()
        if staged is not None:
            with contextlib.suppress(FileNotFoundError):
                shutil.rmtree(staged) if os.path.isdir(staged) else os.unlink(staged)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


def _stage_stdin(
    folder: str,
    fmt: str | None,
    log_format: str | None,
    fields: dict[str, str] | None,
    stdin: IO[bytes] | None,
    progress: Callable[[str, int], None] | None,
    memory_limit: str | None,
) -> tuple[str, list[Any]]:
    """stdin parsed here (the DuckDB path), as a Parquet file Spark reads; its report."""
    from statusdex.logs.engine import DuckDBEngine, Spool
    from statusdex.logs.read import read_all

    spool = Spool(folder)
    duck = DuckDBEngine(folder, memory_limit=memory_limit)
    try:
        intake = read_all(
            ["-"],
            spool.sink(),
            fmt=fmt,
            log_format=log_format,
            fields=fields,
            stdin=stdin,
            progress=progress,
        )
        spool.close()
        staged = os.path.join(
            staging_folder(folder), f"statusdex-requests-{os.path.basename(folder)}.parquet"
        )
        duck.stage(spool.path, None, staged)
        return staged, intake.files
    finally:
        duck.close()
        spool.remove()
