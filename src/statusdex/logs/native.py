"""Combined-format files (plain, gzip, zstd) parsed inside DuckDB: its CSV reader splits them.

A combined line is a space-separated record with double-quoted fields (``\\"`` escaped), so
DuckDB's CSV reader reads it at C speed on every core; the time column is typed with the
log's own time format. Lines the reader rejects (with their line numbers) go through the
Python parser one by one, so they are counted or read exactly as the Python path would.
Whenever the engine's view of a file could differ from the Python path's (bytes that are not
UTF-8, over-long lines, a quote left open that joins lines, fields the Python parser would
refuse, many rejects), the file is read by the Python path instead: ``load`` returns None.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import duckdb

from statusdex.logs.formats import Row, make_parser
from statusdex.logs.read import MAX_LINE, SAMPLE, FileReport, open_binary

NATIVE = frozenset({"combined"})
MAX_REJECTS = 100_000  # more rejected lines than this: the Python path reads the file

_SCHEMA = (
    "{'client': 'VARCHAR', 'ident': 'VARCHAR', 'usr': 'VARCHAR', 't': 'TIMESTAMP', "
    "'tz': 'VARCHAR', 'req': 'VARCHAR', 'status': 'VARCHAR', 'size': 'VARCHAR', "
    "'ref': 'VARCHAR', 'ua': 'VARCHAR'}"
)

# Columns the report may skip when neither its queries nor ``--where`` read them.
_OPTIONAL = {
    "method": ("CASE WHEN contains(req, ' ') THEN split_part(req, ' ', 1) END", "VARCHAR"),
    "bytes": (
        "CASE WHEN TRY_CAST(size AS BIGINT) < 4611686018427387904 "
        "THEN TRY_CAST(size AS BIGINT) END",
        "BIGINT",
    ),
    "referer": ("nullif(nullif(ref, '-'), '')", "VARCHAR"),
}

# Every column of ``COLUMNS`` from the CSV fields, plus ``bad``: the row is one the Python
# parser would read differently (the file then goes to the Python path).
_SELECT = """
SELECT
  CASE WHEN tz = '+0000]' THEN t
       ELSE t - to_minutes(CAST(CASE WHEN tz[1] = '-' THEN -1 ELSE 1 END
            * (TRY_CAST(tz[2:3] AS INTEGER) * 60 + TRY_CAST(tz[4:5] AS INTEGER)) AS BIGINT))
  END AS ts,
  client,
  {method} AS method,
  CAST(NULL AS VARCHAR) AS host,
  CASE
    WHEN NOT contains(req, ' ') THEN nullif(nullif(req, '-'), '')
    WHEN contains(split_part(req, ' ', 2), '://') THEN split_part(
      CASE WHEN contains(split_part(split_part(req, ' ', 2), '://', 2), '/')
           THEN substr(split_part(split_part(req, ' ', 2), '://', 2),
                       strpos(split_part(split_part(req, ' ', 2), '://', 2), '/'))
           ELSE '/' END, '?', 1)
    ELSE split_part(split_part(req, ' ', 2), '?', 1)
  END AS path,
  TRY_CAST(status AS INTEGER) AS status,
  CAST(NULL AS INTEGER) AS substatus,
  CAST(NULL AS BIGINT) AS win32,
  {bytes} AS bytes,
  {referer} AS referer,
  nullif(nullif(ua, '-'), '') AS ua,
  CAST(NULL AS DOUBLE) AS duration_ms,
  CAST(NULL AS VARCHAR) AS upstream_status,
  CAST(NULL AS DOUBLE) AS upstream_ms,
  CAST(NULL AS INTEGER) AS origin_status,
  '{fmt}' AS fmt,
  (length(status) <> 3 OR status[1] NOT BETWEEN '0' AND '9'
   OR status[2] NOT BETWEEN '0' AND '9' OR status[3] NOT BETWEEN '0' AND '9' OR t IS NULL
   OR client IS NULL OR ident IS NULL OR usr IS NULL OR req IS NULL
   OR (tz <> '+0000]' AND NOT regexp_full_match(tz, '[+-][0-9]{{4}}\\]'))
   OR (size <> '-' AND (size[1] NOT BETWEEN '0' AND '9' OR TRY_CAST(size AS HUGEINT) IS NULL))
   OR (ref IS NULL) <> (ua IS NULL)
   OR contains(req, chr(10)) OR contains(ref, chr(10)) OR contains(ua, chr(10))
   OR contains(req, chr(13)) OR contains(ref, chr(13)) OR contains(ua, chr(13))
  ) AS bad
FROM read_csv('{path}', columns={schema},
      delim=' ', quote='"', escape='\\', header=false, auto_detect=false, strict_mode=false,
      null_padding=false, timestampformat='[%d/%b/%Y:%H:%M:%S', ignore_errors=true,
      store_rejects=true, rejects_table='{rt}', rejects_scan='{rs}',
      max_line_size={maxline}, compression='{codec}', parallel=true)
"""


def count_lines(path: str, codec: str = "none") -> int:
    """Lines as the Python reader counts them (a last line without newline counts)."""
    n, last = 0, b"\n"
    with open(path, "rb", buffering=0) if codec == "none" else open_binary(path) as f:
        while chunk := f.read(1 << 23):
            n += chunk.count(b"\n")
            last = chunk[-1:]
    return n + (last != b"\n")


class Native:
    """Loads files into tables ``native_<n>`` of a DuckDB connection."""

    def __init__(
        self, con: Any, sink: Callable[[Row], None], needed: frozenset[str] | None = None
    ) -> None:
        """``needed``: the columns anything reads (others of ``_OPTIONAL`` are left NULL)."""
        self.con = con
        self.sink = sink
        self.tables: list[str] = []
        self.optional = {
            name: expr if needed is None or name in needed else f"CAST(NULL AS {kind})"
            for name, (expr, kind) in _OPTIONAL.items()
        }

    def load(self, path: str, fmt: str, codec: str = "none") -> FileReport | None:
        """The file's report once its rows are in a table, or None: read it in Python."""
        if fmt not in NATIVE:
            return None
        n = len(self.tables)
        table, rt, rs = f"native_{n}", f"rejects_{n}", f"rejects_scan_{n}"
        lit = path.replace("'", "''")
        sql = _SELECT.format(
            path=lit,
            schema=_SCHEMA,
            rt=rt,
            rs=rs,
            fmt=fmt,
            maxline=MAX_LINE,
            codec=codec,
            **self.optional,
        )
        con = self.con
        try:
            con.execute(f"CREATE TABLE {table} AS {sql}")
            rows, bad = con.execute(
                f"SELECT count(*), count(*) FILTER (WHERE bad) FROM {table}"
            ).fetchone()
            (many,) = con.execute(
                f"SELECT count(DISTINCT line) > {MAX_REJECTS} FROM {rt}"
            ).fetchone()
            rejects = (
                []
                if many
                else con.execute(
                    f"SELECT line, any_value(error_type), any_value(csv_line) FROM {rt} "
                    "GROUP BY line ORDER BY line"
                ).fetchall()
            )
        except duckdb.Error:  # whatever the engine cannot read, the Python path reads
            self._drop(table, rt, rs)
            return None
        try:
            total = count_lines(path, codec)
        except Exception:  # a broken gzip/zstd stream: the Python path names it
            self._drop(table, rt, rs)
            return None
        if bad or many or not self._rejects_ok(rejects):
            self._drop(table, rt, rs)
            return None
        blank = total - rows - len(rejects)
        if blank < 0:
            self._drop(table, rt, rs)
            return None
        rep = FileReport(path)
        rep.format = fmt
        rep.reader = "engine"
        rep.lines = total
        parse = make_parser(fmt).parse
        extra = 0
        for line_no, _kind, text in rejects:
            row = parse(text.lstrip("\r\n"))
            if row is None:
                rep.malformed += 1
                if len(rep.malformed_sample) < SAMPLE:
                    rep.malformed_sample.append(int(line_no))
            else:
                extra += 1
                self.sink(row)
        rep.rows = rows + extra
        self.con.execute(f"DROP TABLE IF EXISTS {rt}; DROP TABLE IF EXISTS {rs}")
        self.tables.append(table)
        return rep

    @staticmethod
    def _rejects_ok(rejects: list[tuple[Any, ...]]) -> bool:
        for _line, kind, text in rejects:
            if kind not in ("CAST", "MISSING COLUMNS", "TOO MANY COLUMNS", "UNQUOTED VALUE"):
                return False  # encoding, over-long line, open quote: the Python path
            if text is None or "\n" in text.lstrip("\r\n") or "\r" in text.lstrip("\r\n"):
                return False
        return True

    def _drop(self, *names: str) -> None:
        for name in names:
            with contextlib.suppress(duckdb.Error):
                self.con.execute(f"DROP TABLE IF EXISTS {name}")


__all__ = ["NATIVE", "Native", "count_lines"]
