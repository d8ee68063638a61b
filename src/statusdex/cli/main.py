"""``statusdex``: answers about HTTP status codes in the terminal.

A plain lookup (``statusdex 404``) takes a fast path that skips argparse, and so do the common
forms with ``--lang``/``--json``, ``compare``, ``list`` and a family (``statusdex.cli.quick``);
everything else goes through the full parser in ``statusdex.cli.commands``. Exit codes:
0 found, 1 not found, 2 usage error. Colour only on a terminal, never with ``NO_COLOR``.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from statusdex.cli.quick import Args

NOT_FOUND, USAGE = 1, 2
_SUBCOMMANDS = {
    "search",
    "list",
    "compare",
    "completion",
    "help",
    "serve",
    "mock",
    "learn",
    "build-site",
    "check",
    "logs",
}  # commands.COMMANDS and commands.SERVICES, written out to keep argparse off this path


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    whole = argv is None  # this process runs one command and ends
    try:
        if args[:1] == ["search"] and len(args) > 1 and not any(a[:1] == "-" for a in args):
            # `statusdex search rate limit`: no options, so no argparse
            _one_shot(whole)
            from statusdex.cli.output import Output
            from statusdex.cli.searching import search_command

            code = search_command(Output.from_env(None, False), " ".join(args[1:]), 10)
        elif (
            len(args) > 1
            and args[0] not in _SUBCOMMANDS
            and not any(a[:1] == "-" for a in args)
            and not all(_is_code(a) for a in args)
        ):
            # `statusdex too many requests`, `statusdex cloudflare 522`: one query, no argparse
            _one_shot(whole)
            from statusdex.cli.output import Output
            from statusdex.cli.searching import best

            code = best(Output.from_env(None, False), " ".join(args), "")
        elif args and all(_is_simple(a) for a in args) and args[0] not in _SUBCOMMANDS:
            _one_shot(whole)
            code = _fast_lookup(args)
        elif (parsed := _quick(args)) is not None:
            # `statusdex 404 --lang th`, `compare 401 403`, `list`, `4xx`: read without argparse
            _one_shot(whole)
            from statusdex.cli.commands import dispatch

            code = dispatch(*parsed)
        else:  # servers and the rest keep the interpreter as it is
            from statusdex.cli.commands import run

            whole = False
            code = run(args)
        sys.stdout.flush()  # a closed pipe shows up here, inside the handler below
        if whole:  # one answer printed: skip the interpreter's teardown
            sys.stderr.flush()
            os._exit(code)
        return code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except Exception as e:  # a bug: still one line, never a traceback
        from statusdex.errors import StatusdexError

        if isinstance(e, StatusdexError):
            sys.stderr.write(f"statusdex: {e}\n")
            return NOT_FOUND
        sys.stderr.write(f"statusdex: internal error ({type(e).__name__}: {e}); please report it\n")
        return 70


def _is_simple(arg: str) -> bool:
    """A bare code such as ``404`` or ``403.14`` (ASCII or not)."""
    from statusdex.core.normalize import digits

    a = digits(arg).strip()
    head, _, tail = a.partition(".")
    return len(head) == 3 and head.isdigit() and (not tail or tail.isdigit())


def _is_code(arg: str) -> bool:
    """A code, a sub-status or a vendor's code (``nginx/499``): several are several lookups."""
    return _is_simple(arg.replace(":", "/").rpartition("/")[2])


def _one_shot(whole: bool) -> None:
    """A process that prints one answer and ends: the cyclic garbage collector would only
    walk the registry's tables while they load (the objects are freed by the exit)."""
    if whole:
        import gc

        gc.disable()


def _quick(args: list[str]) -> tuple[str, Args] | None:
    from statusdex.cli.quick import parse

    return parse(args, _SUBCOMMANDS)


def _fast_lookup(args: list[str]) -> int:
    from statusdex.cli.output import Output

    out = Output.from_env(lang=None, as_json=False)
    return out.lookups(args, vendor=None)


def _silence_stdout() -> None:
    # `statusdex list | head -1`: the reader went away; end quietly, and keep the
    # interpreter's final flush from complaining on stderr.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass


if __name__ == "__main__":
    raise SystemExit(main())
