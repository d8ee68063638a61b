"""The common command lines, read without argparse (importing it costs about a third of a bare
interpreter start): ``statusdex 404 --lang th``, ``compare 401 403``, ``list``, ``4xx``,
``search rate limit --json``.

A narrow table of forms: a command, how many positionals it takes, and the options every
command shares (``--lang X``, ``--lang=X``, ``--json``), each at most once, after the
positionals. Anything else (help, other options, abbreviations, a missing value, a wrong count)
returns None and goes to the full parser in ``statusdex.cli.commands``, whose messages stay
the only ones. What this returns is what that parser would give for the same line:
``tests/test_cli_quick.py`` checks both the parsed values and the output for every form.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# command → (the parser's name for its positionals, fewest, most (None: any), and the parser's
# values for the options these forms leave out). "lookup" is the top-level parser.
FORMS: dict[str, tuple[str | tuple[str, ...], int, int | None, dict[str, Any]]] = {
    "lookup": ("queries", 1, None, {"vendor": None, "full": False}),
    "search": ("query", 1, None, {"limit": 10}),
    "compare": (("first", "second"), 2, 2, {}),
    "list": ((), 0, 0, {"family": None, "vendor": None, "state": None, "all": False}),
}
# Options every command's parser takes (commands._common): option → (its dest, takes a value)
OPTIONS: dict[str, tuple[str, bool]] = {"--lang": ("lang", True), "--json": ("json", False)}
# What the shared options default to, including those the forms never take (--color)
COMMON: dict[str, Any] = {"lang": None, "json": False, "colour": None}


class Args:
    """Parsed values as attributes, like ``argparse.Namespace``."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)


def parse(argv: list[str], subcommands: set[str] | frozenset[str]) -> tuple[str, Args] | None:
    """``(command, values)`` for a line of one of the forms, else None (argparse's turn)."""
    if argv and argv[0] in FORMS and argv[0] != "lookup":
        command, rest = argv[0], argv[1:]
    elif argv and argv[0] in subcommands:
        return None
    else:
        command, rest = "lookup", argv
    names, fewest, most, defaults = FORMS[command]
    n = 0
    while n < len(rest) and rest[n][:1] != "-":
        n += 1
    if n < fewest or (most is not None and n > most):
        return None
    values: dict[str, Any] = {**COMMON, **defaults}
    if isinstance(names, str):
        values[names] = rest[:n]
    else:
        values.update(zip(names, rest[:n], strict=True))
    seen: set[str] = set()
    i = n
    while i < len(rest):
        option, eq, value = rest[i].partition("=")
        spec = OPTIONS.get(option)
        if spec is None or option in seen:
            return None
        seen.add(option)
        dest, takes_value = spec
        if takes_value:
            if not eq:
                i += 1
                if i == len(rest):
                    return None
                value = rest[i]
            if value[:1] == "-":  # argparse reads it as an option, or as a negative number
                return None
            values[dest] = value
        elif eq:
            return None
        else:
            values[dest] = True
        i += 1
    return command, Args(values)
