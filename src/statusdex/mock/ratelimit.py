"""An optional per-client rate limit: a fixed window of ``limit`` requests per address.

The counts live in a ``SharedState`` (``statusdex.mock.shared``), so with several worker
processes the limit holds for the server as a whole. Memory stays bounded: the table has a
fixed number of slots, and a slot of an older window is free again.
"""

from __future__ import annotations

import math
import time

from statusdex.mock.shared import SharedState


class RateLimiter:
    def __init__(self, limit: int, window_s: float, shared: SharedState | None = None) -> None:
        self.limit = limit
        self.window_s = window_s
        self._shared = shared if shared is not None else SharedState(1)

    def check(self, client: str, now: float | None = None) -> int:
        """0 if ``client`` may go on, else the whole seconds until its window ends.

        ``time.monotonic`` is one clock for every process of the machine (Linux's
        CLOCK_MONOTONIC), so the workers agree on the window."""
        t = time.monotonic() if now is None else now
        window = int(t // self.window_s)
        n = self._shared.count_request(client, window)
        if n <= self.limit:
            return 0
        return max(1, math.ceil((window + 1) * self.window_s - t))
