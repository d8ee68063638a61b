"""Long work in a server thread that leaves room for the others.

A thread running Python code holds the GIL until the interpreter takes it away (every 5 ms),
and a thread waiting on the database gets it back only then: an answer makes a dozen such
round trips, so one busy import thread would add tens of milliseconds to every answer of the
process. ``Pacer`` makes the long work step aside on its own, often and briefly.
"""

from __future__ import annotations

import time


class Pacer:
    """Call it once per item of a long loop: after ``work`` seconds of running it sleeps
    ``rest`` seconds (releasing the GIL), so other threads wait at most about ``work``."""

    def __init__(self, work: float = 0.002, rest: float = 0.001) -> None:
        self.work = work
        self.rest = rest
        self._since = time.perf_counter()

    def __call__(self) -> None:
        now = time.perf_counter()
        if now - self._since >= self.work:
            time.sleep(self.rest)
            self._since = time.perf_counter()


def no_pause() -> None:
    """A pacer that never pauses (the terminal has nobody else to serve)."""
