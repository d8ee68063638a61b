"""Paging a long card the way git does: only when standard output is a terminal and the text
is taller than it; ``STATUSDEX_PAGER``, then ``PAGER``, else ``less -FRX`` (quit if one
screen, keep colours, leave the text on screen). An empty value or ``cat`` means no pager."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys

DEFAULT = "less -FRX"


def command() -> list[str] | None:
    """The pager to run, or ``None`` for none."""
    for name in ("STATUSDEX_PAGER", "PAGER"):
        value = os.environ.get(name)
        if value is not None:
            break
    else:
        value = DEFAULT
    try:
        argv = shlex.split(value)
    except ValueError:
        return None
    if not argv or argv == ["cat"]:
        return None
    return argv


def terminal_rows() -> int:
    env = os.environ.get("LINES", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    try:
        return os.get_terminal_size(sys.stdout.fileno()).lines
    except (OSError, ValueError):
        return 24


def page(lines: list[str]) -> bool:
    """Show ``lines`` in the pager; ``False`` when no pager applies (the caller prints)."""
    try:
        tty = sys.stdout.isatty()
    except (AttributeError, ValueError):
        tty = False
    if not tty or len(lines) < terminal_rows():
        return False
    argv = command()
    if argv is None:
        return False
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")  # as git does, when the user has not chosen
    env.setdefault("LV", "-c")
    sys.stdout.flush()
    try:
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False
    assert proc.stdin is not None
    try:
        proc.stdin.write(("\n".join(lines) + "\n").encode("utf-8"))
        proc.stdin.close()
    except BrokenPipeError:  # the reader quit early (q in less)
        pass
    proc.wait()
    return True
