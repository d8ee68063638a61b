"""Small tables in a file that the worker processes of one server map into memory, so that a
limit holds for the server as a whole whichever worker answers.

``digest`` keys the tables and ``PROBE`` bounds their probing (``statusdex.mock.shared`` uses
both for the mock's sequences and counts); ``SharedEventLog`` keeps the last event times of
each key, for the learning face's sign-in limits (``statusdex.web.learn.accounts``). Standard
library only: every face may use it, and it imports no face.
"""

from __future__ import annotations

import fcntl
import hashlib
import mmap
import os
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager

PROBE = 8  # neighbouring slots a key may take in a hash table
EMPTY = bytes(16)  # the digest of a free slot


def digest(*parts: str) -> bytes:
    """The 16-byte key of ``parts`` in a shared table."""
    data = "\x00".join(parts).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16).digest()


class SharedEventLog:
    """The last ``limit`` event times of each key, shared by the processes that open the same
    file: what a sliding-window limiter (``web.learn.accounts.RateLimiter``) needs to hold for the
    whole server. Fixed size (``slots`` keys); a full neighbourhood forgets its least recent
    key. Times are ``time.monotonic()`` values (one clock for every process of the machine)."""

    def __init__(self, path: str, limit: int, slots: int = 4096) -> None:
        self.limit = max(1, limit)
        self.slots = slots
        self._slot = struct.Struct(f"<16sd{self.limit}d")
        self.size = slots * self._slot.size
        self._thread_lock = threading.Lock()
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        try:
            if os.fstat(self._fd).st_size < self.size:
                os.ftruncate(self._fd, self.size)
            self._map = mmap.mmap(self._fd, self.size)
        finally:
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        with self._thread_lock:
            fcntl.flock(self._fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(self._fd, fcntl.LOCK_UN)

    def _find(self, key: bytes) -> tuple[int, bool]:
        """(offset, whether it holds ``key``): the key's slot, a free one, or the least recent."""
        start = int.from_bytes(key[:8], "little") % self.slots
        victim, victim_last = -1, 0.0
        for step in range(min(PROBE, self.slots)):
            offset = ((start + step) % self.slots) * self._slot.size
            stored, last = struct.unpack_from("<16sd", self._map, offset)
            if stored == key:
                return offset, True
            if stored == EMPTY:
                return offset, False
            if victim < 0 or last < victim_last:
                victim, victim_last = offset, last
        return victim, False

    def events(self, key: str, since: float) -> list[float]:
        """The times of ``key``'s events after ``since``, oldest first."""
        key_digest = digest("events", key)
        with self._locked():
            offset, found = self._find(key_digest)
            if not found:
                return []
            times = self._slot.unpack_from(self._map, offset)[2:]
        return sorted(t for t in times if t > since)

    def add(self, key: str, when: float) -> None:
        """Record an event of ``key`` at ``when`` (the oldest of its ``limit`` is dropped)."""
        key_digest = digest("events", key)
        with self._locked():
            offset, found = self._find(key_digest)
            times = list(self._slot.unpack_from(self._map, offset)[2:]) if found else []
            times = sorted([*times, when])[-self.limit :]
            times = [0.0] * (self.limit - len(times)) + times
            self._slot.pack_into(self._map, offset, key_digest, when, *times)

    def clear(self, key: str) -> None:
        key_digest = digest("events", key)
        with self._locked():
            offset, found = self._find(key_digest)
            if found:
                self._slot.pack_into(self._map, offset, EMPTY, 0.0, *([0.0] * self.limit))
