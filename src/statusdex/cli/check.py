"""``statusdex check``: judge a live response (URL) or a raw one (``-``, from stdin)."""

from __future__ import annotations

import argparse
import json
import sys

from statusdex.cli.output import USAGE

TYPE_CHECKING = False
if TYPE_CHECKING:
    from statusdex.checks.model import Report

EPILOG = """\
examples:
  statusdex check https://api.example/users -X POST -d '{"name": "a"}' \
      -H 'Content-Type: application/json'
  curl -si https://example.org/ | statusdex check -
  statusdex check https://example.org/old --fail-on warning --lang fr

exit status: 0 clean (or below --fail-on), 1 findings at or above --fail-on,
2 usage, input or network error
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"statusdex check: {message}\nTry 'statusdex check --help'.\n")
        raise SystemExit(USAGE)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="statusdex check",
        description="Is this response right for its status? Fetch a URL or read a raw response.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("target", metavar="URL|-", help="an http(s) URL, or - to read a raw response")
    p.add_argument("-X", "--request", dest="method", default=None, help="method (default GET)")
    p.add_argument(
        "-H", "--header", dest="headers", action="append", default=[], help="'Name: value'"
    )
    p.add_argument("-d", "--data", default=None, help="request body (implies POST)")
    p.add_argument("--lang", help="en, th or fr (default: from LANG/LC_ALL, else en)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--fail-on", choices=["warning", "error"], default=None)
    p.add_argument("--timeout", type=float, default=30.0, help="whole exchange, seconds")
    p.add_argument("--connect-timeout", type=float, default=5.0)
    p.add_argument("--read-timeout", type=float, default=10.0)
    p.add_argument("--max-body", type=int, default=1024 * 1024, help="bytes read per body")
    p.add_argument("--no-httplint", action="store_true", help="only statusdex's own rules")
    return p


def main(argv: list[str]) -> int:
    from statusdex.checks.errors import CheckError
    from statusdex.errors import StatusdexError

    args = build_parser().parse_args(argv)
    try:
        report = _run(args)
    except (CheckError, StatusdexError) as e:
        sys.stderr.write(f"statusdex check: {e}\n")
        return USAGE
    if args.json:
        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        from statusdex.checks.render import lines

        sys.stdout.write("\n".join(lines(report)) + "\n")
    if args.fail_on and report.at_least(args.fail_on):
        return 1
    return 0


def _run(args: argparse.Namespace) -> Report:
    from statusdex.checks.engine import check_messages
    from statusdex.checks.errors import CheckError
    from statusdex.checks.model import Request
    from statusdex.core.lang import resolve

    lang = resolve(args.lang)
    method = (args.method or ("POST" if args.data is not None else "GET")).upper()
    if args.target == "-":
        from statusdex.checks.parse import parse_raw

        data = sys.stdin.buffer.read(10 * 1024 * 1024 + 1)
        return check_messages(
            parse_raw(data), Request(method), lang=lang, use_httplint=not args.no_httplint
        )
    from statusdex.checks.fetch import Limits, fetch

    headers: list[tuple[str, str]] = []
    for h in args.headers:
        name, sep, value = h.partition(":")
        if not sep or not name.strip():
            raise CheckError(f"-H {h!r}: expected 'Name: value'")
        headers.append((name.strip(), value.strip()))
    for n in (args.timeout, args.connect_timeout, args.read_timeout):
        if not n > 0:
            raise CheckError("timeouts must be positive numbers of seconds")
    if args.max_body < 1:
        raise CheckError("--max-body must be at least 1 byte")
    limits = Limits(args.connect_timeout, args.read_timeout, args.timeout, args.max_body)
    body = args.data.encode("utf-8") if args.data is not None else None
    got = fetch(args.target, method, headers, body, limits)
    return check_messages(
        got.messages, got.request, lang=lang, stopped=got.stopped, use_httplint=not args.no_httplint
    )
