"""The argparse-free reading of common command lines (``statusdex.cli.quick``) agrees with the
full parser: the same values for every form it takes, the same output, and argparse's turn for
everything else."""

from __future__ import annotations

import subprocess
import sys

import pytest

from statusdex.cli import commands, main, quick

# Every form the quick reading takes, in each shape of its options.
FAST = [
    ["404", "--lang", "th"],
    ["404", "--lang=fr"],
    ["404", "--json"],
    ["404", "--lang", "th", "--json"],
    ["404", "--json", "--lang", "fr"],
    ["401", "403", "--lang", "th"],
    ["403.14", "--lang", "th"],
    ["nginx/499", "--lang", "fr"],
    ["999", "--lang", "fr"],
    ["๔๐๔", "--lang", "th"],
    ["600", "--lang", "th"],
    ["4xx"],
    ["4xx", "--lang", "th"],
    ["4", "--lang", "fr"],
    ["5xx", "--json", "--lang", "th"],
    ["client"],
    ["4xx", "5xx"],
    ["teapot", "--lang", "fr"],
    ["too", "many", "requests", "--lang", "th"],
    ["no such thing", "--json"],
    ["404", "--lang", "de"],
    ["404", "--lang="],
    ["404", "--lang", ""],
    ["list"],
    ["list", "--lang", "th"],
    ["list", "--lang=fr"],
    ["list", "--json"],
    ["list", "--json", "--lang", "th"],
    ["compare", "401", "403"],
    ["compare", "401", "403", "--lang", "th"],
    ["compare", "301", "308", "--lang=fr"],
    ["compare", "401", "403", "--json", "--lang", "fr"],
    ["compare", "401", "999"],
    ["compare", "401", "nope"],
    ["search", "rate", "limit", "--lang", "th"],
    ["search", "rate limit", "--json"],
    ["search", "ไม่พบหน้า", "--lang", "th"],
    ["search", "zzzzzzqqq", "--json"],
]

# Lines the quick reading leaves to argparse: its messages and help stay the only ones.
SLOW = [
    [],
    ["--help"],
    ["404", "--help"],
    ["--lang", "th", "404"],  # options before the positionals
    ["404", "--lang"],  # a missing value
    ["404", "--lang", "--json"],
    ["404", "--lang", "-1"],
    ["404", "--lang=-x"],
    ["404", "--la", "th"],  # an abbreviation
    ["404", "--lang", "th", "--lang", "fr"],  # twice
    ["404", "--json", "--json"],
    ["404", "--json=yes"],
    ["404", "--full"],
    ["404", "--vendor", "nginx"],
    ["404", "--no-color"],
    ["404", "--lang", "th", "500"],  # a positional after an option
    ["404", "--", "500"],
    ["-1"],
    ["help"],
    ["completion", "bash"],
    ["serve"],
    ["list", "extra"],
    ["list", "--all"],
    ["list", "--family", "5xx"],
    ["compare", "401"],
    ["compare", "401", "403", "404"],
    ["compare", "--lang", "th", "401", "403"],
    ["search"],
    ["search", "--lang", "th", "ไม่พบหน้า"],
    ["search", "rate", "--limit", "3"],
]

ENVIRONMENTS = [
    {"NO_COLOR": "1", "COLUMNS": "80"},
    {"NO_COLOR": "1", "COLUMNS": "50", "LANG": "th_TH.UTF-8"},
    {"NO_COLOR": "1", "COLUMNS": "120", "LANG": "fr_FR.UTF-8"},
]


def _ids(argv: list[str]) -> str:
    return " ".join(argv) or "(nothing)"


def _argparse(argv: list[str]) -> tuple[str, dict[str, object]]:
    if argv[0] in commands.COMMANDS:
        return argv[0], vars(commands.build_subparser(argv[0]).parse_args(argv[1:]))
    return "lookup", vars(commands.build_parser().parse_args(argv))


@pytest.mark.parametrize("argv", FAST, ids=_ids)
def test_reads_what_argparse_reads(argv: list[str]) -> None:
    parsed = quick.parse(argv, main._SUBCOMMANDS)
    assert parsed is not None, "a form of the table"
    command, args = parsed
    assert (command, vars(args)) == _argparse(argv)


@pytest.mark.parametrize("argv", SLOW, ids=_ids)
def test_leaves_the_rest_to_argparse(argv: list[str]) -> None:
    assert quick.parse(argv, main._SUBCOMMANDS) is None


@pytest.mark.parametrize("env", ENVIRONMENTS, ids=lambda e: e.get("LANG", "C"))
@pytest.mark.parametrize("argv", FAST, ids=_ids)
def test_prints_what_argparse_prints(
    argv: list[str],
    env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    fast = main.main(list(argv))
    fast_out, fast_err = capsys.readouterr()
    full = commands.run(list(argv))
    full_out, full_err = capsys.readouterr()
    assert (fast, fast_out, fast_err) == (full, full_out, full_err)
    assert fast_out or fast_err


def test_options_are_the_parsers() -> None:
    """Each option of the table is every parser's, with the same destination and kind (the
    values it leaves at their defaults are checked above, against whole parses)."""
    for command in quick.FORMS:
        parser = (
            commands.build_parser() if command == "lookup" else commands.build_subparser(command)
        )
        actions = {s: a for a in parser._actions for s in a.option_strings}
        for option, (dest, takes_value) in quick.OPTIONS.items():
            action = actions[option]
            assert (action.dest, action.nargs != 0) == (dest, takes_value), (command, option)


@pytest.mark.parametrize(
    "argv",
    [["404", "--lang", "th"], ["list"], ["4xx", "--lang", "fr"], ["compare", "401", "403"]],
    ids=_ids,
)
def test_no_argparse_on_the_way(argv: list[str]) -> None:
    code = (
        "import sys\n"
        "from statusdex.cli.main import main\n"
        f"rc = main({argv!r})\n"
        "assert 'argparse' not in sys.modules, 'argparse imported'\n"
        "sys.exit(rc)\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout
