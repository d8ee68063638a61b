"""`statusdex logs` against GoAccess on the same generated combined log, side by side (issue 18).

    .venv/bin/python bench/logs.py [--lines 2000000] [--runs 1] [--keep]
    .venv/bin/python bench/logs.py --gigabytes 10     # memory on a big log (statusdex only)

Writes a combined-format log of ``--lines`` lines (seeded, with IPv6 clients, escaped quotes,
``-`` sizes and a burst of 5xx) under /tmp, then runs, alternating: GoAccess (Debian package
``goaccess``, installed with apt-get when missing) producing its JSON report, and
``statusdex logs --output json``. Each is a child process; wall time and the peak resident
memory (``ru_maxrss`` from ``os.wait4``) are taken per run. Prints lines/s for both and the
ratio (target ≥ 10×). Also prints lines/s for generated IIS W3C, ALB and nginx ``log_format``
inputs (a quarter as many lines), with their ratios to the same run's combined figures
(statusdex's and GoAccess's). Peak RSS is that of the whole process tree (worker processes
included). Record the figures in docs/benchmarks.md.

``--spark`` instead compares ``--engine spark`` (PySpark ``local[2]``, Java 17) with DuckDB on
the same folder: the combined log cut into 8 files plus an IIS log, and the same combined log
as one file read line by line (``STATUSDEX_SPARK_WHOLE_MAX`` below its size). Prints lines/s
of both and the ratio spark/duckdb (the JVM's start-up included, as a user sees it).

``--gigabytes N`` instead writes a combined log of about N GB (blocks of one generated
million-line template, each block on its own day and with its own paths, so days and paths
keep growing), runs only ``statusdex logs`` on it, prints wall time, lines/s and peak RSS,
and deletes the file.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.logs import gen  # noqa: E402  (the tests' generators, with their quirks)

STATUSDEX = Path(sys.executable).parent / "statusdex"
AGENTS = ["curl/8.5.0", 'Mozilla/5.0 (X11; Linux x86_64) \\"quoted\\"', "Go-http-client/1.1"]
CODES = [200] * 14 + [304, 301, 404, 404, 403, 499, 500, 502, 503, 504]


def write_combined(path: Path, n: int, seed: int = 18) -> None:
    rnd = random.Random(seed)
    start = datetime(2026, 12, 7, 0, 0, 0)
    clients = [f"203.0.113.{i}" for i in range(1, 200)] + [f"2001:db8::{i:x}" for i in range(1, 60)]
    paths = [f"/api/v1/items/{i}" for i in range(300)] + ["/", "/login", "/static/app.js"]
    with path.open("w", encoding="utf-8", buffering=1 << 20) as f:
        for i in range(n):
            t = start + timedelta(seconds=i // 25)  # 25 requests a second
            st = 503 if 600_000 <= i < 620_000 and i % 2 else rnd.choice(CODES)
            size = "-" if st in (304, 499) else str(rnd.randint(0, 90_000))
            f.write(
                f"{rnd.choice(clients)} - - [{t:%d/%b/%Y:%H:%M:%S} +0000] "
                f'"GET {rnd.choice(paths)}?page={i % 7} HTTP/1.1" {st} {size} '
                f'"https://example.com/" "{rnd.choice(AGENTS)}"\n'
            )


def write_big(path: Path, gigabytes: float, block_lines: int = 1_000_000) -> int:
    """About ``gigabytes`` GB of combined lines; returns the number of lines."""
    template = path.with_suffix(".block")
    write_combined(template, block_lines)
    block = template.read_bytes()
    template.unlink()
    want = int(gigabytes * 1e9)
    written = lines = 0
    day0 = datetime(2026, 1, 1)
    with path.open("wb") as f:
        b = 0
        while written < want:
            day = (day0 + timedelta(days=b)).strftime("%d/%b/%Y").encode()
            chunk = block.replace(b"07/Dec/2026", day).replace(
                b"/api/v1/items/", b"/api/v1/b%d/items/" % b
            )
            f.write(chunk)
            written += len(chunk)
            lines += block_lines
            b += 1
    return lines


def big(gigabytes: float) -> int:
    work = Path(tempfile.mkdtemp(prefix="statusdex-bench-logs-big-"))
    try:
        log = work / "big.log"
        t0 = time.perf_counter()
        n = write_big(log, gigabytes)
        size = log.stat().st_size
        print(f"wrote {n:,} lines, {size / 1e9:.2f} GB in {time.perf_counter() - t0:.0f} s")
        wall, rss = measure(
            [str(STATUSDEX), "logs", str(log), "--output", "json", "--format", "combined"],
            work / "big.json",
        )
        print(
            f"  statusdex {wall:8.1f} s  {n / wall:>10,.0f} lines/s  {size / 1e6 / wall:,.0f} MB/s"
            f"  peak RSS {rss:,} MB"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def spark(lines: int) -> int:
    """``--engine spark`` (local[2]) against DuckDB on the same inputs, one run each."""
    work = Path(tempfile.mkdtemp(prefix="statusdex-bench-spark-"))
    try:
        whole = work / "one" / "access.log"
        whole.parent.mkdir()
        write_combined(whole, lines)
        folder = work / "many"
        folder.mkdir()
        with whole.open("rb") as src:
            all_lines = src.readlines()
        per = -(-len(all_lines) // 8)
        for i in range(8):
            (folder / f"access.{i}.log").write_bytes(b"".join(all_lines[i * per : (i + 1) * per]))
        n_iis = max(lines // 4, 1000)
        iis_text, _ = gen.iis(n_iis)
        (folder / "u_ex.log").write_text(iis_text)
        mb = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
        print(f"spark vs duckdb: {os.cpu_count()} cores; spark local[2], one run each")
        cases = [
            (f"folder: 8 combined files + IIS, {lines + n_iis:,} lines, {mb:,.0f} MB", folder, {}),
            (
                f"one combined file, {lines:,} lines, split in lines over tasks",
                whole,
                {"STATUSDEX_SPARK_WHOLE_MAX": str(1 << 20)},
            ),
        ]
        for title, target, env in cases:
            n = lines + (n_iis if target == folder else 0)
            base = [str(STATUSDEX), "logs", str(target), "--output", "json"]
            duck_wall, duck_rss = measure(base, work / "duck.json")
            spark_cmd = [*base, "--engine", "spark", "--spark-master", "local[2]"]
            old = {k: os.environ.get(k) for k in env}
            os.environ.update(env)
            try:
                spark_wall, spark_rss = measure(spark_cmd, work / "spark.json")
            finally:
                for k, v in old.items():
                    if v is None:
                        os.environ.pop(k, None)
                    else:
                        os.environ[k] = v
            print(f"  {title}")
            print(
                f"    duckdb {duck_wall:7.2f} s {n / duck_wall:>10,.0f} lines/s RSS {duck_rss} MB"
            )
            print(
                f"    spark  {spark_wall:7.2f} s {n / spark_wall:>10,.0f} lines/s"
                f" (driver RSS {spark_rss} MB)"
            )
            print(f"    ratio spark/duckdb: {duck_wall / spark_wall:.2f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def ensure_goaccess() -> str:
    exe = shutil.which("goaccess")
    if exe:
        return exe
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*sudo, "apt-get", "install", "-y", "-q", "goaccess"], check=True, env=env)
    return shutil.which("goaccess") or "goaccess"


def _tree_rss(pid: int) -> tuple[int, int]:
    """(resident bytes of ``pid`` and every process below it now, their largest ``VmHWM``)."""
    kids: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        p = int(entry)
        kids.setdefault(int(fields[1]), []).append(p)
        rss[p] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, hwm, todo = 0, 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo.extend(kids.get(p, []))
        try:
            with open(f"/proc/{p}/status", "rb") as f:
                for line in f:
                    if line.startswith(b"VmHWM:"):
                        hwm = max(hwm, int(line.split()[1]) * 1024)
        except OSError:
            pass
    return total, hwm


class TreePeak(threading.Thread):
    """Samples the resident memory of a process tree (every ``step`` s); keeps the peak."""

    def __init__(self, pid: int, step: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.pid, self.step, self.peak = pid, step, 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(self.step):
            self.peak = max(self.peak, *_tree_rss(self.pid))


def measure(cmd: list[str], out: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS in MB of one child process (output to ``out``).

    The peak is the larger of the sampled sum over the child and every process it started
    (worker processes) and the kernel's high-water mark (``VmHWM``) of each of them. The
    kernel's ``ru_maxrss`` is not used: it counts the pages a forked child shares with this
    script before it execs, so a script holding a big generated log inflated it.
    """
    with out.open("wb") as sink:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=sink, stderr=subprocess.DEVNULL)
        sampler = TreePeak(proc.pid)
        sampler.start()
        _, status, _usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        sampler.done.set()
        sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[0]} failed with exit {proc.returncode}")
    return wall, sampler.peak // (1024 * 1024)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=2_000_000)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--keep", action="store_true", help="keep the generated files")
    ap.add_argument("--gigabytes", type=float, help="memory on a log of this size instead")
    ap.add_argument("--spark", action="store_true", help="--engine spark against DuckDB")
    args = ap.parse_args()
    if args.spark:
        return spark(args.lines)
    if args.gigabytes:
        return big(args.gigabytes)
    work = Path(tempfile.mkdtemp(prefix="statusdex-bench-logs-"))
    try:
        log = work / "access.log"
        write_combined(log, args.lines)
        size_mb = log.stat().st_size / 1e6
        goaccess = ensure_goaccess()
        peers = {
            "goaccess": [
                goaccess,
                str(log),
                "--log-format=COMBINED",
                "-o",
                "json",
                "--no-progress",
            ],
            "statusdex": [
                str(STATUSDEX),
                "logs",
                str(log),
                "--output",
                "json",
                "--format",
                "combined",
            ],
        }
        results: dict[str, list[tuple[float, int]]] = {k: [] for k in peers}
        for _ in range(args.runs):
            for name, cmd in peers.items():
                results[name].append(measure(cmd, work / f"{name}.json"))
        print(f"combined log: {args.lines:,} lines, {size_mb:,.0f} MB; {os.cpu_count()} cores")
        best = {}
        for name, runs in results.items():
            wall = min(r[0] for r in runs)
            rss = max(r[1] for r in runs)
            best[name] = args.lines / wall
            print(f"  {name:10s} {wall:7.2f} s  {best[name]:>10,.0f} lines/s  peak RSS {rss:,} MB")
        print(
            f"  ratio statusdex/goaccess: {best['statusdex'] / best['goaccess']:.1f}x"
            " (target >= 10x)"
        )
        print("  other formats (statusdex; ratios against this run's combined figures):")
        for fmt, make, extra in (
            ("iis", gen.iis, []),
            ("alb", gen.alb, []),
            ("nginx", gen.nginx, ["--format", "nginx", "--log-format", gen.NGINX_FORMAT]),
        ):
            n = max(args.lines // 4, 1000)
            text, _ = make(n)
            p = work / f"{fmt}.log"
            p.write_text(text)
            del text  # (this script's memory is not the one measured)
            wall, rss = measure(
                [str(STATUSDEX), "logs", str(p), "--output", "json", *extra], work / "x.json"
            )
            rate = n / wall
            print(
                f"  statusdex {fmt:6s} {n:,} lines {wall:6.2f} s {rate:>10,.0f} lines/s"
                f"  peak RSS {rss:,} MB  = {rate / best['statusdex']:.2f}x combined,"
                f" {rate / best['goaccess']:.1f}x goaccess-combined"
            )
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
