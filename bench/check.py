"""The check's own cost beyond the HTTP exchange (issue 17): target ≤ 5 ms for a typical
response.

    .venv/bin/python bench/check.py [--runs 300]

Starts the mock on loopback and fetches a typical response (a 200 JSON body of ~1 KiB with
the usual headers) with one httpx client: that exchange is the baseline. Then, alternating
with it, times ``statusdex.check`` on the same response with httplint (the full report) and
without (our registry rules only), and ``check_raw`` on the same message as text. Prints
medians and p95 in milliseconds and each as a ratio of the exchange. Record the figures in
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import httpx

import statusdex
from statusdex.checks import check_raw
from statusdex.mock.pytest_plugin import start_mock


def timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=300)
    runs = max(10, min(ap.parse_args().runs, 10_000))
    server = start_mock()
    body = json.dumps({"items": [{"id": i, "name": f"item {i}"} for i in range(40)]})
    url = f"{server.url}/200?contenttype=application/json&body={body}"
    try:
        with httpx.Client() as client:
            response = client.get(url)
            assert response.status_code == 200
            raw = "HTTP/1.1 200 OK\r\n" + "".join(
                f"{k}: {v}\r\n" for k, v in response.headers.multi_items()
            )
            raw += "\r\n" + response.text
            # warm up: imports, the registry, httplint's tables
            for _ in range(5):
                statusdex.check(response)
                check_raw(raw)
            cases: dict[str, Callable[[], object]] = {
                "HTTP exchange (baseline)": lambda: client.get(url).content,
                "check(response)": lambda: statusdex.check(response),
                "check(response, httplint=False)": lambda: statusdex.check(
                    response, httplint=False
                ),
                "check_raw(text)": lambda: check_raw(raw),
            }
            times: dict[str, list[float]] = {k: [] for k in cases}
            for _ in range(runs):
                for name, fn in cases.items():
                    times[name].append(timed(fn))
    finally:
        server.stop()
    base = statistics.median(times["HTTP exchange (baseline)"])
    print(f"typical response: 200, {len(response.content)} bytes of JSON; {runs} runs each")
    print(f"{'':34} {'median ms':>10} {'p95 ms':>8} {'× exchange':>11}")
    for name, ts in times.items():
        med = statistics.median(ts)
        p95 = statistics.quantiles(ts, n=20)[-1]
        print(f"{name:34} {med:10.3f} {p95:8.3f} {med / base:11.2f}")
    worst = statistics.median(times["check(response)"])
    print(
        f"check's own cost: {worst:.2f} ms median (target ≤ 5 ms): {'ok' if worst <= 5 else 'OVER'}"
    )


if __name__ == "__main__":
    main()
