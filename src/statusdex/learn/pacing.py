"""Long work in a server thread that leaves room for the others.

A thread running Python code holds the GIL until the interpreter takes it away (every 5 ms),
and a thread waiting on the database gets it back only then: an answer makes a dozen such
round trips, so one busy import thread would add tens of milliseconds to every answer of the
process. ``Pacer`` makes the long work step aside on its own, often and briefly.

A large import also keeps millions of objects alive, and each full pass of the garbage
collector over them holds the GIL for up to seconds on a busy machine: every other request
of the process stops meanwhile. ``gc_paused`` turns the collector off for the length of such
work (reference counting still frees almost everything; the objects of the work itself are
freed when it returns, before the collector is back).
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class Pacer:
    """Call it once per item of a long loop: after ``work`` seconds of running it sleeps
    ``rest`` seconds (releasing the GIL), so other threads wait at most about ``work``.
    The defaults give the work a third of the time (figures in docs/benchmarks-learn.md)."""

    def __init__(self, work: float = 0.001, rest: float = 0.002) -> None:
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


_gc_lock = threading.Lock()
_gc_users = 0
_gc_was_enabled = True


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection in this process while any thread is inside."""
    global _gc_users, _gc_was_enabled
    with _gc_lock:
        if _gc_users == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_users += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_users -= 1
            if _gc_users == 0 and _gc_was_enabled:
                gc.enable()
