"""The full command line: lookups with options, ``search``, ``list``, ``compare``,
``completion``. Parsed by argparse, imported only when parsing starts: the common forms are
read by ``statusdex.cli.quick`` and handed to ``dispatch`` here without it."""

from __future__ import annotations

import sys

import statusdex
from statusdex.cli.output import NOT_FOUND, USAGE, Output
from statusdex.errors import StatusdexError

TYPE_CHECKING = False
if TYPE_CHECKING:  # `typing` costs milliseconds at start-up
    import argparse
    from typing import Any, NoReturn

EXAMPLES = """\
examples:
  statusdex 404                    a short card: meaning, who is at fault, what to check first
  statusdex 404 --full             everything: examples, causes, rules, history, sources
  statusdex 401 403                several at once
  statusdex 403.14                 an IIS sub-status
  statusdex 499 --vendor nginx     one vendor's meaning of a number
  statusdex "payload too large"    by phrase or old name
  statusdex 4xx                    a family and its codes
  statusdex search "rate limit"    ranked matches, with why each matched
  statusdex compare 401 403        side by side, and how to choose
  statusdex list --vendor cloudflare
  statusdex 404 --lang th          in Thai (also fr; default from LANG)
  statusdex 404 --json             the library's data as JSON

exit status: 0 found, 1 not found, 2 usage error
"""
COMMANDS = ("search", "list", "compare", "completion")
# Commands with their own parser and module, imported only when asked for.
SERVICES = {
    "serve": "statusdex.web.cli",
    "mock": "statusdex.mock.cli",
    "learn": "statusdex.learn.cli",
    "build-site": "statusdex.web.sitebuild",
    "check": "statusdex.cli.check",
    "logs": "statusdex.logs.cli",
}


def _parser(**kw: Any) -> argparse.ArgumentParser:
    """A parser whose usage errors are one line and exit 2."""
    import argparse

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str) -> NoReturn:
            sys.stderr.write(f"statusdex: {message}\nTry 'statusdex --help'.\n")
            raise SystemExit(USAGE)

    return _Parser(**kw)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--lang", metavar="LANG", help="en, th or fr (default: from LANG/LC_ALL, else en)"
    )
    p.add_argument("--json", action="store_true", help="print JSON (the library's export format)")
    colour = p.add_mutually_exclusive_group()
    colour.add_argument(
        "--color", "--colour", dest="colour", action="store_true", default=None, help="force colour"
    )
    colour.add_argument(
        "--no-color", "--no-colour", dest="colour", action="store_false", help="never colour"
    )


def build_parser() -> argparse.ArgumentParser:
    import argparse

    p = _parser(
        prog="statusdex",
        description="HTTP status codes explained: IANA codes, vendor codes, IIS sub-statuses.",
        epilog=EXAMPLES + "commands: " + ", ".join((*COMMANDS, *SERVICES)),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "queries", nargs="*", metavar="CODE", help="a code, sub-status, family, name or phrase"
    )
    p.add_argument(
        "--vendor", metavar="VENDOR", help="the vendor's meaning (nginx, cloudflare, aws, iis…)"
    )
    p.add_argument(
        "--full",
        action="store_true",
        help="the whole card (paged with $STATUSDEX_PAGER, $PAGER or less -FRX on a terminal)",
    )
    p.add_argument("--version", action="version", version=f"statusdex {statusdex.__version__}")
    _common(p)
    return p


def build_subparser(command: str) -> argparse.ArgumentParser:
    import argparse

    p = _parser(prog=f"statusdex {command}", formatter_class=argparse.RawDescriptionHelpFormatter)
    if command == "search":
        p.description = "Ranked matches over codes, phrases, old names, descriptions and vendors."
        p.add_argument("query", nargs="+", help="words in English, Thai or French")
        p.add_argument(
            "--limit", type=int, default=10, help="at most this many results (default 10)"
        )
    elif command == "list":
        p.description = "List codes, filtered."
        p.add_argument("--family", help="1xx … 5xx (or 1 … 5)")
        p.add_argument("--vendor", help="only this vendor's codes")
        p.add_argument(
            "--state", choices=["registered", "temporary", "reserved", "deprecated", "obsoleted"]
        )
        p.add_argument(
            "--all", action="store_true", help="include vendor codes and IIS sub-statuses"
        )
    elif command == "compare":
        p.description = "Two codes side by side, and how to choose between them."
        p.add_argument("first")
        p.add_argument("second")
    elif command == "completion":
        p.description = 'Print a shell completion script: eval "$(statusdex completion bash)".'
        p.add_argument("shell", choices=["bash", "zsh", "fish"])
    _common(p)
    return p


def run(argv: list[str]) -> int:
    if argv and argv[0][:1] == "-" and argv[0][1:2].isdigit():
        # `statusdex -1`: neither an option nor a code; argparse would take it as a number
        sys.stderr.write(
            f"statusdex: {argv[0][:20]!r} is neither an option nor a status code "
            "(codes run from 100 to 599)\nTry 'statusdex --help'.\n"
        )
        return USAGE
    if argv and argv[0] in SERVICES:
        import importlib

        from statusdex.extras import COMMANDS as EXTRA_OF
        from statusdex.extras import MissingExtraError, require

        extra = EXTRA_OF.get(argv[0])
        try:  # before the face imports what its extra brings
            if extra is not None:
                require(extra, f"statusdex {argv[0]}")
        except MissingExtraError as e:
            sys.stderr.write(f"{e}\n")
            return USAGE
        module = importlib.import_module(SERVICES[argv[0]])
        return int(module.main(argv[1:]))
    if argv and argv[0] in COMMANDS:
        command, rest = argv[0], argv[1:]
        args = build_subparser(command).parse_args(rest)
    else:
        command = "lookup"
        args = build_parser().parse_args(argv)
        if not args.queries:
            build_parser().print_help()
            return USAGE
    return dispatch(command, args)


def dispatch(command: str, args: Any) -> int:
    """Run a parsed command: ``args`` has the attributes the command's parser gives."""
    try:
        out = Output.from_env(args.lang, args.json, args.colour)
    except StatusdexError as e:
        sys.stderr.write(f"statusdex: {e}\n")
        return USAGE
    try:
        if command == "search":
            return _search(out, " ".join(args.query), args.limit)
        if command == "list":
            return _list(out, args)
        if command == "compare":
            return _compare(out, args.first, args.second)
        if command == "completion":
            from statusdex.cli.completion import script

            sys.stdout.write(script(args.shell))
            return 0
        return _lookup(out, args.queries, args.vendor, args.full)
    except StatusdexError as e:
        return out.error(str(e), NOT_FOUND)


def _lookup(out: Output, queries: list[str], vendor: str | None, full: bool = False) -> int:
    if len(queries) == 1 and vendor is None:
        fam = _family_or_none(queries[0])
        if fam is not None:
            from statusdex.core import store

            return out.family(fam, [store.fields(k) for k in store.family_ids(fam.cls)])
    if vendor is None and not all(_code_like(q) for q in queries):
        # Unquoted words are one query (`statusdex too many requests`, `statusdex cloudflare
        # 522`); a single phrase the lookup knows keeps its exact answer.
        if len(queries) == 1:
            try:
                statusdex.lookup(queries[0])
            except StatusdexError as e:
                return _best(out, queries[0], str(e))
            return out.lookups(queries, vendor, full)
        return _best(out, " ".join(queries), "")
    return out.lookups(queries, vendor, full)


def _code_like(q: str) -> bool:
    from statusdex.core.normalize import digits

    head, _, tail = digits(q).strip().replace(":", "/").rpartition("/")[2].partition(".")
    return len(head) == 3 and head.isdigit() and (not tail or tail.isdigit())


def _best(out: Output, query: str, error: str) -> int:
    from statusdex.cli.searching import best

    return best(out, query, error)


def _family_or_none(q: str) -> statusdex.Family | None:
    from statusdex.core.normalize import digits, key

    k = key(digits(q))
    if (
        k in ("1xx", "2xx", "3xx", "4xx", "5xx", "1", "2", "3", "4", "5")
        or k in {key(f.name) for f in statusdex.families()}
        or k in ("informational", "success", "redirect", "client", "server")
    ):
        try:
            return statusdex.family(k if not k.isdigit() else int(k))
        except StatusdexError:
            return None
    return None


def _search(out: Output, query: str, limit: int) -> int:
    from statusdex.cli.searching import search_command

    return search_command(out, query, limit)


def _list(out: Output, args: Any) -> int:
    from statusdex.core import store

    # The compiled fields of each entry: a listing shows a few columns, so no Status is built
    rows = [store.fields(k) for k in store.index().raw]
    if not args.all and not args.vendor:
        rows = [r for r in rows if r["kind"] == "iana"]
    if args.family:
        fam = statusdex.family(args.family)
        rows = [r for r in rows if r["code"] // 100 == fam.cls]
    if args.vendor:
        v = statusdex.vendor(args.vendor)
        rows = [r for r in rows if r["vendor"] == v.id]
    if args.state:
        rows = [r for r in rows if r["state"] == args.state]
    return out.table(rows)


def _compare(out: Output, first: str, second: str) -> int:
    a, b = statusdex.lookup(first), statusdex.lookup(second)
    if out.as_json:
        out.json(
            {
                "first": out.status_json(a),
                "second": out.status_json(b),
                "choose": a.text(out.lang).choose.get(b.key) or b.text(out.lang).choose.get(a.key),
            }
        )
        return 0
    out.lines(out.layout.compare(a, b))
    return 0
