"""Web app speed and weight, measured in one run on loopback.

Throughput: ``wrk`` (bounded in time) against ``statusdex serve`` for a code page and an API
lookup, and against a framework-free ASGI app that returns a static body of the same size and
media type on the same server (uvicorn, one worker, no access log). The ratio ours/baseline
is our overhead; the target is >= 0.5. The app is also measured with its in-process response
cache off (``STATUSDEX_CACHE_ENTRIES=0``), so the cost of rendering shows too.

Weight: every page (home, indexes, each family, vendor and entry page in every language)
compressed with gzip, plus the stylesheet, script and icon it loads: must stay under 50 KB.

    .venv/bin/python bench/web.py [--duration 5] [--rounds 2] [--no-weight]
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "src"))

from tests.conftest import free_port  # noqa: E402

LIMIT = 50_000
TARGETS = {"code page": "/codes/404", "API lookup": "/api/v1/codes/404"}


# --- the baseline: a static answer, no framework -------------------------------------------


def baseline_app(bodies: dict[str, tuple[bytes, bytes]]) -> Any:
    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body, media = bodies.get(scope["path"], (b"", b"text/plain"))
        headers = [(b"content-type", media), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    return app


def serve_baseline(port: int, spec: str) -> None:
    """Run the baseline server: ``spec`` is ``path=size:media,…``."""
    import uvicorn

    bodies = {}
    for item in spec.split(","):
        path, _, rest = item.partition("=")
        size, _, media = rest.partition(":")
        bodies[path] = (b"x" * int(size), media.encode())
    uvicorn.run(
        baseline_app(bodies), host="127.0.0.1", port=port, access_log=False, log_level="warning"
    )


# --- processes --------------------------------------------------------------------------------


def wait_ready(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"server at {url} did not start")


@contextmanager
def process(cmd: list[str], ready: str, env: dict[str, str] | None = None) -> Iterator[None]:
    proc = subprocess.Popen(
        cmd, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        wait_ready(ready)
        yield
    finally:
        proc.terminate()
        proc.wait(10)


def ours(port: int, cache: bool = True) -> Any:
    env = {"STATUSDEX_CACHE_ENTRIES": "2048" if cache else "0"}
    cmd = [sys.executable, "-m", "statusdex", "serve", "--port", str(port), "--no-access-log"]
    return process(cmd, f"http://127.0.0.1:{port}/healthz", env)


def fetch(url: str) -> tuple[bytes, str]:
    with urllib.request.urlopen(url) as r:
        return r.read(), r.headers["content-type"]


# --- wrk --------------------------------------------------------------------------------------


def wrk(url: str, duration: int) -> float:
    out = subprocess.run(
        ["wrk", "-t1", "-c16", f"-d{duration}s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if not match or "Non-2xx" in out:
        raise SystemExit(f"wrk failed on {url}:\n{out}")
    errors = re.search(r"Socket errors: .*", out)
    if errors:
        print(f"  note: {url}: {errors.group(0)}", file=sys.stderr)
    return float(match.group(1))


def throughput(duration: int, rounds: int) -> None:
    port, base_port, cold_port = free_port(), free_port(), free_port()
    with ours(port):
        bodies = {name: fetch(f"http://127.0.0.1:{port}{path}") for name, path in TARGETS.items()}
    spec = ",".join(
        f"{TARGETS[name]}={len(body)}:{media}" for name, (body, media) in bodies.items()
    )
    baseline = [sys.executable, __file__, "--baseline-server", str(base_port), spec]
    results: dict[tuple[str, str], list[float]] = {}
    for _ in range(rounds):  # interleaved, so drift on a noisy machine hits every side alike
        for side, ctx, p in (
            ("baseline", process(baseline, f"http://127.0.0.1:{base_port}/"), base_port),
            ("statusdex", ours(port), port),
            ("statusdex, no cache", ours(cold_port, cache=False), cold_port),
        ):
            with ctx:
                for name, path in TARGETS.items():
                    url = f"http://127.0.0.1:{p}{path}"
                    wrk(url, 1)  # warm-up: caches, JIT-free but import- and page-cache-warm
                    results.setdefault((side, name), []).append(wrk(url, duration))
    print(f"wrk -t1 -c16 -d{duration}s, {rounds} rounds, median requests/s (one uvicorn worker)")
    head = ("size", "baseline", "statusdex", "ratio", "no cache", "ratio")
    widths = (9, 11, 11, 7, 11, 7)
    print(" " * 22 + "".join(f"{h:>{w}}" for h, w in zip(head, widths, strict=True)))
    for name in TARGETS:
        base = statistics.median(results[("baseline", name)])
        hot = statistics.median(results[("statusdex", name)])
        cold = statistics.median(results[("statusdex, no cache", name)])
        size = len(bodies[name][0])
        print(
            f"{name:22}{size:>9}{base:>11.0f}{hot:>11.0f}{hot / base:>7.2f}"
            f"{cold:>11.0f}{cold / base:>7.2f}"
        )


# --- weight -----------------------------------------------------------------------------------


class Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.urls.append(a["src"] or "")
        if tag == "link" and a.get("rel") in ("stylesheet", "icon") and a.get("href"):
            self.urls.append(a["href"] or "")


def pages() -> list[str]:
    import statusdex
    from statusdex.web.urls import entry_path, family_path, vendor_path

    paths = ["/", "/codes", "/families", "/vendors", "/codes?q=rate+limit"]
    paths += [family_path(f) for f in statusdex.families()]
    paths += [vendor_path(v) for v in statusdex.vendors()]
    paths += [entry_path(s) for s in statusdex.all_statuses()]
    return [("" if lang == "en" else f"/{lang}") + p for lang in statusdex.LANGUAGES for p in paths]


def weight() -> bool:
    port = free_port()
    sizes: list[tuple[int, str]] = []
    with ours(port):
        base = f"http://127.0.0.1:{port}"
        asset_size: dict[str, int] = {}
        for path in pages():
            html, _ = fetch(base + path)
            parser = Assets()
            parser.feed(html.decode())
            total = len(gzip.compress(html))
            for url in parser.urls:
                if url not in asset_size:
                    asset_size[url] = len(gzip.compress(fetch(base + url)[0]))
                total += asset_size[url]
            sizes.append((total, path))
    sizes.sort(reverse=True)
    over = [(s, p) for s, p in sizes if s >= LIMIT]
    print(f"\npage weight, gzip, assets included: {len(sizes)} pages")
    print(f"  median {statistics.median(s for s, _ in sizes) / 1000:.1f} KB")
    for s, p in sizes[:5]:
        print(f"  {s / 1000:6.1f} KB  {p}")
    print(f"  limit {LIMIT / 1000:.0f} KB: {'all under' if not over else f'{len(over)} over'}")
    return not over


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--baseline-server":
        serve_baseline(int(sys.argv[2]), sys.argv[3])
        return 0
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--no-weight", action="store_true")
    p.add_argument("--no-throughput", action="store_true")
    args = p.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt: wrk)")
    if not args.no_throughput:
        throughput(args.duration, args.rounds)
    ok = True if args.no_weight else weight()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
