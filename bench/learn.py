"""Learning mode's speed targets, measured in one run on loopback.

1. Answering a card through the web API: ``statusdex serve --workers 2`` on a fresh SQLite
   file, learners set up first (cookie and CSRF token), then a bounded ``wrk`` run whose Lua
   script POSTs flip answers to ``/learn/api/answer``. Target: p99 <= 20 ms. The baseline,
   on the same server in the same run with the same wrk settings, is ``GET /healthz``.
   Afterwards the stats must count at least as many answers as wrk saw acknowledged.
2. Stats for a learner with 1,000,000 review-log rows: the rows (and the day totals and card
   states that go with them) are written straight into the tables in one transaction, then
   ``LearnService.stats`` is timed in process, and ``GET /learn/api/stats`` and the
   ``/learn/stats`` page over HTTP. Target: <= 200 ms. Baselines: the same call for a learner
   with one answer, and ``/healthz``.

    .venv/bin/python bench/learn.py [--duration 10] [--connections 4] [--rows 1000000]
                                    [--only answer|stats] [--postgres URL]

``--postgres URL`` also runs part 2 on PostgreSQL (in a fresh schema, dropped afterwards).
Exit status 1 if a target is missed or a request failed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "src"))

from statusdex.learn import cards as _cards  # noqa: E402
from statusdex.learn import scheduler  # noqa: E402
from statusdex.learn.scheduler import CardState, Settings  # noqa: E402
from statusdex.learn.service import LearnService  # noqa: E402
from statusdex.learn.storage import Storage, card_state, review_day, review_log  # noqa: E402
from statusdex.web.learn.accounts import COOKIE  # noqa: E402
from tests.conftest import Server, start_server  # noqa: E402

ANSWER_P99_MS = 20.0
STATS_MS = 200.0

# --- part 1: answering under wrk ---------------------------------------------------------------

WRK_SCRIPT = """
-- One learner per wrk thread; each request answers the next card of the deck (flip).
local learners = {learners}
local keys = {keys}
local ratings = {{3, 3, 2, 3, 4, 1}}
local made = 0

function setup(thread)
  made = made + 1
  local who = learners[(made - 1) % #learners + 1]
  thread:set("cookie", who[1])
  thread:set("csrf", who[2])
  thread:set("offset", made * 7)
end

function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Cookie"] = "{cookie}=" .. cookie
  wrk.headers["X-CSRF-Token"] = csrf
  n = offset
end

function request()
  n = n + 1
  local body = '{{"key":"' .. keys[n % #keys + 1] .. '","rating":'
    .. ratings[n % #ratings + 1] .. '}}'
  return wrk.format(nil, nil, nil, body)
end
"""


def lua_list(items: list[Any]) -> str:
    return "{" + ", ".join(lua_value(i) for i in items) + "}"


def lua_value(item: Any) -> str:
    if isinstance(item, list | tuple):
        return lua_list(list(item))
    return json.dumps(item)  # a JSON string literal is a valid Lua string here (ASCII)


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    found = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not found:
        raise SystemExit(f"cannot read wrk latency {text!r}")
    return float(found.group(1)) * _UNITS[found.group(2)]


def wrk(url: str, duration: int, connections: int, threads: int, script: Path | None) -> dict:
    """Run wrk; returns requests, requests/s and the p50/p90/p99 latencies in ms."""
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency"]
    if script is not None:
        cmd += ["-s", str(script)]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in out:
        raise SystemExit(f"wrk got errors from {url}:\n{out}")
    errors = re.search(r"Socket errors: .*", out)
    if errors:
        print(f"  note: {url}: {errors.group(0)}", file=sys.stderr)
    dist = dict(re.findall(r"^\s+(\d+)%\s+(\S+)\s*$", out, re.MULTILINE))
    return {
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),  # type: ignore[union-attr]
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        "p50": _ms(dist["50"]),
        "p90": _ms(dist["90"]),
        "p99": _ms(dist["99"]),
    }


def set_up_learner(url: str) -> tuple[str, str]:
    """A learner on the server: its cookie token and CSRF token, and one answer (so the
    learner row exists before the load starts)."""
    with httpx.Client(base_url=url, timeout=30) as http:
        r = http.get("/learn/api/session")
        r.raise_for_status()
        token, csrf = http.cookies[COOKIE], r.json()["csrf"]
        first = http.post(
            "/learn/api/answer",
            json={"key": "200:code-name", "rating": 3},
            headers={"X-CSRF-Token": csrf},
        )
        first.raise_for_status()
    return token, csrf


def answers_recorded(url: str, token: str) -> int:
    with httpx.Client(base_url=url, timeout=30, cookies={COOKIE: token}) as http:
        r = http.get("/learn/api/stats")
        r.raise_for_status()
        return sum(d["reviews"] for d in r.json()["reviews_per_day"])


def bench_answer(duration: int, connections: int, threads: int, rounds: int, workers: int) -> bool:
    keys = [c.key for c in _cards.deck("starter").cards]  # deck order: the same every run
    random.Random(7).shuffle(keys)
    with tempfile.TemporaryDirectory(prefix="statusdex-bench-learn-") as tmp_name:
        tmp = Path(tmp_name)
        env = {"STATUSDEX_DATABASE_URL": f"sqlite:///{tmp / 'learn.db'}"}
        server = start_server(["serve", "--workers", str(workers), "--no-access-log"], tmp, env)
        try:
            who = [set_up_learner(server.url) for _ in range(threads)]
            script = tmp / "answer.lua"
            script.write_text(
                WRK_SCRIPT.format(learners=lua_list(who), keys=lua_list(keys), cookie=COOKIE)
            )
            answer_url = server.url + "/learn/api/answer"
            health_url = server.url + "/healthz"
            sent = len(who)
            # Warm-up: both workers open the database, import everything, fill caches.
            sent += wrk(answer_url, 2, connections, threads, script)["requests"]
            wrk(health_url, 1, connections, threads, None)
            runs: dict[str, list[dict]] = {"healthz": [], "answer": []}
            for _ in range(rounds):  # interleaved, so drift on a noisy machine hits both
                runs["healthz"].append(wrk(health_url, duration, connections, threads, None))
                got = wrk(answer_url, duration, connections, threads, script)
                runs["answer"].append(got)
                sent += got["requests"]
            recorded = sum(answers_recorded(server.url, token) for token, _ in who)
        finally:
            server.stop()
        log = server.log.read_text(errors="replace")
    if "Traceback" in log or "database is locked" in log:
        kept = Path(tempfile.gettempdir()) / "statusdex-bench-learn-server.log"
        kept.write_text(log)
        raise SystemExit(f"the server logged an error under load: see {kept}")
    print(
        f"\n1. answering a card: POST /learn/api/answer, statusdex serve --workers {workers}, "
        f"SQLite, "
        f"{threads} learner(s)\n   wrk -t{threads} -c{connections} -d{duration}s, "
        f"{rounds} round(s), median of rounds"
    )
    print(f"   {'':10}{'req/s':>9}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}")
    med: dict[str, dict[str, float]] = {}
    for name, results in runs.items():
        med[name] = {k: statistics.median(r[k] for r in results) for k in results[0]}
        m = med[name]
        print(f"   {name:10}{m['rps']:>9.0f}{m['p50']:>9.2f}{m['p90']:>9.2f}{m['p99']:>9.2f}")
    a, h = med["answer"], med["healthz"]
    print(
        f"   ratio answer/healthz: p50 {a['p50'] / h['p50']:.1f}x, p99 {a['p99'] / h['p99']:.1f}x,"
        f" throughput {a['rps'] / h['rps']:.2f}"
    )
    print(f"   answers acknowledged to wrk {sent}, recorded in the database {recorded}")
    worst = max(r["p99"] for r in runs["answer"])
    ok = a["p99"] <= ANSWER_P99_MS and recorded >= sent
    print(
        f"   p99 {a['p99']:.2f} ms (worst round {worst:.2f} ms), target <= {ANSWER_P99_MS:.0f} ms:"
        f" {'met' if a['p99'] <= ANSWER_P99_MS else 'MISSED'}"
    )
    if recorded < sent:
        print("   LOST ANSWERS: fewer recorded than acknowledged")
    return ok


# --- part 2: stats over a long history --------------------------------------------------------


def history_rows(
    learner: int, rows: int, now: datetime, st: Settings
) -> tuple[Iterator[list[dict[str, Any]]], Callable[[], dict[tuple[int, str], list[int]]]]:
    """Batches of synthetic log rows spread over the last ``rows // 1000`` days on every card,
    and (once consumed) the per-day totals they add up to."""
    rng = random.Random(42)
    all_cards = sorted({c.key: c for d in _cards.DECKS for c in _cards.deck(d).cards}.items())
    family = {key: _cards.subject(c.subject).family_id for key, c in all_cards}
    keys = [key for key, _ in all_cards]
    days = max(1, rows // 1000)
    start = now - timedelta(days=days)
    step = timedelta(days=days) / rows
    totals: dict[tuple[int, str], list[int]] = {}
    seen: set[str] = set()
    sample_state = json.dumps(
        CardState(
            key="404:code-name",
            state="review",
            due=now,
            step=None,
            stability=12.5,
            difficulty=5.1,
            last_review=now - timedelta(days=12),
            reps=9,
            lapses=1,
            suspended=False,
        ).to_dict()
    )

    def batches() -> Iterator[list[dict[str, Any]]]:
        batch: list[dict[str, Any]] = []
        for i in range(rows):
            key = keys[rng.randrange(len(keys))]
            at = start + step * i
            rating = rng.choices((1, 2, 3, 4), (10, 10, 70, 10))[0]
            day = scheduler.study_day(at, st)
            first = key not in seen
            seen.add(key)
            in_review = not first and rng.random() < 0.8
            batch.append(
                {
                    "learner_id": learner,
                    "card_key": key,
                    "reviewed_at": int(at.timestamp() * 1000),
                    "day": day,
                    "family": family[key],
                    "rating": rating,
                    "correct": None,
                    "mode": "flip",
                    "answer": None,
                    "duration_ms": rng.randrange(1500, 9000),
                    "state_before": None if first else sample_state,
                }
            )
            acc = totals.setdefault((day, family[key]), [0, 0, 0, 0, 0])
            passed = int(rating > 1)
            acc[0] += 1
            acc[1] += passed
            acc[2] += int(in_review)
            acc[3] += int(in_review) * passed
            acc[4] += int(first)
            if len(batch) == 20_000:
                yield batch
                batch = []
        if batch:
            yield batch

    return batches(), lambda: totals


def fill_history(storage: Storage, learner: int, rows: int, now: datetime) -> float:
    """Write ``rows`` log rows, their day totals and a state for every card; returns seconds."""
    st = Settings()
    rng = random.Random(1)
    began = time.perf_counter()
    batches, totals = history_rows(learner, rows, now, st)
    with storage.engine.connect() as conn, conn.begin():
        for batch in batches:
            conn.execute(review_log.insert(), batch)
        conn.execute(
            review_day.insert(),
            [
                {
                    "learner_id": learner,
                    "day": day,
                    "family": fam,
                    "reviews": t[0],
                    "correct": t[1],
                    "recall_total": t[2],
                    "recall_pass": t[3],
                    "new_cards": t[4],
                }
                for (day, fam), t in totals().items()
            ],
        )
        keys = sorted({k for d in _cards.DECKS for k in _cards.deck(d).keys})
        conn.execute(
            card_state.insert(),
            [
                {
                    "learner_id": learner,
                    "card_key": k,
                    "state": "review",
                    "due": int(
                        (now + timedelta(hours=rng.uniform(-48, 24 * 40))).timestamp() * 1000
                    ),
                    "step": None,
                    "stability": rng.uniform(1, 400),
                    "difficulty": rng.uniform(1, 10),
                    "last_review": int(
                        (now - timedelta(days=rng.uniform(0, 60))).timestamp() * 1000
                    ),
                    "reps": rng.randrange(5, 2000),
                    "lapses": rng.choice((0, 0, 0, 1, 2, 3, 9)),
                    "suspended": False,
                }
                for k in keys
            ],
        )
    return time.perf_counter() - began


def timed(fn: Callable[[], Any], n: int) -> tuple[float, list[float]]:
    """The first call's time and the times of ``n`` more, in ms."""
    began = time.perf_counter()
    fn()
    first = (time.perf_counter() - began) * 1000
    times = []
    for _ in range(n):
        began = time.perf_counter()
        fn()
        times.append((time.perf_counter() - began) * 1000)
    return first, times


def show(name: str, first: float, times: list[float], base: float | None = None) -> float:
    med = statistics.median(times)
    p95 = sorted(times)[int(0.95 * (len(times) - 1))]
    ratio = f"{med / base:>8.1f}x" if base else f"{'':>9}"
    print(f"   {name:34}{first:>9.1f}{med:>9.1f}{p95:>9.1f}{ratio}")
    return med


def bench_stats(url: str, label: str, rows: int, repeat: int, tmp: Path) -> bool:
    storage = Storage(url)
    svc = LearnService(storage)
    now = datetime.now(UTC)
    token = secrets.token_urlsafe(32)
    heavy = svc.create_learner_with_token(token, now)
    light, _ = svc.create_learner(now)
    svc.answer(light, "404:code-name", rating=3, now=now)
    seconds = fill_history(storage, heavy, rows, now)
    count = storage.log_count(heavy)
    print(
        f"\n2. stats, {label}: a learner with {count:,} review-log rows "
        f"({len(storage.day_totals(heavy)):,} day totals, {len(storage.card_states(heavy))} "
        f"cards; written in {seconds:.1f} s)"
    )
    print(f"   {'ms':34}{'first':>9}{'median':>9}{'p95':>9}{'ratio':>9}")
    first, times = timed(lambda: svc.stats(light), repeat)
    base = show("LearnService.stats, 1 answer", first, times)
    first, times = timed(lambda: svc.stats(heavy), repeat)
    core = show(f"LearnService.stats, {count:,} rows", first, times, base)
    result = svc.stats(heavy)
    assert result.total_reviews > 0
    assert result.cards_seen == len(storage.card_states(heavy))
    storage.close()
    server: Server = start_server(
        ["serve", "--no-access-log"], tmp, {"STATUSDEX_DATABASE_URL": url}
    )
    try:
        with httpx.Client(base_url=server.url, timeout=30, cookies={COOKIE: token}) as http:

            def get(path: str) -> Callable[[], None]:
                return lambda: http.get(path).raise_for_status()

            first, times = timed(get("/healthz"), repeat)
            health = show("GET /healthz", first, times)
            first, times = timed(get("/learn/api/stats"), repeat)
            api = show("GET /learn/api/stats", first, times, health)
            first, times = timed(get("/learn/stats"), repeat)
            page = show("GET /learn/stats (HTML, SVG charts)", first, times, health)
    finally:
        server.stop()
    worst = max(core, api, page)
    met = worst <= STATS_MS
    print(
        f"   slowest median {worst:.1f} ms, target <= {STATS_MS:.0f} ms: "
        f"{'met' if met else 'MISSED'}"
    )
    return met


@contextmanager
def postgres_schema(base: str) -> Iterator[str]:
    import psycopg

    schema = f"bench_learn_{secrets.token_hex(4)}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options={quote(f'-csearch_path={schema}')}"
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    p.add_argument("--connections", type=int, default=4, help="wrk connections")
    p.add_argument("--threads", type=int, default=1, help="wrk threads (one learner each)")
    p.add_argument("--rounds", type=int, default=1, help="interleaved wrk rounds")
    p.add_argument("--workers", type=int, default=2, help="server worker processes")
    p.add_argument("--rows", type=int, default=1_000_000, help="review-log rows for stats")
    p.add_argument("--repeat", type=int, default=20, help="timed stats calls")
    p.add_argument("--only", choices=("answer", "stats"))
    p.add_argument("--postgres", metavar="URL", help="also run the stats part on PostgreSQL")
    args = p.parse_args()
    if args.only != "stats" and not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt: wrk)")
    os.environ.setdefault("STATUSDEX_ACCESS_LOG", "0")
    ok = True
    if args.only != "stats":
        ok &= bench_answer(args.duration, args.connections, args.threads, args.rounds, args.workers)
    if args.only != "answer":
        with tempfile.TemporaryDirectory(prefix="statusdex-bench-stats-") as tmp_name:
            tmp = Path(tmp_name)
            url = f"sqlite:///{tmp / 'learn.db'}"
            ok &= bench_stats(url, "SQLite", args.rows, args.repeat, tmp)
            if args.postgres:
                with postgres_schema(args.postgres) as pg:
                    ok &= bench_stats(pg, "PostgreSQL", args.rows, args.repeat, tmp)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
