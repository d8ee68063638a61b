"""Start-up as a user gets it from ``pip install``: pip's own console-script launcher, with
``PYTHONDONTWRITEBYTECODE=1`` set (as in many Docker images), against the bare interpreter of
the same virtual environment, measured in one run (issue 13).

    .venv/bin/python bench/startup_pip.py [--runs 30] [--keep DIR] [--bundled-pip]

Builds a wheel from this checkout (``uv build``: the registry is compiled by the build hook),
installs it with pip (the current release; ``--bundled-pip`` for the one this Python ships),
no extra, into a fresh virtual environment under /tmp (pip compiles bytecode at install). Then
runs each command cold, alternating with ``python -c pass``, and prints the median CPU time
(user + system of the child, steadier than wall time on a shared machine) and the median wall
time, each as a ratio to the bare interpreter.
Targets: ``statusdex 404`` ≤ 1.5×; every other command ≤ 2×. Record the figures in
docs/benchmarks-server.md. Not a test.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
UV = Path(sys.executable).with_name("uv")
COMMANDS: dict[str, list[str]] = {
    "statusdex 404": ["404"],
    "statusdex 404 --lang th": ["404", "--lang", "th"],
    'statusdex search "rate limit"': ["search", "rate limit"],
    "statusdex search ไม่พบหน้า": ["search", "ไม่พบหน้า"],
    "statusdex compare 401 403": ["compare", "401", "403"],
    "statusdex list": ["list"],
    "statusdex 4xx": ["4xx"],
}
TARGET = {"statusdex 404": 1.5}


def install(where: Path, bundled_pip: bool) -> Path:
    """A fresh venv with statusdex from a wheel of this checkout, installed by pip: the current
    pip release unless ``bundled_pip`` (the one ``ensurepip`` ships with this Python; pip before
    24.x writes a launcher that imports ``re`` first, about a third of a bare start)."""
    dist = where / "dist"
    subprocess.run(
        [str(UV), "build", "--wheel", "-q", "-o", str(dist), str(REPO)], check=True, cwd=REPO
    )
    wheel = next(dist.glob("statusdex-*.whl"))
    subprocess.run([sys.executable, "-m", "venv", str(where / "venv")], check=True)
    py = where / "venv" / "bin" / "python"
    if not bundled_pip:
        subprocess.run([str(py), "-m", "pip", "install", "-q", "-U", "pip"], check=True)
    subprocess.run([str(py), "-m", "pip", "install", "-q", str(wheel)], check=True)
    return py


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, env=env, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--keep", type=Path, help="build the venv here and keep it")
    parser.add_argument(
        "--bundled-pip", action="store_true", help="install with ensurepip's pip, not the current"
    )
    args = parser.parse_args()
    where = args.keep or Path(tempfile.mkdtemp(prefix="statusdex-pip-"))
    where.mkdir(parents=True, exist_ok=True)
    try:
        py = where / "venv" / "bin" / "python"
        if not py.exists():
            py = install(where, args.bundled_pip)
        exe = str(py.with_name("statusdex"))
        launcher = Path(exe).read_text("utf-8").splitlines()[1:3]
        pip = subprocess.run(
            [str(py), "-m", "pip", "--version"], capture_output=True, text=True, check=True
        ).stdout.split()[1]
        runs = {"python -c pass": [str(py), "-c", "pass"]}
        runs |= {name: [exe, *argv] for name, argv in COMMANDS.items()}
        env = {k: v for k, v in os.environ.items() if not k.startswith("STATUSDEX_")}
        env |= {"PYTHONDONTWRITEBYTECODE": "1", "NO_COLOR": "1", "LANG": "C.UTF-8"}
        for cmd in runs.values():  # warm the page cache
            timed(cmd, env)
        cpu: dict[str, list[float]] = {name: [] for name in runs}
        wall: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(args.runs):
            for name, cmd in runs.items():
                c, w = timed(cmd, env)
                cpu[name].append(c)
                wall[name].append(w)
        base_c = statistics.median(cpu["python -c pass"])
        base_w = statistics.median(wall["python -c pass"])
        print(f"pip {pip}'s launcher ({' | '.join(launcher)[:70]}…), PYTHONDONTWRITEBYTECODE=1")
        print(f"median of {args.runs} alternating runs; ratio to python -c pass of the same venv")
        print("| command | CPU ms | CPU × | wall ms | wall × | target |")
        print("|---|---:|---:|---:|---:|---|")
        missed = False
        for name in runs:
            c = statistics.median(cpu[name])
            w = statistics.median(wall[name])
            target = TARGET.get(name, 2.0) if name != "python -c pass" else None
            verdict = ""
            if target is not None:
                met = c / base_c <= target
                missed |= not met
                verdict = f"≤ {target}× {'met' if met else 'NOT met'} (CPU)"
            print(
                f"| {name} | {c * 1000:.1f} | {c / base_c:.2f} | {w * 1000:.1f} | "
                f"{w / base_w:.2f} | {verdict} |"
            )
        return 1 if missed else 0
    finally:
        if args.keep is None:
            shutil.rmtree(where, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
