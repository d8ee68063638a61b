"""The command in a real terminal (tmux, 80 columns): colour on, Thai measured correctly."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

# A tmux server of this test process alone: sessions of other runs on the machine never meet it.
TMUX = ["tmux", "-L", f"statusdex-test-{os.getpid()}", "-f", "/dev/null"]

EXE = Path(sys.executable).parent / "statusdex"


def screen(command: str, cols: int = 80, rows: int = 200) -> tuple[str, str]:
    """Run ``command`` in a fresh tmux session; return (rows as shown, lines joined)."""
    name = f"statusdex-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    subprocess.run(
        [
            *TMUX,
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            str(cols),
            "-y",
            str(rows),
            f"{command}; echo __done__; sleep 30",
        ],
        check=True,
        env=env,
    )
    try:
        shown = ""
        for _ in range(100):
            shown = subprocess.run(
                [*TMUX, "capture-pane", "-p", "-t", name, "-S", "-", "-E", "-"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            if "__done__" in shown:
                break
            time.sleep(0.1)
        joined = subprocess.run(
            [*TMUX, "capture-pane", "-p", "-J", "-t", name, "-S", "-", "-E", "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return shown, joined
    finally:
        subprocess.run([*TMUX, "kill-session", "-t", name], check=False)


def test_thai_card_fits_80_columns_in_a_real_terminal() -> None:
    shown, joined = screen(f"'{EXE}' 404 --lang th")
    assert "__done__" in shown
    assert "ความหมาย" in shown, shown[:500]
    assert "404 Not Found" in shown
    # Had any line been wider than 80 columns, tmux would have wrapped it onto two rows.
    assert shown.count("\n") == joined.count("\n"), "a line overflowed the terminal"


def test_colour_on_a_terminal() -> None:
    name = f"statusdex-{uuid.uuid4().hex[:8]}"
    subprocess.run(
        [*TMUX, "new-session", "-d", "-s", name, "-x", "80", "-y", "50", f"'{EXE}' 404; sleep 30"],
        check=True,
        env={k: v for k, v in os.environ.items() if k != "NO_COLOR"} | {"TERM": "xterm-256color"},
    )
    try:
        out = ""
        for _ in range(100):
            out = subprocess.run(
                [*TMUX, "capture-pane", "-p", "-e", "-t", name],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            if "Not Found" in out:
                break
            time.sleep(0.1)
        assert "\x1b[" in out, "escape sequences expected on a terminal"
    finally:
        subprocess.run([*TMUX, "kill-session", "-t", name], check=False)
