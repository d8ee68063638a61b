"""Random and weighted codes: ``/random/200,201,500-504`` and ``/status/200:0.8,503:0.2``.

With ``seed`` the draws form a fixed sequence: the n-th request with a given seed and list
gets the n-th draw, in every run and whichever worker process answers (the counters are
shared, see ``statusdex.mock.shared``). ``attempt`` picks a draw by its index directly.
"""

from __future__ import annotations

import bisect
import itertools
import math
import random
import re
from dataclasses import dataclass

from statusdex.mock.params import MockInputError, status_code
from statusdex.mock.shared import SharedState

# A weight is written in ASCII digits: 0.8, 2, .5, 1e3 (no nan, inf, 1_000 or other scripts).
_WEIGHT = re.compile(r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


@dataclass(frozen=True)
class Choices:
    """Codes to draw from, with cumulative weights for ``bisect``."""

    codes: tuple[int, ...]
    cumulative: tuple[float, ...]

    def pick(self, u: float) -> int:
        """The code for a uniform draw ``u`` in [0, 1)."""
        if len(self.codes) == 1:
            return self.codes[0]
        target = u * self.cumulative[-1]
        i = bisect.bisect_right(self.cumulative, target)
        return self.codes[min(i, len(self.codes) - 1)]


def parse_choices(spec: str, *, cap: int, name: str = "codes") -> Choices:
    """``"200"``, ``"200,500"``, ``"500-504"``, ``"200:0.8,503:0.2"``.

    Weights need not add up to 1; a range's weight applies to each code in it."""
    codes: list[int] = []
    weights: list[float] = []
    items = spec.split(",")
    if not spec.strip():
        raise MockInputError(f"{name} is empty: give codes such as 200,503 or 500-504", name)
    for item in items:
        part, sep, raw_weight = item.partition(":")
        weight = 1.0
        if sep:
            if not _WEIGHT.fullmatch(raw_weight.strip()):
                raise MockInputError(f"weight {raw_weight!r} in {item!r} is not a number", name)
            weight = float(raw_weight)
            if not math.isfinite(weight):
                raise MockInputError(f"weight in {item!r} must be a finite number >= 0", name)
        low, dash, high = part.partition("-")
        first = status_code(low, name=name)
        last = status_code(high, name=name) if dash else first
        if last < first:
            raise MockInputError(f"range {part!r} runs backwards", name)
        if len(codes) + (last - first + 1) > cap:
            raise MockInputError(
                f"{name} expands to more than {cap} codes (the server's cap max_choices)", name
            )
        for code in range(first, last + 1):
            codes.append(code)
            weights.append(weight)
    largest = max(weights)
    if largest <= 0:
        raise MockInputError(f"the weights in {name} add up to 0: nothing can be chosen", name)
    # Relative to the largest weight, so the running sum stays finite (at most max_choices)
    # even when every weight is near the largest float.
    scaled = [w / largest for w in weights]
    return Choices(tuple(codes), tuple(itertools.accumulate(scaled)))


def draw(seed: str, index: int) -> float:
    """The ``index``-th draw of the sequence named ``seed``: the same in every run."""
    return random.Random(f"{seed}/{index}").random()


class SeededSequences:
    """Per-(seed, list) counters, so repeated requests walk through one fixed sequence.

    The counters live in a ``SharedState``: with several worker processes they are shared,
    so the n-th request of a sequence gets the n-th draw whichever worker answers it."""

    def __init__(self, limit: int, shared: SharedState | None = None) -> None:
        self._shared = shared if shared is not None else SharedState(limit)

    def next_index(self, seed: str, spec: str) -> int:
        return self._shared.next_index(seed, spec)

    def reset(self) -> None:
        self._shared.reset()
