"""An optional per-client rate limit: a fixed window of ``limit`` requests per address.

Memory stays bounded: the table is emptied whenever a new window starts. The count is per
process, so with N workers a client can get up to N × limit requests per window.
"""

from __future__ import annotations

import math
import time


class RateLimiter:
    def __init__(self, limit: int, window_s: float) -> None:
        self.limit = limit
        self.window_s = window_s
        self._window = -1
        self._counts: dict[str, int] = {}

    def check(self, client: str, now: float | None = None) -> int:
        """0 if ``client`` may go on, else the whole seconds until its window ends."""
        t = time.monotonic() if now is None else now
        window = int(t // self.window_s)
        if window != self._window:
            self._window = window
            self._counts.clear()
        n = self._counts.get(client, 0) + 1
        self._counts[client] = n
        if n <= self.limit:
            return 0
        return max(1, math.ceil((window + 1) * self.window_s - t))
