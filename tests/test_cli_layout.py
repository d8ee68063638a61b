"""The terminal card as a hurried reader meets it: short by default, everything with
``--full`` (paged on a terminal), URLs whole, compare columns aligned, long titles wrapped."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import time
import uuid
from pathlib import Path

import pytest

import statusdex
from statusdex.cli.width import width
from tests.test_cli import EXE, run

# A tmux server of this test process alone: sessions of other runs on the machine never meet it.
TMUX = ["tmux", "-L", f"statusdex-test-{os.getpid()}", "-f", "/dev/null"]


@pytest.mark.parametrize(
    ("lang", "check_first", "sources"),
    [
        ("en", "Check first", "Sources"),
        ("th", "ตรวจสอบก่อน", "แหล่งอ้างอิง"),
        ("fr", "d'abord", "Sources"),
    ],
)
def test_short_card_by_default_full_card_on_request(
    lang: str, check_first: str, sources: str
) -> None:
    short = run("401", "--lang", lang).stdout
    full = run("401", "--full", "--lang", lang).stdout
    assert check_first in short
    assert "WWW-Authenticate" in short, "401 requires WWW-Authenticate: the short card says so"
    assert "statusdex 401 --full" in short
    assert sources not in short.splitlines()
    assert sources in full.splitlines()
    assert len(short.splitlines()) <= 24 < len(full.splitlines())


def test_short_card_fits_one_screen_for_every_iana_code() -> None:
    keys = [s.key for s in statusdex.all_statuses(kind="iana")]
    out = run(*keys, env={"COLUMNS": "80"}).stdout
    # Cards are separated by one blank line; count them by their titles.
    titles = [i for i, line in enumerate(out.splitlines()) if re.match(r"^\d{3} ", line)]
    assert len(titles) == len(keys)
    ends = [*titles[1:], len(out.splitlines())]
    tallest = max(e - b for b, e in zip(titles, ends, strict=True))
    assert tallest <= 24, f"a short card takes {tallest} lines"


def test_urls_are_never_broken() -> None:
    for key in ("404", "502.3", "nginx/499", "cloudflare/522"):
        out = run(key, "--full", env={"COLUMNS": "40"}).stdout
        entry = statusdex.lookup(
            key.split("/")[-1], vendor=key.split("/")[0] if "/" in key else None
        )
        lines = [line.strip() for line in out.splitlines()]
        for src in entry.sources:
            assert src.url in lines, f"{src.url} is not whole on a line of its own"
        assert ">" not in lines


def test_long_titles_wrap() -> None:
    out = run("502.3", "--full", env={"COLUMNS": "80"}).stdout
    prose = [
        line
        for line in out.splitlines()
        if not line.startswith("      ") and not line.strip().startswith("https://")
    ]
    assert max(width(line) for line in prose) <= 80  # a URL may overflow: it stays whole
    assert out.startswith("502.3 Bad Gateway")


@pytest.mark.parametrize(
    ("a", "b", "cols"), [("401", "403", "80"), ("502", "504", "80"), ("301", "308", "60")]
)
def test_compare_columns_stay_aligned(a: str, b: str, cols: str) -> None:
    out = run("compare", a, b, env={"COLUMNS": cols}).stdout
    bars = [width(line[: line.index("│")]) for line in out.splitlines() if "│" in line]
    assert len(bars) > 5
    assert len(set(bars)) == 1, f"the divider drifts: {sorted(set(bars))}"


# The pager, in a real terminal (tmux)


def _tmux(command: str, rows: int, name: str) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PAGER", "STATUSDEX_PAGER", "LESS")}
    env |= {"TERM": "xterm-256color", "NO_COLOR": "1"}
    subprocess.run(
        [*TMUX, "new-session", "-d", "-s", name, "-x", "80", "-y", str(rows), command],
        check=True,
        env=env,
    )


def _pane(name: str) -> str:
    return subprocess.run(
        [*TMUX, "capture-pane", "-p", "-t", name], capture_output=True, text=True, check=True
    ).stdout


def _wait(name: str, needle: str) -> str:
    shown = ""
    for _ in range(100):
        shown = _pane(name)
        if needle in shown:
            return shown
        time.sleep(0.1)
    return shown


def test_full_card_is_paged_with_less_on_a_short_terminal() -> None:
    name = f"statusdex-{uuid.uuid4().hex[:8]}"
    _tmux(f"'{EXE}' 404 --full; echo __done__; sleep 30", 20, name)
    try:
        shown = _wait(name, "404 Not Found")
        assert "404 Not Found" in shown
        time.sleep(0.5)
        assert "__done__" not in _pane(name), "less should hold the screen"
        subprocess.run([*TMUX, "send-keys", "-t", name, "q"], check=True)
        assert "__done__" in _wait(name, "__done__")
    finally:
        subprocess.run([*TMUX, "kill-session", "-t", name], check=False)


@pytest.mark.parametrize("variable", ["STATUSDEX_PAGER", "PAGER"])
def test_pager_variables_are_honoured_on_a_terminal_only(variable: str, tmp_path: Path) -> None:
    sink = tmp_path / "paged.txt"
    pager = f"sh -c 'cat > {sink}'"
    name = f"statusdex-{uuid.uuid4().hex[:8]}"
    cmd = f"{variable}={shlex.quote(pager)} '{EXE}' 404 --full; echo __done__; sleep 30"
    _tmux(cmd, 20, name)
    try:
        assert "__done__" in _wait(name, "__done__")
    finally:
        subprocess.run([*TMUX, "kill-session", "-t", name], check=False)
    assert "Sources" in sink.read_text("utf-8")
    # Piped, the same command prints and pages nothing.
    sink.unlink()
    r = run("404", "--full", env={variable: pager})
    assert "Sources" in r.stdout
    assert not sink.exists()


def test_short_card_is_never_paged(tmp_path: Path) -> None:
    sink = tmp_path / "paged.txt"
    name = f"statusdex-{uuid.uuid4().hex[:8]}"
    pager = f"sh -c 'cat > {sink}'"
    _tmux(f"STATUSDEX_PAGER={shlex.quote(pager)} '{EXE}' 404; echo __done__; sleep 30", 40, name)
    try:
        shown = _wait(name, "__done__")
    finally:
        subprocess.run([*TMUX, "kill-session", "-t", name], check=False)
    assert "Check first" in shown
    assert not sink.exists()
