"""Registry and library speed, as ratios measured side by side in one run.

    .venv/bin/python bench/registry.py [--runs 40]

1. Cold start: a fresh process that imports statusdex and looks up 404, against the bare
   interpreter (``python -c pass``); target ≤ 1.5×. Also the installed ``statusdex 404``
   console script printing its card, and ``http.HTTPStatus(404)`` for reference.
2. In process: ``lookup(404)`` against ``http.HTTPStatus(404)``; target ≤ 2×.
3. ``search("too many requests")`` median, warm index; target ≤ 1 ms.

Runs alternate between the commands so that machine noise hits them alike. Not a test:
record the printed figures in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import timeit
from pathlib import Path

PY = sys.executable
BIN = Path(PY).parent


def cold(commands: dict[str, list[str]], runs: int) -> dict[str, float]:
    # An installed package has .pyc caches (pip writes them); measure that state, even on a
    # machine that sets PYTHONDONTWRITEBYTECODE.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update({"NO_COLOR": "1", "LANG": "C.UTF-8"})
    times: dict[str, list[float]] = {name: [] for name in commands}
    for cmd in commands.values():  # warm the page cache and .pyc files
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True, env=env)
    for _ in range(runs):
        for name, cmd in commands.items():
            start = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True, env=env)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) * 1000 for name, t in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()

    print(
        f"python {sys.version.split()[0]} at {PY}; {os.cpu_count()} cores; {args.runs} runs each\n"
    )
    commands = {
        "python -c pass": [PY, "-c", "pass"],
        "import statusdex; lookup(404)": [PY, "-c", "import statusdex; statusdex.lookup(404)"],
        "statusdex 404 (console script)": [str(BIN / "statusdex"), "404"],
        "http.HTTPStatus(404)": [PY, "-c", "import http; http.HTTPStatus(404)"],
    }
    ms = cold(commands, args.runs)
    base = ms["python -c pass"]
    print("cold start (median ms, ratio to python -c pass)")
    for name, value in ms.items():
        print(f"  {name:34} {value:7.2f} ms  {value / base:5.2f}x")

    import http

    import statusdex

    statusdex.lookup(404)
    n = 200_000
    ours = min(timeit.repeat(lambda: statusdex.lookup(404), number=n, repeat=5)) / n * 1e9
    stdlib = min(timeit.repeat(lambda: http.HTTPStatus(404), number=n, repeat=5)) / n * 1e9
    print("\nin process (best of 5, ns per call)")
    print(f"  lookup(404)            {ours:8.1f} ns")
    print(f"  http.HTTPStatus(404)   {stdlib:8.1f} ns")
    print(f"  ratio                  {ours / stdlib:8.2f}x   (target <= 2x)")

    statusdex.search("warm up")
    for query in ("too many requests", "rate limit", "unauthorised", "ไม่พบ", "trop de requêtes"):
        samples = []
        for _ in range(300):
            start = time.perf_counter()
            statusdex.search(query)
            samples.append(time.perf_counter() - start)
        print(
            f"\nsearch({query!r}): median {statistics.median(samples) * 1000:.3f} ms"
            f", p95 {sorted(samples)[int(len(samples) * 0.95)] * 1000:.3f} ms"
        )


if __name__ == "__main__":
    main()
