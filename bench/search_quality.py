"""Search quality and speed over the labelled query set (bench/data/search_queries.tsv).

    .venv/bin/python bench/search_quality.py [--misses] [--runs 20] [--file PATH]

Per language: top-1 (the best answer is an acceptable one), top-3 (an acceptable answer is
among the first three rows) and MRR (mean of 1/rank of the first acceptable answer, 0 when
none is in the first ten). A row of IIS sub-statuses collapsed under one parent counts for
each of its members. Then the in-process median time per query over the whole set, all
languages indexed, against ``http.HTTPStatus(404)`` measured in the same run. Targets: top-3
≥ 95 % and top-1 ≥ 85 % in each language; ≤ 1 ms median. Record the figures in
docs/benchmarks.md. Not a test.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import statusdex

DATA = Path(__file__).parent / "data" / "search_queries.tsv"


def load(path: Path) -> list[tuple[str, str, list[str]]]:
    rows = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        lang, query, answers = line.split("\t")
        rows.append((lang, query, answers.split()))
    return rows


def ranks(query: str, lang: str) -> list[set[str]]:
    hits = statusdex.search_hits(query, lang=lang, limit=10)
    return [{h.status.key, *(m.key for m in h.members)} for h in hits]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--file", type=Path, default=DATA)
    parser.add_argument("--misses", action="store_true", help="list queries not answered first")
    parser.add_argument("--runs", type=int, default=20, help="timed passes over the set")
    args = parser.parse_args()
    rows = load(args.file)
    by_lang: dict[str, list[float]] = {}
    top1: dict[str, int] = {}
    top3: dict[str, int] = {}
    for lang, query, answers in rows:
        got = ranks(query, lang)
        rank = next((i + 1 for i, keys in enumerate(got) if keys & set(answers)), 0)
        by_lang.setdefault(lang, []).append(1 / rank if rank else 0.0)
        top1[lang] = top1.get(lang, 0) + (rank == 1)
        top3[lang] = top3.get(lang, 0) + (1 <= rank <= 3)
        if args.misses and rank != 1:
            shown = [sorted(k)[0] + ("…" if len(k) > 1 else "") for k in got[:4]]
            print(f"  miss [{lang}] {query!r}: rank {rank or '-'}; want {answers}; got {shown}")
    print(f"{'lang':5} {'queries':>7} {'top-1':>7} {'top-3':>7} {'MRR':>6}")
    for lang, rr in by_lang.items():
        n = len(rr)
        print(f"{lang:5} {n:7d} {top1[lang] / n:7.1%} {top3[lang] / n:7.1%} {sum(rr) / n:6.3f}")

    import http

    times = []
    for _ in range(args.runs):
        for lang, query, _answers in rows:
            start = time.perf_counter()
            statusdex.search_hits(query, lang=lang, limit=10)
            times.append(time.perf_counter() - start)
    start = time.perf_counter()
    for _ in range(10000):
        http.HTTPStatus(404)
    base = (time.perf_counter() - start) / 10000
    med = statistics.median(times)
    p95 = sorted(times)[int(len(times) * 0.95)]
    print(
        f"speed: median {med * 1000:.3f} ms, p95 {p95 * 1000:.3f} ms per query over "
        f"{len(rows)} queries × {args.runs}; http.HTTPStatus(404) {base * 1e6:.2f} µs"
    )


if __name__ == "__main__":
    main()
