"""State that every worker process of one server shares: seeded sequences, rate-limit counts
and the number of waiting requests.

``statusdex serve`` and ``statusdex mock`` run several worker processes (one per core by
default). A seeded sequence (``/status/200,500?seed=ci``) must walk forward the same way
whichever worker answers, and the caps (``rate_limit``, ``max_sleepers``) are promises about
the server as a whole. So these counters live in one small file that the starting process
creates (its path in ``STATUSDEX_SHARED_STATE``) and every worker maps into memory; each
update holds an ``flock`` on it for a few microseconds. Without that variable (the app built
in-process, the pytest plugin) the same tables live in anonymous memory of the one process.

Layout (little-endian, fixed size, zero-filled means empty):

- header: magic, LRU clock;
- ``SLEEPER_SLOTS`` slots ``(pid, waiting)``: each process counts its own waiting requests,
  the cap compares the sum; slots of processes that died are reclaimed;
- ``max_seeds`` slots ``(key digest, next index, last use)`` for seeded sequences;
- ``RATE_SLOTS`` slots ``(key digest, window, count)`` for the rate limit.

Both keyed tables are hash tables probed over ``PROBE`` neighbouring slots. When all of a
key's neighbours are taken, the least recently used seed (or the smallest count of the rate
table) among them is forgotten: the memory is bounded, and forgetting is per neighbourhood.
"""

from __future__ import annotations

import fcntl
import mmap
import os
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from statusdex.sharedfile import EMPTY as _EMPTY
from statusdex.sharedfile import PROBE
from statusdex.sharedfile import digest as _digest

ENV_VAR = "STATUSDEX_SHARED_STATE"
MAGIC = b"sdxstat1"
SLEEPER_SLOTS = 256
RATE_SLOTS = 16_384
_HEADER = 16  # magic (8) + LRU clock (8)
_PAIR = struct.Struct("<qq")
_KEYED = struct.Struct("<16sqq")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class SharedState:
    """The tables, on a file shared by processes (``path``) or in this process's memory."""

    def __init__(self, max_seeds: int, path: str | None = None) -> None:
        self.seed_slots = max(1, max_seeds)
        self._seeds_at = _HEADER + SLEEPER_SLOTS * _PAIR.size
        self._rate_at = self._seeds_at + self.seed_slots * _KEYED.size
        self.size = self._rate_at + RATE_SLOTS * _KEYED.size
        self.path = path
        self._thread_lock = threading.Lock()
        self._fd: int | None = None
        self._pid = os.getpid()
        self._my_slot: int | None = None
        if path is None:
            self._map = mmap.mmap(-1, self.size)
            self._map[:8] = MAGIC
            return
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        with self._locked_file():
            if os.fstat(self._fd).st_size < self.size:
                os.ftruncate(self._fd, self.size)
            self._map = mmap.mmap(self._fd, self.size)
            if self._map[:8] != MAGIC:
                self._map[:8] = MAGIC

    @classmethod
    def from_env(cls, max_seeds: int, environ: dict[str, str] | None = None) -> SharedState:
        """Shared through the file named in ``STATUSDEX_SHARED_STATE``, if set."""
        env = os.environ if environ is None else environ
        return cls(max_seeds, env.get(ENV_VAR) or None)

    @contextmanager
    def _locked_file(self) -> Iterator[None]:
        assert self._fd is not None
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        with self._thread_lock:
            if self._fd is None:
                yield
            else:
                with self._locked_file():
                    yield

    # --- seeded sequences --------------------------------------------------------------------

    def next_index(self, seed: str, spec: str) -> int:
        """The index of the next draw of sequence (``seed``, ``spec``), counting from 0."""
        key = _digest("seed", seed, spec)
        m = self._map
        with self._locked():
            (tick,) = struct.unpack_from("<q", m, 8)
            tick += 1
            struct.pack_into("<q", m, 8, tick)
            slot = self._find(key, self._seeds_at, self.seed_slots, lru=True)
            stored, index, _ = _KEYED.unpack_from(m, slot)
            if stored != key:
                index = 0
            _KEYED.pack_into(m, slot, key, index + 1, tick)
        return int(index)

    def reset(self) -> None:
        with self._locked():
            start, end = self._seeds_at, self._rate_at
            self._map[start:end] = bytes(end - start)

    # --- rate limit ----------------------------------------------------------------------------

    def count_request(self, client: str, window: int) -> int:
        """Count one request of ``client`` in ``window``; the count so far, this one included."""
        key = _digest("rate", client)
        m = self._map
        with self._locked():
            slot = self._find(key, self._rate_at, RATE_SLOTS, lru=False, window=window)
            stored, seen_window, count = _KEYED.unpack_from(m, slot)
            if stored != key or seen_window != window:
                count = 0
            count += 1
            _KEYED.pack_into(m, slot, key, window, count)
        return int(count)

    def _find(self, key: bytes, base: int, slots: int, *, lru: bool, window: int = 0) -> int:
        """The byte offset of ``key``'s slot: its own, else a free one, else the one to evict."""
        m = self._map
        start = int.from_bytes(key[:8], "little") % slots
        victim = -1
        victim_rank = 0
        for step in range(min(PROBE, slots)):
            offset = base + ((start + step) % slots) * _KEYED.size
            stored, second, third = _KEYED.unpack_from(m, offset)
            if stored == key:
                return offset
            if stored == _EMPTY:
                return offset
            # Seeds: evict the least recently used. Rates: a slot of an old window is free;
            # otherwise evict the smallest count.
            if not lru and second != window:
                return offset
            rank = third
            if victim < 0 or rank < victim_rank:
                victim, victim_rank = offset, rank
        return victim

    # --- requests waiting ----------------------------------------------------------------------

    def enter_sleeper(self, cap: int) -> bool:
        """Count one more waiting request if fewer than ``cap`` wait server-wide."""
        m = self._map
        with self._locked():
            slot = self._sleeper_slot()
            total = self._sleepers_total()
            if total >= cap:
                self._reclaim_dead()
                total = self._sleepers_total()
                if total >= cap:
                    return False
            pid, waiting = _PAIR.unpack_from(m, slot)
            _PAIR.pack_into(m, slot, pid, waiting + 1)
        return True

    def leave_sleeper(self) -> None:
        m = self._map
        with self._locked():
            slot = self._sleeper_slot()
            pid, waiting = _PAIR.unpack_from(m, slot)
            _PAIR.pack_into(m, slot, pid, max(0, waiting - 1))

    def sleepers(self) -> int:
        """Requests waiting now, in every process."""
        with self._locked():
            return self._sleepers_total()

    def _sleepers_total(self) -> int:
        return sum(
            _PAIR.unpack_from(self._map, _HEADER + i * _PAIR.size)[1] for i in range(SLEEPER_SLOTS)
        )

    def _sleeper_slot(self) -> int:
        """This process's slot (claimed on first use; a forked child claims its own)."""
        pid = os.getpid()
        if self._my_slot is not None and self._pid == pid:
            return self._my_slot
        self._pid = pid
        self._reclaim_dead()
        m = self._map
        for i in range(SLEEPER_SLOTS):
            offset = _HEADER + i * _PAIR.size
            owner, _ = _PAIR.unpack_from(m, offset)
            if owner == pid:  # another handle of this process claimed it already
                self._my_slot = offset
                return offset
        for i in range(SLEEPER_SLOTS):
            offset = _HEADER + i * _PAIR.size
            owner, _ = _PAIR.unpack_from(m, offset)
            if owner == 0:
                _PAIR.pack_into(m, offset, pid, 0)
                self._my_slot = offset
                return offset
        raise RuntimeError(f"more than {SLEEPER_SLOTS} processes share {self.path}")

    def _reclaim_dead(self) -> None:
        m = self._map
        for i in range(SLEEPER_SLOTS):
            offset = _HEADER + i * _PAIR.size
            owner, _ = _PAIR.unpack_from(m, offset)
            if owner and owner != os.getpid() and not _alive(owner):
                _PAIR.pack_into(m, offset, 0, 0)
