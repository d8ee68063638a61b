"""Cold ``statusdex search`` as CPU time, against the bare interpreter in the same run.

    .venv/bin/python bench/search_cold.py [--runs 30]

Wall-clock ratios swing wildly on a shared, loaded machine; the CPU time a process spends
(user + system, from ``getrusage`` of the children) is steadier, so this prints the median CPU
time of each command and its ratio to ``python -c pass``, runs alternating. Target for a
search: ≤ 2× the bare interpreter. Record the figures in docs/benchmarks.md. Not a test.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent
COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "statusdex 404": [str(BIN / "statusdex"), "404"],
    'statusdex search "rate limit"': [str(BIN / "statusdex"), "search", "rate limit"],
    "statusdex search ไม่พบหน้า": [str(BIN / "statusdex"), "search", "ไม่พบหน้า"],
    "statusdex search 4": [str(BIN / "statusdex"), "search", "4"],
    "statusdex too many requests": [str(BIN / "statusdex"), "too", "many", "requests"],
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    # an installed package has .pyc files: measure that state
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update({"NO_COLOR": "1", "LANG": "C.UTF-8"})
    for cmd in COMMANDS.values():
        subprocess.run(cmd, stdout=subprocess.DEVNULL, env=env, check=False)
    cpu: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(args.runs):
        for name, cmd in COMMANDS.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(cmd, stdout=subprocess.DEVNULL, env=env, check=False)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            cpu[name].append(used)
    base = statistics.median(cpu["python -c pass"])
    print(f"CPU time, median of {args.runs} alternating runs; ratio to python -c pass")
    for name, times in cpu.items():
        med = statistics.median(times)
        print(f"  {name:32} {med * 1000:6.1f} ms  {med / base:.2f}x")


if __name__ == "__main__":
    main()
