"""``statusdex logs``: the command line. Exit 0 with a report, 2 for usage errors or when no
input could be read at all (each unreadable file is named)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from datetime import datetime
from typing import Any, NoReturn

from statusdex.logs.formats import FORMATS

USAGE = 2
EXAMPLES = """\
examples:
  statusdex logs /var/log/nginx/access.log*          formats and compression detected
  statusdex logs u_ex*.log --lang fr                 IIS W3C logs, report in French
  statusdex logs alb/ --where "status >= 500" --top 5
  statusdex logs access.log --format nginx \\
      --log-format '$remote_addr - $remote_user [$time_local] "$request" $status ...'
  zcat old.gz | statusdex logs - --output json
  statusdex logs access.log --output html -o report.html

columns for --where: ts client method host path status substatus win32 bytes referer ua
  duration_ms upstream_status upstream_ms origin_status fmt
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"statusdex logs: {message}\nTry 'statusdex logs --help'.\n")
        raise SystemExit(USAGE)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="statusdex logs",
        description="What the status codes in access logs are telling you.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("inputs", nargs="+", metavar="FILE|DIR|GLOB|-")
    p.add_argument(
        "--format",
        dest="fmt",
        metavar="FORMAT",
        help=f"one of {', '.join(FORMATS)} (default: detected per file)",
    )
    p.add_argument(
        "--log-format", metavar="STRING", help="nginx log_format string (with --format nginx)"
    )
    p.add_argument(
        "--field",
        action="append",
        default=[],
        metavar="COLUMN=KEY",
        help="JSON lines: which key holds a column (dots for nesting)",
    )
    p.add_argument("--since", metavar="TIME", help="from this UTC time (ISO 8601)")
    p.add_argument("--until", metavar="TIME", help="before this UTC time (ISO 8601)")
    p.add_argument("--where", metavar="SQL", help="an SQL condition over the columns below")
    p.add_argument(
        "--top", type=int, default=10, metavar="N", help="rows per top list (default 10)"
    )
    p.add_argument(
        "--by", choices=["minute", "hour", "day"], help="timeline unit (default: from the span)"
    )
    p.add_argument("--output", choices=["text", "json", "csv", "html"], default="text")
    p.add_argument("--json", action="store_true", help="same as --output json")
    p.add_argument(
        "--table",
        default="codes",
        help="the table for --output csv (default codes; also fault, problems, timeline, iis…)",
    )
    p.add_argument("-o", "--out", metavar="FILE", help="write the report here (default: stdout)")
    p.add_argument("--base-url", default="", help="prefix of the code pages linked from HTML")
    p.add_argument(
        "--engine",
        choices=["duckdb", "spark"],
        default="duckdb",
        help="duckdb (embedded, default) or spark (the same queries on a Spark cluster)",
    )
    p.add_argument(
        "--spark-master",
        metavar="URL",
        help="Spark master (default local[*], or Spark Connect from SPARK_REMOTE; sc://… too)",
    )
    p.add_argument(
        "--lang", metavar="LANG", help="en, th or fr (default: from LANG/LC_ALL, else en)"
    )
    colour = p.add_mutually_exclusive_group()
    colour.add_argument("--color", "--colour", dest="colour", action="store_true", default=None)
    colour.add_argument("--no-color", "--no-colour", dest="colour", action="store_false")
    return p


def _when(p: argparse.ArgumentParser, v: str | None, flag: str) -> str | None:
    if v is None:
        return None
    try:
        t = datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        p.error(f"{flag}: not an ISO 8601 time: {v!r}")
    if t.tzinfo is not None:
        from datetime import UTC

        t = t.astimezone(UTC).replace(tzinfo=None)
    return t.isoformat(sep=" ")


def main(argv: list[str]) -> int:
    p = build_parser()
    args = p.parse_args(argv)
    from statusdex.core.lang import resolve
    from statusdex.errors import StatusdexError

    try:
        lang = resolve(args.lang)
    except StatusdexError as e:
        p.error(str(e))
    if args.top < 1:
        p.error("--top must be at least 1")
    from statusdex.logs.render_data import TABLES

    if args.table not in TABLES:
        p.error(f"--table: one of {', '.join(TABLES)}")
    fields: dict[str, str] = {}
    for f in args.field:
        col, sep, key = f.partition("=")
        if not sep or not key:
            p.error(f"--field wants COLUMN=KEY, not {f!r}")
        fields[col] = key
    since = _when(p, args.since, "--since")
    until = _when(p, args.until, "--until")
    output = "json" if args.json else args.output

    from statusdex.logs.engine import QueryError
    from statusdex.logs.formats import FormatError
    from statusdex.logs.pipeline import make_report
    from statusdex.logs.spark import SparkUnavailableError

    progress = _progress() if sys.stderr.isatty() else None
    try:
        rep = make_report(
            args.inputs,
            fmt=args.fmt,
            log_format=args.log_format,
            fields=fields,
            since=since,
            until=until,
            where=args.where,
            top=args.top,
            unit=args.by,
            lang=lang,
            engine=args.engine,
            spark_master=args.spark_master,
            progress=progress,
        )
    except FormatError as e:
        p.error(str(e))
    except SparkUnavailableError as e:  # pyspark, Java or the cluster missing
        p.error(str(e))
    except QueryError as e:
        p.error(f"--where/--since/--until: {e}")
    finally:
        if progress is not None:
            sys.stderr.write("\r\x1b[K")
    files = rep["intake"]["files"]
    if not any(f["rows"] for f in files) and all(f["error"] for f in files):
        for f in files:
            sys.stderr.write(f"statusdex logs: {f['name']}: {f['error']}\n")
        sys.stderr.write(
            f"statusdex logs: nothing could be read; formats we read: {', '.join(FORMATS)}\n"
        )
        return USAGE
    text = _render(rep, output, args.table, args.base_url, args.colour, args.out)
    if args.out:
        try:
            with open(args.out, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as e:
            sys.stderr.write(f"statusdex logs: cannot write {args.out}: {e.strerror or e}\n")
            return USAGE
    else:
        sys.stdout.write(text)
    return 0


def _render(
    rep: dict[str, Any], output: str, table: str, base: str, colour: bool | None, out: str | None
) -> str:
    if output == "json":
        from statusdex.logs.render_data import to_json

        return to_json(rep)
    if output == "csv":
        from statusdex.logs.render_data import to_csv

        return to_csv(rep, table)
    if output == "html":
        from statusdex.logs.render_html import render as html

        return html(rep, base)
    from statusdex.cli.output import colour_wanted
    from statusdex.logs.render_text import render as text

    return text(rep, colour=False if out else colour_wanted(sys.stdout, colour))


def _progress() -> Callable[[str, int], None]:
    def show(name: str, n: int) -> None:
        sys.stderr.write(f"\r\x1b[K{os.path.basename(name)}: {n:,} lines")
        sys.stderr.flush()

    return show
