"""The real `statusdex` command, run in a subprocess as a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXE = Path(sys.executable).parent / "statusdex"


def run(
    *args: str, env: dict[str, str] | None = None, **kw: object
) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in ("LANG", "LC_ALL", "STATUSDEX_LANG", "COLUMNS")
    }
    base.update({"NO_COLOR": "1", "LANG": "C.UTF-8"})
    base.update(env or {})
    return subprocess.run(
        [str(EXE), *args], capture_output=True, text=True, env=base, timeout=60, check=False, **kw
    )  # type: ignore[call-overload, no-any-return]


CARDS = [
    (["404"], "404 Not Found"),
    (["403.14"], "403.14 Directory listing denied"),
    (["๔๐๔"], "404 Not Found"),
    (["payload too large"], "413 Content Too Large"),
    (["499"], "499 Client Closed Request"),
    (["499", "--vendor", "esri"], "499 Token Required"),
    (["4xx"], "4xx Client Error"),
    (["999"], "999 Request denied"),
    (["999"], "non-standard, outside HTTP's 100–599 range · LinkedIn"),
    (["linkedin", "999"], "999 Request denied"),
    (["999", "--vendor", "linkedin"], "999 Request denied"),
    (["999", "--lang", "fr"], "non standard, hors de la plage 100–599 de HTTP"),
    (["client"], "4xx Client Error"),
    (["search", "rate limit"], "429"),
    (["compare", "401", "403"], "401 Unauthorized"),
    (["list", "--vendor", "cloudflare"], "cloudflare/522"),
    (["list", "--family", "5xx"], "504"),
    (["list", "--state", "reserved"], "418"),
]


@pytest.mark.parametrize(
    ("args", "expected"), CARDS, ids=lambda v: " ".join(v) if isinstance(v, list) else v
)
def test_command_prints(args: list[str], expected: str) -> None:
    r = run(*args)
    assert r.returncode == 0, r.stderr
    assert expected in r.stdout
    assert "\x1b[" not in r.stdout, "no colour when piped"
    assert r.stderr == ""


def test_several_codes_and_every_meaning() -> None:
    r = run("401", "403")
    assert "401 Unauthorized" in r.stdout
    assert "403 Forbidden" in r.stdout
    r = run("530")
    assert "pantheon/530" in r.stdout
    assert "shopify/530" in r.stdout


ERRORS = [
    (["299"], 1, "not assigned"),
    (["998"], 1, "100 to 599"),
    (["not fund"], 1, "did you mean 404 Not Found"),
    (["404", "--vendor", "ngnix"], 1, "did you mean 'nginx'"),
    (["404", "--lang", "de"], 2, "statusdex speaks en, th, fr"),
    (["--frobnicate"], 2, "unrecognized arguments"),
    (["compare", "401"], 2, "the following arguments are required"),
    (["search", "zzzzqqqq"], 1, "nothing matches"),
    (["list", "--family", "9xx"], 1, "no family matches"),
]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    ERRORS,
    ids=lambda v: " ".join(v) if isinstance(v, list) else str(v),
)
def test_bad_input_is_one_line_and_an_exit_code(args: list[str], code: int, message: str) -> None:
    r = run(*args)
    assert r.returncode == code
    assert message in r.stderr
    assert "Traceback" not in r.stderr
    assert len([line for line in r.stderr.splitlines() if line.strip()]) <= 2


def test_partial_failure_prints_what_was_found_and_exits_1() -> None:
    r = run("404", "299")
    assert r.returncode == 1
    assert "404 Not Found" in r.stdout
    assert "299" in r.stderr


JSON_CASES = [
    (["404", "--json"], dict, "404"),
    (["403.14", "--json"], dict, "403.14"),
    (["401", "403", "--json"], list, "401"),
    (["search", "teapot", "--json"], list, "418"),
    (["list", "--json"], list, "100"),
]


@pytest.mark.parametrize(
    ("args", "kind", "first"),
    JSON_CASES,
    ids=lambda v: " ".join(v) if isinstance(v, list) else str(v),
)
def test_json_output(args: list[str], kind: type, first: str) -> None:
    r = run(*args)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert isinstance(data, kind)
    item = data if isinstance(data, dict) else data[0]
    assert item["id"] == first
    assert "code" in item
    assert "phrase" in item


def test_json_lookup_is_the_library_export() -> None:
    import statusdex

    data = json.loads(run("404", "--json", "--lang", "fr").stdout)
    expected = statusdex.lookup(404).to_dict("fr")
    assert {k: v for k, v in data.items() if k != "meanings"} == expected


def test_languages() -> None:
    th = run("404", "--lang", "th").stdout
    fr = run("404", env={"LANG": "fr_FR.UTF-8"}).stdout
    assert "ความหมาย" in th
    assert "Ce que cela signifie" in fr


def test_colour_can_be_forced_and_no_color_wins_by_default() -> None:
    assert "\x1b[" in run("404", "--color").stdout
    assert "\x1b[" not in run("404").stdout


def test_wraps_to_columns() -> None:
    out = run("404", env={"COLUMNS": "60"}).stdout
    from statusdex.cli.width import width

    assert max(width(line) for line in out.splitlines() if not line.startswith("      ")) <= 60


def test_closed_pipe_is_quiet() -> None:
    r = subprocess.run(
        f"'{EXE}' list --all | head -1",
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert r.stdout.count("\n") == 1
    assert r.stderr == ""


def test_help_version_and_completion() -> None:
    assert "statusdex search" in run("--help").stdout
    assert run("--version").stdout.startswith("statusdex ")
    for shell, marker in (
        ("bash", "complete -F"),
        ("zsh", "#compdef"),
        ("fish", "complete -c statusdex"),
    ):
        r = run("completion", shell)
        assert r.returncode == 0
        assert marker in r.stdout
        assert "404" in r.stdout
    r = subprocess.run(
        ["bash", "-c", f'eval "$({EXE} completion bash)"; complete -p statusdex'],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "_statusdex" in r.stdout


def test_the_fast_path_knows_every_command() -> None:
    """``cli.main`` sends words that are not a command to search; it must know them all."""
    from statusdex.cli import commands, main

    assert {*commands.COMMANDS, *commands.SERVICES, "help"} == main._SUBCOMMANDS
