"""Files parsed inside DuckDB: its parallel CSV reader splits the lines, SQL types the fields.

A combined line is a space-separated record with double-quoted fields (``\\"`` escaped), so
DuckDB's CSV reader reads it at C speed on every core; the time column is typed with the
log's own time format. Lines the reader rejects (with their line numbers) go through the
Python parser one by one, so they are counted or read exactly as the Python path would.
Whenever the engine's view of a file could differ from the Python path's (bytes that are not
UTF-8, over-long lines, a quote left open that joins lines, fields the Python parser would
refuse, many rejects), the file is read by the Python path instead: ``load`` returns None.

ALB and nginx ``log_format`` files are read as whole lines that SQL splits (string functions,
and the regular expression the Python parser uses, in RE2's spelling); a line whose fields
the engine cannot convert exactly as the Python parser would is handed to that parser, line
by line, so such lines never send the whole file to Python.

Each file's table holds only the columns that vary and that something reads; the others
(constant NULLs, the format name) are added by the SELECT that ``sources`` gives the engine,
so they cost nothing to store and the queries over them are folded away.
"""

from __future__ import annotations

import contextlib
import re
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
    """How one format is read by the engine.

    ``csv``: DuckDB's CSV reader splits the fields; a row the Python parser could read
    differently (``bad``) sends the whole file to the Python path. ``lines``: the reader
    gives whole lines, ``levels`` of SQL split them; a line the engine is not sure of
    (``ok`` false) is parsed by the Python parser, line by line.
    """

    reader: str  # a FROM item; {path} {rt} {rs} {maxline} {codec} are filled in
    exprs: dict[str, str]  # normalised column -> SQL over the reader's columns (else NULL)
    bad: str = "false"  # csv: true when the Python parser could read the row differently
    optional: frozenset[str] = frozenset()  # columns built only when something reads them
    kind: str = "csv"  # or "lines"
    levels: tuple[str, ...] = ()  # lines: SELECT items added one subquery level after another
    ok: str = "true"  # lines: the columns are the Python parser's


_COMBINED_READER = """read_csv('{path}', columns={{'client': 'VARCHAR', 'ident': 'VARCHAR',
      'usr': 'VARCHAR', 't': 'TIMESTAMP', 'tz': 'VARCHAR', 'req': 'VARCHAR',
      'status': 'VARCHAR', 'size': 'VARCHAR', 'ref': 'VARCHAR', 'ua': 'VARCHAR'}},
      delim=' ', quote='"', escape='\\', header=false, auto_detect=false, strict_mode=false,
      null_padding=false, timestampformat='[%d/%b/%Y:%H:%M:%S', ignore_errors=true,
      store_rejects=true, rejects_table='{rt}', rejects_scan='{rs}',
      max_line_size={maxline}, compression='{codec}', parallel=true)"""

# Characters Python's ``\\s`` takes in a str pattern besides the space (which the CSV reader
# splits on): a field holding one is not a ``\\S+`` to the Python parser.
_PY_SPACE = (
    "[\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f\\x{85}\\x{a0}\\x{1680}\\x{2000}-\\x{200a}"
    "\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]"
)

# SQL macros spelling out what ``formats`` does in Python, defined on the connection.
_MACROS = (
    # ``_none``: '-' and '' are absent
    "sd_none(v) AS nullif(nullif(v, '-'), '')",
    # after the first '://' of the request's second word
    "sd_rest(w) AS substr(w, strpos(w, '://') + 3)",
    # ``split_request``'s path: the second space-separated word without its query; an
    # absolute URL keeps its path only. The usual case (no '://') is one regular expression.
    """sd_path(req) AS CASE
    WHEN NOT contains(req, ' ') THEN sd_none(req)
    WHEN contains(req, '://') AND contains(split_part(req, ' ', 2), '://') THEN coalesce(
      nullif(regexp_extract(req, '^[^ ]* [^ ]*?://[^/ ]*(/[^ ?]*)', 1), ''), '/')
    ELSE regexp_extract(req, '^[^ ]* ([^ ?]*)', 1)
  END""",
    "sd_method(req) AS CASE WHEN contains(req, ' ') THEN split_part(req, ' ', 1) END",
    # ``_host_of``: the host of an absolute URL, without its port
    """sd_host(req) AS CASE WHEN contains(split_part(req, ' ', 2), '://') THEN nullif(
      sd_before_colon(split_part(sd_rest(split_part(req, ' ', 2)), '/', 1)), '') END""",
    # ``s.rsplit(':', 1)[0]`` for a string holding a ':'
    "sd_before_colon(s) AS CASE WHEN contains(s, ':') "
    "THEN left(s, length(s) - strpos(reverse(s), ':')) ELSE s END",
    # holds a character Python's ``\\s`` takes (the cheap test first: not printable ASCII)
    f"sd_py_space(s) AS regexp_matches(s, '[^ -~]') AND regexp_matches(s, '{_PY_SPACE}')",
    # ``_unescape``
    """sd_unescape(v) AS replace(replace(v, '\\"', '"'), '\\\\', '\\')""",
)

COMBINED = Dialect(
    reader=_COMBINED_READER,
    exprs={
        "ts": """CASE WHEN tz = '+0000]' THEN t
       ELSE t - to_minutes(CAST(CASE WHEN tz[1] = '-' THEN -1 ELSE 1 END
            * (TRY_CAST(tz[2:3] AS INTEGER) * 60 + TRY_CAST(tz[4:5] AS INTEGER)) AS BIGINT))
  END""",
        "client": "client",
        "method": "sd_method(req)",
        "path": "sd_path(req)",
        "status": "TRY_CAST(status AS INTEGER)",
        "bytes": "CASE WHEN TRY_CAST(size AS BIGINT) < 4611686018427387904 "
        "THEN TRY_CAST(size AS BIGINT) END",
        "referer": "sd_none(ref)",
        "ua": "sd_none(ua)",
    },
    # NULL anywhere unexpected counts as bad (an empty field: two spaces in a row). A chain of
    # WHENs: each check runs only on the rows the ones before it let through, and the usual
    # row (no ident, no user, a printable ASCII client) skips the costly \\s test.
    bad="""CASE
  WHEN status IS NULL OR t IS NULL OR client IS NULL OR ident IS NULL OR usr IS NULL
    OR req IS NULL OR tz IS NULL OR size IS NULL OR (ref IS NULL) <> (ua IS NULL) THEN true
  WHEN NOT regexp_full_match(status, '[0-9]{3}') THEN true
  WHEN tz <> '+0000]' AND NOT regexp_full_match(tz, '[+-][0-9]{4}\\]') THEN true
  WHEN size <> '-' AND NOT regexp_full_match(size, '[0-9]+') THEN true
  WHEN contains(req, chr(10)) OR contains(req, chr(13)) THEN true
  WHEN coalesce(contains(ref, chr(10)) OR contains(ua, chr(10))
                OR contains(ref, chr(13)) OR contains(ua, chr(13)), false) THEN true
  WHEN ident = '-' AND usr = '-' AND regexp_full_match(client, '[!-~]+') THEN false
  ELSE sd_py_space(client || ident || usr)
END""",
    optional=frozenset({"method", "bytes", "referer"}),
)

_LINES_READER = """read_csv('{path}', columns={{'line': 'VARCHAR'}}, delim=chr(31), quote='',
      escape='', header=false, auto_detect=false, strict_mode=false, null_padding=false,
      ignore_errors=true, store_rejects=true, rejects_table='{rt}', rejects_scan='{rs}',
      max_line_size={maxline}, compression='{codec}', parallel=true)"""

# A double-quoted field's inside (``\\`` escapes), as the Python parsers' patterns take it.
_QUOTED_INSIDE = r'((?:[^"\\]|\\.)*)'
_ALB_TIMES = "'-|-1|[0-9]+(\\.[0-9]+)?'"


# The 13th field on: "request" "user agent", then a (Python) space or the end.
_ALB_TAIL = '^(")' + _QUOTED_INSIDE + '" "' + _QUOTED_INSIDE + '"(.?)'  # then ``\\s`` or the end


def _alb_time(i: int) -> str:
    return f"CASE WHEN f[{i}] NOT IN ('-', '-1') THEN TRY_CAST(f[{i}] AS DOUBLE) END"


# AWS ALB: 12 space-separated fields, then the quoted request and user agent (``formats.Alb``
# reads these 14 only); the line's tail from the 13th field is matched with one expression.
ALB = Dialect(
    reader=_LINES_READER,
    kind="lines",
    levels=(
        "string_split(line, ' ') AS f",
        "regexp_extract(substr(line, CAST(list_sum(list_transform(f[1:12], lambda x: length(x)))"
        f" AS BIGINT) + 13), '{_ALB_TAIL}', ['q', 'req', 'ua', 'nx']) AS m, "
        f"{_alb_time(6)} AS rpt, {_alb_time(7)} AS tpt, {_alb_time(8)} AS spt, "
        "TRY_CAST(substr(f[2], 1, 10) || ' ' || substr(f[2], 12, length(f[2]) - 12)"
        " AS TIMESTAMP) AS t",
    ),
    ok=f"""len(f) >= 14
   AND f[1] IN ('http', 'https', 'h2', 'grpcs', 'ws', 'wss')
   AND regexp_full_match(f[2],
         '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}T[0-9]{{2}}:[0-9]{{2}}:[0-9]{{2}}(\\.[0-9]{{1,6}})?Z')
   AND NOT list_contains(f[3:12], '')
   AND NOT sd_py_space(array_to_string(f[1:12], ''))
   AND regexp_full_match(f[9], '[0-9]{{1,3}}')
   AND (f[10] = '-' OR regexp_full_match(f[10], '[0-9]{{1,9}}'))
   AND regexp_full_match(f[6], {_ALB_TIMES}) AND regexp_full_match(f[7], {_ALB_TIMES})
   AND regexp_full_match(f[8], {_ALB_TIMES})
   AND (f[12] = '-' OR regexp_full_match(f[12], '[0-9]{{1,18}}'))
   AND m.q = '"' AND NOT ends_with(m.req, '"') AND NOT ends_with(m.ua, '"')
   AND (m.nx = '' OR m.nx = ' ' OR sd_py_space(m.nx))
   AND t IS NOT NULL""",
    exprs={
        "ts": "t",
        "client": "CASE WHEN contains(f[4], ':') THEN sd_before_colon(f[4]) ELSE sd_none(f[4]) END",
        "method": "sd_method(m.req)",
        "host": "sd_host(m.req)",
        "path": "sd_path(m.req)",
        "status": "TRY_CAST(f[9] AS INTEGER)",
        "bytes": "CASE WHEN f[12] <> '-' THEN TRY_CAST(f[12] AS BIGINT) END",
        "ua": "sd_none(sd_unescape(m.ua))",
        "duration_ms": "CASE WHEN rpt >= 0 AND tpt >= 0 AND spt >= 0 "
        "THEN ((rpt + tpt) + spt) * 1000.0 END",
        "upstream_status": "sd_none(f[10])",
        "upstream_ms": "CASE WHEN tpt >= 0 THEN tpt * 1000.0 END",
        "origin_status": "CASE WHEN f[10] = '-' THEN -1 ELSE TRY_CAST(f[10] AS INTEGER) END",
    },
    optional=frozenset({"method", "host", "bytes", "upstream_status"}),
)

DIALECTS: dict[str, Dialect] = {"combined": COMBINED, "alb": ALB}

_RE2_SPECIAL = set("\\.^$*+?()[]{}|-")
_NUMBER = "[0-9]+(\\.[0-9]+)?"


def _re2_literal(text: str) -> str:
    return "".join("\\" + c if c in _RE2_SPECIAL else c for c in text)


def nginx_dialect(log_format: str) -> Dialect | None:
    """The engine's reading of a user's nginx ``log_format``, as ``formats.Nginx`` reads it.

    The format is compiled to the same regular expression as the Python parser's, in RE2's
    spelling (Python's ``\\s`` and ``\\S`` written out), so both split a line alike; what the
    Python parser then converts with ``int``/``float`` is taken here only in plain forms
    (other lines go to the Python parser). None: formats timed by ``$time_iso8601`` or
    ``$msec`` (the Python path reads those).
    """
    from statusdex.logs.formats import _compile_log_format

    _pattern, fields = _compile_log_format(log_format)  # raises FormatError like the parser
    if "time_iso8601" in fields or "msec" in fields:
        return None
    space = _PY_SPACE[1:-1]
    out, pos = [], 0
    for m in re.finditer(r"\$(\{(\w+)\}|(\w+))", log_format):
        literal = log_format[pos : m.start()]
        out.append(_re2_literal(literal))
        name = m.group(2) or m.group(3)
        if name == "time_local":
            out.append("([^\\]]+)")
        elif name == "request" or literal.endswith('"'):
            out.append(_QUOTED_INSIDE)
        elif name in ("upstream_status", "upstream_response_time", "upstream_addr"):
            out.append("(.+?)")
        else:
            out.append(f"([^ {space}]*)")
        pos = m.end()
    out.append(_re2_literal(log_format[pos:]))
    pattern = "^(" + "".join(out) + f")[ {space}]*$"
    names = ", ".join(f"'{n}'" for n in ["sd_all", *fields])

    def v(name: str) -> str:
        return f"v_{name}" if name in fields else "CAST(NULL AS VARCHAR)"

    size = "body_bytes_sent" if "body_bytes_sent" in fields else "bytes_sent"
    times = f"{_NUMBER}((, | : |,|:| ){_NUMBER})*"  # upstream times: one per upstream tried
    levels = [
        f"regexp_extract(line, '{pattern.replace(chr(39), chr(39) * 2)}', [{names}]) AS m",
        ", ".join(f"sd_unescape(m.{n}) AS v_{n}" for n in fields),
        # the time: only the usual ``dd/Mon/yyyy:hh:mm:ss +hhmm``; anything else: Python
        "CASE WHEN regexp_full_match(" + v("time_local") + ", '[0-9]{2}/(Jan|Feb|Mar|Apr|May|"
        "Jun|Jul|Aug|Sep|Oct|Nov|Dec)/[1-9][0-9]{3}:[0-9]{2}:[0-9]{2}:[0-9]{2} [+-][0-9]{4}') "
        "THEN try_strptime(substr(" + v("time_local") + ", 1, 20), '%d/%b/%Y:%H:%M:%S') "
        "- to_minutes(CAST(CASE WHEN substr(" + v("time_local") + ", 22, 1) = '-' THEN -1 "
        "ELSE 1 END * (CAST(substr(" + v("time_local") + ", 23, 2) AS INTEGER) * 60 "
        "+ CAST(substr(" + v("time_local") + ", 25, 2) AS INTEGER)) AS BIGINT)) END AS t",
    ]
    ok = [
        "m.sd_all <> ''",
        f"regexp_full_match({v('status')}, '[0-9]{{1,3}}')",
        f"coalesce({v(size)}, '') IN ('-', '') OR regexp_full_match({v(size)}, '[0-9]{{1,18}}')",
        f"coalesce({v('request_time')}, '') IN ('-', '') "
        f"OR regexp_full_match({v('request_time')}, '{_NUMBER}')",
        f"coalesce({v('upstream_response_time')}, '-') = '-' "
        f"OR regexp_full_match({v('upstream_response_time')}, '{times}')",
    ]
    if "time_local" in fields:
        ok.append("t IS NOT NULL")
    path_from_uri = (
        f"sd_none(CASE WHEN coalesce({v('uri')}, '') <> '' THEN {v('uri')} "
        f"ELSE split_part(coalesce({v('request_uri')}, ''), '?', 1) END)"
    )
    method = v("request_method") if "request_method" in fields else f"sd_method({v('request')})"
    exprs = {
        "ts": "t",
        "client": f"sd_none({v('remote_addr')})",
        "method": f"sd_none({method})",
        "host": f"sd_none(CASE WHEN coalesce({v('host')}, '') <> '' THEN {v('host')} "
        f"ELSE {v('http_host')} END)",
        "path": f"coalesce({path_from_uri}, sd_path({v('request')}))",
        "status": f"TRY_CAST({v('status')} AS INTEGER)",
        "bytes": f"TRY_CAST({v(size)} AS BIGINT)",
        "referer": f"sd_none({v('http_referer')})",
        "ua": f"sd_none({v('http_user_agent')})",
        "duration_ms": f"TRY_CAST({v('request_time')} AS DOUBLE) * 1000.0",
        "upstream_status": f"sd_none({v('upstream_status')})",
        "upstream_ms": f"""CASE WHEN regexp_full_match({v("upstream_response_time")}, '{times}')
          THEN list_reduce(list_transform(list_filter(regexp_split_to_array(
            {v("upstream_response_time")}, '[,:] *| +'), lambda x: x <> ''),
            lambda x: CAST(x AS DOUBLE)), lambda a, b: a + b) * 1000.0 END""",
    }
    return Dialect(
        reader=_LINES_READER,
        kind="lines",
        levels=tuple(x for x in levels if x),
        ok=" AND ".join(f"({c})" for c in ok),
        exprs=exprs,
        optional=frozenset({"method", "host", "bytes", "referer", "upstream_status"}),
    )


NATIVE = frozenset(DIALECTS)


def line_stats(path: str, codec: str = "none") -> tuple[int, bool]:
    """(lines as the Python reader counts them, whether a CR stands anywhere but before a LF).

    The Python reader ends lines at LF only; DuckDB's reader at a lone CR too.
    """
    n, last = 0, b"\n"
    cr = crlf = 0
    chunks: Any
    if codec == "none":
        buf = bytearray(1 << 23)  # one buffer, read into again and again

        def plain() -> Any:
            with open(path, "rb", buffering=0) as raw:
                while got := raw.readinto(buf):
                    yield memoryview(buf)[:got] if got < len(buf) else buf

        chunks = plain()
    else:

        def packed() -> Any:
            with open_binary(path) as f:
                while chunk := f.read(1 << 23):
                    yield chunk

        chunks = packed()
    for chunk in chunks:
        data = chunk if not isinstance(chunk, memoryview) else chunk.tobytes()
        n += data.count(b"\n")
        c = data.count(b"\r") if b"\r" in data else 0  # ``in``: a fast scan, seldom true
        if c:
            cr += c
            crlf += data.count(b"\r\n") + (last == b"\r" and data[:1] == b"\n")
        elif last == b"\r" and data[:1] == b"\n":
            crlf += 1
        last = data[-1:]
    return n + (last != b"\n"), cr != crlf + (last == b"\r")


def count_lines(path: str, codec: str = "none") -> int:
    """Lines as the Python reader counts them (a last line without newline counts)."""
    return line_stats(path, codec)[0]


class _Counter(threading.Thread):
    """Counts a file's lines beside the engine's read (DuckDB lets go of the GIL)."""

    def __init__(self, path: str, codec: str) -> None:
        super().__init__(daemon=True)
        self.path, self.codec = path, codec
        self.lines: int | None = None
        self.lone_cr = False

    def run(self) -> None:
        with contextlib.suppress(Exception):  # a broken gzip/zstd stream: the Python path names it
            self.lines, self.lone_cr = line_stats(self.path, self.codec)


class Native:
    """Loads files into tables ``native_<n>`` of a DuckDB connection."""

    def __init__(
        self,
        con: Any,
        sink: Callable[[Row], None],
        needed: frozenset[str] | None = None,
        log_format: str | None = None,
        problem_only: frozenset[str] = frozenset(),
    ) -> None:
        """``needed``: the columns anything reads (optional ones not read are left NULL).

        ``problem_only``: columns read only on rows with status >= 400 or a duration
        (``queries.PROBLEM_ONLY``); they are left NULL on other rows.
        """
        self.con = con
        self.sink = sink
        self.needed = needed
        self.problem_only = problem_only
        self.sources: list[str] = []  # one SELECT of every column in ``COLUMNS`` per table
        self._n = 0
        self.log_format = log_format
        self._nginx: Dialect | None = None
        if log_format:
            with contextlib.suppress(ValueError):  # a bad format: the Python path says so
                self._nginx = nginx_dialect(log_format)
        for macro in _MACROS:
            con.execute(f"CREATE OR REPLACE TEMP MACRO {macro}")

    def _kept(self, dialect: Dialect) -> list[str]:
        return [
            name
            for name in dialect.exprs
            if name not in dialect.optional or self.needed is None or name in self.needed
        ]

    def load(self, path: str, fmt: str, codec: str = "none") -> FileReport | None:
        """The file's report once its rows are in a table, or None: read it in Python."""
        dialect = self._nginx if fmt == "nginx" else DIALECTS.get(fmt)
        if dialect is None or _starts_with_bom(path):
            return None
        n = self._n
        self._n += 1
        table, rt, rs = f"native_{n}", f"rejects_{n}", f"rejects_scan_{n}"
        kept = self._kept(dialect)
        reader = dialect.reader.format(
            path=path.replace("'", "''"), rt=rt, rs=rs, maxline=MAX_LINE, codec=codec
        )
        cols = ",\n  ".join(f"{self._expr(dialect, c)} AS {c}" for c in kept)
        if dialect.kind == "lines":
            inner = f"SELECT line FROM {reader}"
            for level in dialect.levels:
                inner = f"SELECT *, {level} FROM ({inner})"
            sql = (
                "SELECT CASE WHEN line IS NULL THEN 2 WHEN good THEN 0 ELSE 1 END AS k,\n"
                "  CASE WHEN line IS NOT NULL AND NOT good THEN line END AS raw,\n"
                f"  {cols}\nFROM (SELECT *, coalesce({dialect.ok}, false) AS good FROM ({inner}))"
            )
            flag = "k = 1"
        else:
            sql = f"SELECT\n  {cols},\n  {dialect.bad} AS bad\nFROM {reader}"
            flag = "bad"
        con = self.con
        counter = _Counter(path, codec)
        counter.start()
        try:
            con.execute(f"CREATE TABLE {table} AS {sql}")
            rows, flagged = con.execute(
                f"SELECT count(*), count(*) FILTER (WHERE {flag}) FROM {table}"
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
            raws: list[str] = []
            if dialect.kind == "lines" and 0 < flagged <= MAX_REJECTS:
                got = con.execute(f"SELECT raw FROM {table} WHERE k = 1").fetchall()
                raws = [r for (r,) in got]
        except duckdb.Error:  # whatever the engine cannot read, the Python path reads
            counter.join()
            self._drop(table, rt, rs)
            return None
        counter.join()
        total = counter.lines
        if (
            total is None
            or counter.lone_cr
            or many
            or not self._rejects_ok(rejects)
            or (flagged and dialect.kind != "lines")
            or flagged > MAX_REJECTS
        ):
            self._drop(table, rt, rs)
            return None
        if dialect.kind == "lines":
            blanks = con.execute(f"SELECT count(*) FROM {table} WHERE k = 2").fetchone()[0]
            if total != rows + len(rejects):  # every line is a row or a reject here
                self._drop(table, rt, rs)
                return None
            if flagged or blanks:
                con.execute(f"DELETE FROM {table} WHERE k <> 0")
            rows -= flagged + blanks
        elif total - rows - len(rejects) < 0:  # blank lines are skipped by the CSV reader
            self._drop(table, rt, rs)
            return None
        rep = FileReport(path)
        rep.format = fmt
        rep.reader = "engine"
        rep.lines = total
        parse = make_parser(fmt, log_format=self.log_format).parse
        extra = 0
        sample: list[int] = []
        for line_no, _kind, text in rejects:
            row = parse(text.lstrip("\r\n"))
            if row is None:
                rep.malformed += 1
                if len(sample) < SAMPLE:
                    sample.append(int(line_no))
            else:
                extra += 1
                self.sink(row)
        unread: set[str] = set()
        for text in raws:
            row = parse(text)
            if row is None:
                rep.malformed += 1
                unread.add(text)
            else:
                extra += 1
                self.sink(row)
        if unread:
            sample.extend(_find(path, codec, unread))
        rep.malformed_sample = sorted(sample)[:SAMPLE]
        rep.rows = rows + extra
        self.con.execute(f"DROP TABLE IF EXISTS {rt}; DROP TABLE IF EXISTS {rs}")
        self.sources.append(self._source(table, fmt, kept))
        return rep

    def _expr(self, dialect: Dialect, name: str) -> str:
        """The column's SQL; a problem-only column is computed on problem rows only."""
        expr = dialect.exprs[name]
        if name not in self.problem_only:
            return expr
        rows = f"({dialect.exprs['status']}) >= 400"
        if "duration_ms" in dialect.exprs:
            rows += f" OR ({dialect.exprs['duration_ms']}) IS NOT NULL"
        return f"CASE WHEN {rows} THEN {expr} END"

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


def _starts_with_bom(path: str) -> bool:
    """DuckDB's reader drops a UTF-8 byte order mark; the Python reader keeps it in line 1."""
    try:
        with open_binary(path) as f:
            return f.read(3) == b"\xef\xbb\xbf"
    except Exception:  # unreadable: the Python path names the problem
        return True


def _find(path: str, codec: str, texts: set[str]) -> list[int]:
    """Line numbers of the first ``SAMPLE`` lines whose text is one of ``texts``."""
    found: list[int] = []
    with open_binary(path) if codec != "none" else open(path, "rb") as f:
        for n, b in enumerate(f, 1):
            if b.decode("utf-8", "replace").rstrip("\r\n") in texts:
                found.append(n)
                if len(found) >= SAMPLE:
                    break
    return found


__all__ = ["DIALECTS", "NATIVE", "Dialect", "Native", "count_lines", "line_stats"]
