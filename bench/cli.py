"""Terminal start-up, as ratios measured side by side in one run (issue 4).

    .venv/bin/python bench/cli.py [--runs 40] [--no-peer]

A lookup is a cold process each time, so start-up is the product. Compares, alternating runs:
the bare interpreter (``python -c pass``, the baseline; target ≤ 1.5×), the installed
``statusdex 404`` console script, ``statusdex 404 --lang th``, ``statusdex search "rate limit"``,
and the peer ``hc 404`` (PyPI ``httpcode``, installed into its own virtual environment under
/tmp the first time). Uses ``hyperfine -N`` when it is installed, for its statistics, else the
same alternating loop as bench/registry.py. Record the printed figures in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from registry import cold

PY = sys.executable
BIN = Path(PY).parent
PEER_VENV = Path(tempfile.gettempdir()) / "statusdex-bench-httpcode"


def peer_hc() -> Path | None:
    """``hc`` from httpcode 0.6, in a venv of its own (never in ours)."""
    hc = PEER_VENV / "bin" / "hc"
    if not hc.exists():
        subprocess.run([PY, "-m", "venv", str(PEER_VENV)], check=True)
        done = subprocess.run(
            [str(PEER_VENV / "bin" / "pip"), "install", "-q", "httpcode==0.6"], check=False
        )
        if done.returncode != 0:
            return None
    return hc


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--no-peer", action="store_true", help="skip hc (httpcode)")
    args = parser.parse_args()
    commands = {
        "python -c pass": [PY, "-c", "pass"],
        "statusdex 404": [str(BIN / "statusdex"), "404"],
        "statusdex 404 --lang th": [str(BIN / "statusdex"), "404", "--lang", "th"],
        'statusdex search "rate limit"': [str(BIN / "statusdex"), "search", "rate limit"],
    }
    hc = None if args.no_peer else peer_hc()
    if hc is not None:
        commands["hc 404 (httpcode 0.6)"] = [str(hc), "404"]
    print(f"python {sys.version.split()[0]}; {os.cpu_count()} cores; {args.runs} runs each")
    if shutil.which("hyperfine"):
        ms = hyperfine(commands, args.runs)
        print("hyperfine -N (mean ms, ratio to python -c pass)")
    else:
        ms = cold(commands, args.runs)
        print("alternating runs (median ms, ratio to python -c pass)")
    base = ms["python -c pass"]
    for name, value in ms.items():
        print(f"  {name:32} {value:7.2f} ms  {value / base:5.2f}x")
    print("target: statusdex 404 <= 1.50x")


def hyperfine(commands: dict[str, list[str]], runs: int) -> dict[str, float]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update({"NO_COLOR": "1", "LANG": "C.UTF-8"})
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run(
            [
                "hyperfine", "-N", "--warmup", "5", "--runs", str(runs), "--export-json",
                out.name, "--style", "none", *(" ".join(_quote(c) for c in cmd)
                                               for cmd in commands.values()),
            ],
            check=True, env=env, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        results = json.loads(Path(out.name).read_text())["results"]
    return {name: r["mean"] * 1000 for name, r in zip(commands, results, strict=True)}


def _quote(arg: str) -> str:
    return f'"{arg}"' if " " in arg else arg


if __name__ == "__main__":
    main()
