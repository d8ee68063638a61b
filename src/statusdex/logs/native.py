"""Files parsed inside DuckDB: its parallel CSV reader splits the lines, SQL types the fields.

A combined line is a space-separated record with double-quoted fields (``\\"`` escaped), so
DuckDB's CSV reader reads it at C speed on every core; the time column is typed with the
log's own time format. Lines the reader rejects (with their line numbers) go through the
Python parser one by one, so they are counted or read exactly as the Python path would.
Whenever the engine's view of a file could differ from the Python path's (bytes that are not
UTF-8, over-long lines, a quote left open that joins lines, fields the Python parser would
refuse, many rejects), the file is read by the Python path instead: ``load`` returns None.

Each file's table holds only the columns that vary and that something reads; the others
(constant NULLs, the format name) are added by the SELECT that ``sources`` gives the engine,
so they cost nothing to store and the queries over them are folded away.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import duckdb

from statusdex.logs.formats import COLUMNS, Row, make_parser
from statusdex.logs.read import MAX_LINE, SAMPLE, FileReport, open_binary

MAX_REJECTS = 100_000  # more rejected lines than this: the Python path reads the file


@dataclass(frozen=True)
class Dialect:
    """How one format is read by the engine."""

    reader: str  # a FROM item; {path} {rt} {rs} {maxline} {codec} are filled in
    exprs: dict[str, str]  # normalised column -> SQL over the reader's columns (else NULL)
    bad: str  # true when the Python parser could read the row differently
    optional: frozenset[str] = frozenset()  # columns built only when something reads them


_COMBINED_READER = """read_csv('{path}', columns={{'client': 'VARCHAR', 'ident': 'VARCHAR',
      'usr': 'VARCHAR', 't': 'TIMESTAMP', 'tz': 'VARCHAR', 'req': 'VARCHAR',
      'status': 'VARCHAR', 'size': 'VARCHAR', 'ref': 'VARCHAR', 'ua': 'VARCHAR'}},
      delim=' ', quote='"', escape='\\', header=false, auto_detect=false, strict_mode=false,
      null_padding=false, timestampformat='[%d/%b/%Y:%H:%M:%S', ignore_errors=true,
      store_rejects=true, rejects_table='{rt}', rejects_scan='{rs}',
      max_line_size={maxline}, compression='{codec}', parallel=true)"""

# The path of a request line as ``formats.split_request`` cuts it: the second space-separated
# word, without its query; an absolute URL keeps its path only. The usual case (no ``://``)
# is one regular expression; the rest is spelled out.
_PATH = """CASE
    WHEN NOT contains(req, ' ') THEN nullif(nullif(req, '-'), '')
    WHEN NOT contains(req, '://') THEN regexp_extract(req, '^[^ ]* ([^ ?]*)', 1)
    WHEN contains(split_part(req, ' ', 2), '://') THEN split_part(
      CASE WHEN contains(split_part(split_part(req, ' ', 2), '://', 2), '/')
           THEN substr(split_part(split_part(req, ' ', 2), '://', 2),
                       strpos(split_part(split_part(req, ' ', 2), '://', 2), '/'))
           ELSE '/' END, '?', 1)
    ELSE split_part(split_part(req, ' ', 2), '?', 1)
  END"""

# Characters Python's ``\\s`` takes in a str pattern besides the space (which the CSV reader
# splits on): a field holding one is not a ``\\S+`` to the Python parser.
_PY_SPACE = (
    "[\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f\\x{85}\\x{a0}\\x{1680}\\x{2000}-\\x{200a}"
    "\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]"
)

COMBINED = Dialect(
    reader=_COMBINED_READER,
    exprs={
        "ts": """CASE WHEN tz = '+0000]' THEN t
       ELSE t - to_minutes(CAST(CASE WHEN tz[1] = '-' THEN -1 ELSE 1 END
            * (TRY_CAST(tz[2:3] AS INTEGER) * 60 + TRY_CAST(tz[4:5] AS INTEGER)) AS BIGINT))
  END""",
        "client": "client",
        "method": "CASE WHEN contains(req, ' ') THEN split_part(req, ' ', 1) END",
        "path": _PATH,
        "status": "TRY_CAST(status AS INTEGER)",
        "bytes": "CASE WHEN TRY_CAST(size AS BIGINT) < 4611686018427387904 "
        "THEN TRY_CAST(size AS BIGINT) END",
        "referer": "nullif(nullif(ref, '-'), '')",
        "ua": "nullif(nullif(ua, '-'), '')",
    },
    # NULL anywhere unexpected counts as bad (an empty field: two spaces in a row).
    bad=f"""coalesce(
   status IS NULL OR NOT regexp_full_match(status, '[0-9]{{3}}')
   OR t IS NULL OR client IS NULL OR ident IS NULL OR usr IS NULL OR req IS NULL
   OR tz IS NULL OR (tz <> '+0000]' AND NOT regexp_full_match(tz, '[+-][0-9]{{4}}\\]'))
   OR size IS NULL OR (size <> '-' AND NOT regexp_full_match(size, '[0-9]+'))
   OR (ref IS NULL) <> (ua IS NULL)
   OR regexp_matches(client || ident || usr, '{_PY_SPACE}')
   OR contains(req, chr(10)) OR contains(req, chr(13))
   OR coalesce(contains(ref, chr(10)) OR contains(ua, chr(10))
               OR contains(ref, chr(13)) OR contains(ua, chr(13)), false),
   true)""",
    optional=frozenset({"method", "bytes", "referer"}),
)

DIALECTS: dict[str, Dialect] = {"combined": COMBINED}
NATIVE = frozenset(DIALECTS)


def count_lines(path: str, codec: str = "none") -> int:
    """Lines as the Python reader counts them (a last line without newline counts)."""
    n, last = 0, b"\n"
    if codec == "none":
        buf = bytearray(1 << 23)  # one buffer, read into again and again
        with open(path, "rb", buffering=0) as raw:
            while got := raw.readinto(buf):
                n += buf.count(b"\n", 0, got)
                last = bytes(buf[got - 1 : got])
        return n + (last != b"\n")
    with open_binary(path) as f:
        while chunk := f.read(1 << 23):
            n += chunk.count(b"\n")
            last = chunk[-1:]
    return n + (last != b"\n")


class _Counter(threading.Thread):
    """Counts a file's lines beside the engine's read (DuckDB lets go of the GIL)."""

    def __init__(self, path: str, codec: str) -> None:
        super().__init__(daemon=True)
        self.path, self.codec = path, codec
        self.lines: int | None = None

    def run(self) -> None:
        with contextlib.suppress(Exception):  # a broken gzip/zstd stream: the Python path names it
            self.lines = count_lines(self.path, self.codec)


class Native:
    """Loads files into tables ``native_<n>`` of a DuckDB connection."""

    def __init__(
        self, con: Any, sink: Callable[[Row], None], needed: frozenset[str] | None = None
    ) -> None:
        """``needed``: the columns anything reads (optional ones not read are left NULL)."""
        self.con = con
        self.sink = sink
        self.needed = needed
        self.sources: list[str] = []  # one SELECT of every column in ``COLUMNS`` per table
        self._n = 0

    def _kept(self, dialect: Dialect) -> list[str]:
        return [
            name
            for name in dialect.exprs
            if name not in dialect.optional or self.needed is None or name in self.needed
        ]

    def load(self, path: str, fmt: str, codec: str = "none") -> FileReport | None:
        """The file's report once its rows are in a table, or None: read it in Python."""
        dialect = DIALECTS.get(fmt)
        if dialect is None:
            return None
        n = self._n
        self._n += 1
        table, rt, rs = f"native_{n}", f"rejects_{n}", f"rejects_scan_{n}"
        kept = self._kept(dialect)
        reader = dialect.reader.format(
            path=path.replace("'", "''"), rt=rt, rs=rs, maxline=MAX_LINE, codec=codec
        )
        cols = ",\n  ".join(f"{dialect.exprs[c]} AS {c}" for c in kept)
        sql = f"SELECT\n  {cols},\n  {dialect.bad} AS bad\nFROM {reader}"
        con = self.con
        counter = _Counter(path, codec)
        counter.start()
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
            counter.join()
            self._drop(table, rt, rs)
            return None
        counter.join()
        total = counter.lines
        if total is None or bad or many or not self._rejects_ok(rejects):
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
        self.sources.append(self._source(table, fmt, kept))
        return rep

    @staticmethod
    def _source(table: str, fmt: str, kept: list[str]) -> str:
        out = []
        for name, kind in COLUMNS:
            if name in kept:
                out.append(name)
            elif name == "fmt":
                out.append(f"CAST('{fmt}' AS VARCHAR) AS fmt")
            else:
                out.append(f"CAST(NULL AS {kind}) AS {name}")
        return f"SELECT {', '.join(out)} FROM {table}"

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


__all__ = ["DIALECTS", "NATIVE", "Dialect", "Native", "count_lines"]
