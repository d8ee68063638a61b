"""Engines that hold the requests and run ``queries``: DuckDB (embedded, default), Spark.

Combined, ALB and nginx files are parsed inside DuckDB (``native``); the Python parsers' rows are
written to a tab-separated spool file that DuckDB loads in one bulk read. The table
``requests`` is the union of both; the view ``r`` applies ``--since/--until/--where``.
DuckDB works in memory under a memory limit; what does not fit spills to the report's
temporary folder, so big inputs do not fill memory. ``SparkEngine`` (``spark.py``) reads the
same rows, handed over as Parquet, and runs the same queries.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from typing import IO, Any

from statusdex.logs.formats import COLUMNS, Row

MEMORY_LIMIT = "512MB"  # DuckDB's own limit; what does not fit spills to the temp folder


class QueryError(ValueError):
    """A filter (``--where``, ``--since``, ``--until``) the engine rejected."""


def _cell(v: object) -> str:
    if v is None:
        return "\\N"
    if isinstance(v, str):
        if "\t" in v or "\n" in v or "\r" in v or "\\" in v:
            v = v.replace("\\", "/").replace("\t", " ").replace("\n", " ").replace("\r", " ")
        return v
    return str(v)


class Spool:
    """A temporary TSV file of rows, in ``COLUMNS`` order."""

    def __init__(self, folder: str | None = None) -> None:
        fd, self.path = tempfile.mkstemp(prefix="statusdex-logs-", suffix=".tsv", dir=folder)
        self._f: IO[str] = os.fdopen(fd, "w", encoding="utf-8", newline="\n", buffering=1 << 20)
        self.rows = 0

    def sink(self) -> Callable[[Row], None]:
        write = self._f.write
        cell = _cell
        want = len(COLUMNS) - 1

        def add(row: Row) -> None:
            line = "\t".join(["\\N" if v is None else str(v) for v in row])
            if line.count("\t") != want or "\r" in line or "\n" in line:
                line = "\t".join([cell(v) for v in row])  # a value held a tab or newline
            write(line)
            write("\n")

        return add

    def close(self) -> None:
        if not self._f.closed:
            self._f.close()

    def remove(self) -> None:
        self.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)


def filter_sql(since: str | None, until: str | None, where: str | None) -> str:
    parts = []
    if since:
        parts.append(f"ts >= CAST('{since}' AS TIMESTAMP)")
    if until:
        parts.append(f"ts < CAST('{until}' AS TIMESTAMP)")
    if where:
        parts.append(f"({where})")
    return " AND ".join(parts) or "TRUE"


class DuckDBEngine:
    name = "duckdb"

    def __init__(
        self,
        folder: str | None = None,
        memory_limit: str | None = None,
        threads: int | None = None,
    ) -> None:
        import duckdb  # heavy: only when a report is made

        self._duckdb = duckdb
        self.con = duckdb.connect(":memory:")
        if folder is not None:  # what does not fit in the memory limit spills here
            self.con.execute(f"SET temp_directory = '{os.path.join(folder, 'spill')}'")
        self.con.execute(f"SET memory_limit = '{memory_limit or MEMORY_LIMIT}'")
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")
        self.con.execute("SET preserve_insertion_order = false")
        self.con.execute("SET enable_progress_bar = false")  # the command draws its own

    def _requests(self, spool_path: str, native: list[str] | None) -> None:
        cols = ", ".join(f"'{n}': '{t}'" for n, t in COLUMNS)
        self.con.execute(
            "CREATE TABLE spooled AS SELECT * FROM read_csv("
            f"'{spool_path}', delim='\\t', quote='', escape='', header=false, "
            f"nullstr='\\N', columns={{{cols}}}, auto_detect=false)"
        )
        names = ", ".join(n for n, _ in COLUMNS)
        union = " UNION ALL ".join([f"SELECT {names} FROM spooled", *(native or [])])
        self.con.execute(f"CREATE VIEW requests AS {union}")

    def stage(self, spool_path: str, native: list[str] | None, out: str) -> None:
        """Every request into the Parquet file ``out`` (for another engine).

        ``native``: SELECTs of every column of ``COLUMNS`` (``Native.sources``).
        """
        self._requests(spool_path, native)
        lit = out.replace("'", "''")
        self.con.execute(f"COPY requests TO '{lit}' (FORMAT parquet)")

    def load(self, spool_path: str, filt: str, native: list[str] | None = None) -> None:
        """``requests``: the spooled rows and the ``native`` SELECTs; ``r``: them filtered."""
        self._requests(spool_path, native)
        try:
            self.con.execute(f"CREATE VIEW r AS SELECT * FROM requests WHERE {filt}")
            self.con.execute("SELECT count(*) FROM r").fetchall()
        except self._duckdb.Error as e:
            raise QueryError(str(e).splitlines()[0]) from None

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        try:
            return self.con.execute(sql).fetchall()
        except self._duckdb.Error as e:
            raise QueryError(str(e).splitlines()[0]) from None

    def close(self) -> None:
        self.con.close()
