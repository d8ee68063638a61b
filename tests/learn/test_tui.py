"""The full-screen review in a real terminal: tmux, 80 columns, keys sent as a person would."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from statusdex.learn.service import LOCAL_LEARNER, LearnService
from statusdex.learn.storage import Storage

EXE = Path(sys.executable).parent / "statusdex"


class Pane:
    """One tmux pane on a private tmux server (so no other session's environment leaks in)."""

    def __init__(self, command: str, cols: int = 80, rows: int = 24) -> None:
        self.socket = f"statusdex-learn-{uuid.uuid4().hex[:8]}"
        subprocess.run(
            [
                *self._tmux(),
                *("new-session", "-d", "-s", "main", "-x", str(cols), "-y", str(rows)),
                f"{command}; echo __exit=$?__; sleep 60",
            ],
            check=True,
        )

    def _tmux(self) -> list[str]:
        return ["tmux", "-L", self.socket, "-f", "/dev/null"]

    def screen(self) -> str:
        return subprocess.run(
            [*self._tmux(), "capture-pane", "-p", "-t", "main"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    def keys(self, *keys: str) -> None:
        subprocess.run([*self._tmux(), "send-keys", "-t", "main", *keys], check=True)

    def wait(self, ready: Callable[[str], bool], what: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        shown = ""
        while time.monotonic() < deadline:
            shown = self.screen()
            if ready(shown):
                return shown
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}; the screen was:\n{shown}")

    def close(self) -> None:
        subprocess.run([*self._tmux(), "kill-server"], check=False, capture_output=True)


@pytest.fixture
def database(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'learn.db'}"


@pytest.fixture
def pane(database: str) -> Iterator[Callable[[str], Pane]]:
    made: list[Pane] = []

    def start(args: str) -> Pane:
        env = f"env STATUSDEX_DATABASE_URL={shlex.quote(database)} TERM=xterm-256color LANG=C.UTF-8"
        p = Pane(f"{env} {shlex.quote(str(EXE))} learn {args}")
        made.append(p)
        return p

    yield start
    for p in made:
        p.close()


def test_review_with_space_and_3_in_80_columns(pane: Callable[[str], Pane], database: str) -> None:
    p = pane("--deck starter --lang en")
    # The first new card of the starter deck, asked for its name, with the counts above it.
    front = p.wait(lambda s: "New 10" in s and "Show answer" in s, "the first card")
    assert "What is this code called?" in front
    assert re.search(r"│\s+200\s+│", front), front  # the prompt: the code alone on its line
    assert "OK" not in front  # the answer is hidden until Space
    p.keys("Space")
    back = p.wait(lambda s: "Answer: 200 OK" in s, "the back of the card")
    assert "Answer: 200 OK" in back
    p.keys("3")
    # Rated Good: the status line names the card and when it comes back; the next card shows.
    after = p.wait(lambda s: "200 OK →" in s, "the rating's confirmation")
    assert "Answer: 200 OK" not in after  # a new front, its answer hidden again
    assert "New 9" in after  # 200 was the first new card of the day
    assert all(len(line) <= 80 for line in after.splitlines())
    p.keys("q")
    done = p.wait(lambda s: "__exit=" in s, "the review to end")
    assert "__exit=0__" in done, done
    assert "Traceback" not in done
    storage = Storage(database)
    try:
        svc = LearnService(storage)
        learner = int(storage.get_meta(LOCAL_LEARNER) or 0)
        reviews = [r.entry for r in storage.log(learner)]
        assert [(e.card, e.rating, e.mode) for e in reviews] == [("200:code-name", 3, "flip")]
        assert svc.card_reps(learner, "200:code-name") == 1
    finally:
        storage.close()


def test_undo_in_the_full_screen_review(pane: Callable[[str], Pane], database: str) -> None:
    p = pane("--deck starter --lang en")
    p.wait(lambda s: "Show answer" in s, "the first card")
    p.keys("Space")
    p.wait(lambda s: "Answer: 200 OK" in s, "the back of the card")
    p.keys("1")
    p.wait(lambda s: "200 OK →" in s, "the rating's confirmation")
    p.keys("u")
    p.wait(lambda s: "New 10" in s, "the card back as new after undo")
    p.keys("q")
    assert "__exit=0__" in p.wait(lambda s: "__exit=" in s, "the review to end")
    storage = Storage(database)
    try:
        learner = int(storage.get_meta(LOCAL_LEARNER) or 0)
        assert storage.log_count(learner) == 0
        assert storage.card_states(learner) == {}
    finally:
        storage.close()


@pytest.mark.parametrize(
    ("lang", "show", "good", "quit_", "soon"),
    [
        ("en", "Show answer", "Good", "Quit", "in 1 min"),
        ("th", "ดูคำตอบ", "ดี", "ออก", "อีก 1 นาที"),
        ("fr", "Voir la réponse", "Correct", "Quitter", "dans 1 min"),
    ],
)
def test_footer_follows_the_card_in_the_learners_language(
    pane: Callable[[str], Pane], lang: str, show: str, good: str, quit_: str, soon: str
) -> None:
    p = pane(f"--deck starter --lang {lang}")
    front = p.wait(lambda s: show in _footer(s), "the front of the card")
    footer = _footer(front)
    assert show in footer, footer
    assert good not in footer  # nothing to rate before the answer shows
    assert quit_ in footer
    p.keys("Space")
    back = p.wait(lambda s: "4 " in _footer(s), "the rating keys in the footer")
    footer = _footer(back)
    assert show not in footer, "after flipping, Space does nothing: the footer says so"
    assert good in footer, footer
    p.keys("1")  # Again: back in a minute, said relatively
    after = p.wait(lambda s: "→" in s, "the rating's confirmation")
    assert soon in after, after
    assert "UTC" not in after


def _footer(screen: str) -> str:
    """The last line of the screen: Textual's footer of key bindings."""
    lines = screen.rstrip().splitlines()
    return lines[-1] if lines else ""
