"""Another learner's answers while the learning face is abused, measured in one run.

``statusdex serve`` (one worker, as shipped) on a fresh SQLite file (or PostgreSQL with
``--postgres``). One learner plays throughout: ``GET /learn/api/next`` then ``POST
/learn/api/answer`` (a flip rating), one after the other with a short pause. Their latencies
are recorded in three phases of the same run:

1. baseline: nobody else;
2. registration flood: ``--flooders`` threads register new accounts as fast as the server
   answers, each from an address of its own (``X-Forwarded-For``, trusted from loopback), so
   the per-address limit does not stop them and the password-hash gate is what is measured;
3. import: another learner imports a review log of ``--import-mb`` MB (CSV; 20 MB is the
   upload limit); the phase lasts until the import is answered.

Target: the player's answer p99 <= 100 ms in phases 2 and 3. Ratios are against phase 1.

    .venv/bin/python bench/learn_abuse.py [--seconds 30] [--flooders 8] [--import-mb 20]
                                          [--only flood|import] [--postgres URL]

Exit status 1 if a target is missed or the player saw an error.
"""

from __future__ import annotations

import argparse
import secrets
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "src"))

from statusdex.learn import cards as _cards  # noqa: E402
from tests.conftest import start_server  # noqa: E402

TARGET_P99_MS = 100.0
THINK_S = 0.02  # the player's pause between cards
KEYS = [c.key for c in _cards.deck("iana").cards]


class Player:
    """One learner answering card after card, timing each request."""

    def __init__(self, url: str) -> None:
        self.http = httpx.Client(base_url=url, timeout=120, headers={"X-Forwarded-For": "10.9.9.9"})
        self.csrf = self.http.get("/learn/api/session").json()["csrf"]
        self.errors: list[str] = []
        self.turn = 0

    def play(self, until: threading.Event, stop_after: float) -> dict[str, list[float]]:
        times: dict[str, list[float]] = {"next": [], "answer": []}
        deadline = time.monotonic() + stop_after
        while not until.is_set() and time.monotonic() < deadline:
            t0 = time.perf_counter()
            r = self.http.get("/learn/api/next", params={"deck": "iana"})
            t1 = time.perf_counter()
            if r.status_code != 200:
                self.errors.append(f"next: {r.status_code} {r.text[:100]}")
            # The day's new cards run out: answer the deck's cards in turn, due or not.
            key = KEYS[self.turn % len(KEYS)]
            self.turn += 1
            a = self.http.post(
                "/learn/api/answer",
                json={"key": key, "rating": 3},
                headers={"X-CSRF-Token": self.csrf},
            )
            t2 = time.perf_counter()
            if a.status_code != 200:
                self.errors.append(f"answer: {a.status_code} {a.text[:100]}")
            times["next"].append((t1 - t0) * 1000)
            times["answer"].append((t2 - t1) * 1000)
            time.sleep(THINK_S)
        return times


def p(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def flood(url: str, stop: threading.Event, statuses: list[int], n: int) -> None:
    with httpx.Client(base_url=url, timeout=120) as client:
        while not stop.is_set():
            client.cookies.clear()
            ip = f"10.{n}.{secrets.randbelow(250)}.{secrets.randbelow(250) + 1}"
            headers = {"X-Forwarded-For": ip}
            try:
                csrf = client.get("/learn/api/session", headers=headers).json()["csrf"]
                r = client.post(
                    "/learn/api/register",
                    json={"username": f"f{secrets.token_hex(6)}", "password": "flood password"},
                    headers={**headers, "X-CSRF-Token": csrf},
                )
                statuses.append(r.status_code)
            except httpx.HTTPError:
                statuses.append(0)


def review_log(megabytes: float) -> tuple[str, int]:
    """A valid CSV review log of about ``megabytes`` MB (under the 20 MiB upload limit)."""
    limit = min(int(megabytes * 1_000_000), 20 * 1024 * 1024 - 1024)
    keys = KEYS
    start = datetime.now(UTC) - timedelta(days=800)
    lines = ["card,reviewed_at,rating,correct,mode,answer,duration_ms"]
    size = len(lines[0]) + 1
    i = 0
    while True:
        when = (start + timedelta(seconds=60 * i)).isoformat()
        line = f"{keys[i % len(keys)]},{when},{1 + i % 4},,flip,,{1000 + i % 5000}"
        if size + len(line) + 1 > limit:
            break
        lines.append(line)
        size += len(line) + 1
        i += 1
    return "\n".join(lines) + "\n", i


def importer(url: str, text: str, result: dict[str, Any], done: threading.Event) -> None:
    try:
        with httpx.Client(base_url=url, timeout=3600) as client:
            csrf = client.get("/learn/api/session").json()["csrf"]
            t0 = time.perf_counter()
            r = client.post(
                "/learn/api/log",
                params={"format": "csv"},
                content=text.encode(),
                headers={"X-CSRF-Token": csrf, "Content-Type": "text/csv"},
            )
            result["seconds"] = time.perf_counter() - t0
            result["status"] = r.status_code
            result["body"] = r.text[:200]
    finally:
        done.set()


def row(name: str, times: list[float], base: list[float]) -> str:
    ratio = p(times, 0.99) / p(base, 0.99) if base else float("nan")
    return (
        f"| {name} | {len(times)} | {p(times, 0.5):.1f} | {p(times, 0.99):.1f} | "
        f"{max(times) if times else float('nan'):.1f} | {ratio:.1f}× |"
    )


def run(
    db_url: str, seconds: float, flooders: int, import_mb: float, phases: tuple[str, ...]
) -> bool:
    with tempfile.TemporaryDirectory(prefix="statusdex-bench-abuse-") as tmp:
        env = {"STATUSDEX_DATABASE_URL": db_url, "STATUSDEX_ACCESS_LOG": "0"}
        server = start_server(["serve", "--no-access-log"], Path(tmp), env)
        try:
            player = Player(server.url)
            never = threading.Event()
            player.play(never, 2)  # warm up: the learner's row, the caches
            results: dict[str, dict[str, list[float]]] = {}
            print(f"baseline: {seconds:.0f} s", flush=True)
            results["baseline"] = player.play(never, seconds)

            print(f"registration flood: {flooders} clients, {seconds:.0f} s", flush=True)
            stop = threading.Event()
            statuses: list[int] = []
            threads = [
                threading.Thread(target=flood, args=(server.url, stop, statuses, n + 20))
                for n in range(flooders if "flood" in phases else 0)
            ]
            for t in threads:
                t.start()
            results["flood"] = player.play(never, seconds if "flood" in phases else 0)
            stop.set()
            for t in threads:
                t.join(300)
            counts = {s: statuses.count(s) for s in sorted(set(statuses))}

            text, rows = review_log(import_mb if "import" in phases else 0.001)
            print(f"import: {len(text) / 1e6:.1f} MB, {rows} answers", flush=True)
            done = threading.Event()
            outcome: dict[str, Any] = {}
            worker = threading.Thread(target=importer, args=(server.url, text, outcome, done))
            worker.start()
            results["import"] = player.play(done, 3600)
            worker.join()
        finally:
            server.stop()
        log = server.log.read_text(errors="replace")

    base = results["baseline"]
    print()
    print(f"database: {db_url.split(':', 1)[0]}")
    print("| phase | requests | p50 ms | p99 ms | max ms | p99 / baseline |")
    print("|---|---:|---:|---:|---:|---:|")
    for phase in ("baseline", "flood", "import"):
        for kind in ("next", "answer"):
            print(row(f"{phase}: {kind}", results[phase][kind], base[kind]))
    print(f"\nregistrations during the flood (status: count): {counts}")
    print(
        f"import: status {outcome.get('status')} in {outcome.get('seconds', float('nan')):.1f} s"
        f" ({outcome.get('body', '')})"
    )
    ok = True
    for phase in phases:
        worst = p(results[phase]["answer"], 0.99)
        met = worst <= TARGET_P99_MS
        ok &= met
        print(f"{phase}: answer p99 {worst:.1f} ms -> {'met' if met else 'MISSED'}")
    if player.errors:
        print(f"player errors ({len(player.errors)}): {player.errors[:5]}")
        ok = False
    if "Traceback" in log:
        print("server log has a traceback")
        ok = False
    return ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--flooders", type=int, default=8)
    ap.add_argument("--import-mb", type=float, default=20)
    ap.add_argument("--postgres", help="a PostgreSQL URL: run there (a fresh schema)")
    ap.add_argument("--only", choices=("flood", "import"), help="one loaded phase only")
    args = ap.parse_args()
    phases = (args.only,) if args.only else ("flood", "import")
    if args.postgres:
        import psycopg

        schema = f"bench_abuse_{secrets.token_hex(4)}"
        with psycopg.connect(args.postgres, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        sep = "&" if "?" in args.postgres else "?"
        url = f"{args.postgres}{sep}options={quote(f'-csearch_path={schema}')}"
        try:
            ok = run(url, args.seconds, args.flooders, args.import_mb, phases)
        finally:
            with psycopg.connect(args.postgres, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA {schema} CASCADE")
    else:
        with tempfile.TemporaryDirectory(prefix="statusdex-bench-db-") as d:
            ok = run(f"sqlite:///{d}/learn.db", args.seconds, args.flooders, args.import_mb, phases)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
