"""Mock server throughput and load, as ratios measured side by side in one run (issue 6).

    .venv/bin/python bench/mock.py [--seconds 8] [--rounds 3] [--no-peer]   # speed
    .venv/bin/python bench/mock.py --load [--load-seconds 60]              # load checks
    .venv/bin/python bench/mock.py --httpbin [--seconds 5] [--rounds 4]    # httpbin endpoints

Speed: ``wrk`` with keep-alive against ``GET /404`` on 127.0.0.1, alternating rounds:

- our mock (``statusdex.mock.app:create_mock_app``) on uvicorn;
- a framework-free ASGI app returning the same bytes, on the same uvicorn settings
  (the baseline; target ≥ 0.8×);
- httpbin 0.10.4 (PyPI) ``/status/404`` on gunicorn gthread, in a virtual environment of its
  own under /tmp, created the first time (target: we are ≥ 5×).

Every server gets the same number of worker processes (``--workers``, default 2) and no
access log. Load: 60 s × 256 connections against ``/200`` (no socket errors, no status other
than 200, worker memory before and after), then 1,000 requests sleeping 30 s held open while
wrk measures ``/200`` again: the ratio to the run without sleepers. httpbin endpoints (issue
19): ``GET /anything`` and ``GET /get`` on our mock against the same paths on httpbin
(gunicorn gthread; target ≥ 5×), and our ``/anything`` against our own ``/404`` fast path
(target ≥ 0.5×). Record figures in docs/benchmarks-mock.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PY = sys.executable
HERE = Path(__file__).resolve().parent
PEER_VENV = Path(tempfile.gettempdir()) / "statusdex-bench-httpbin"
BODY = b"404 Not Found"


async def bare_app(scope: dict, receive: object, send: object) -> None:  # type: ignore[type-arg]
    """The baseline: the same status, headers and body as our ``GET /404``, no framework."""
    if scope["type"] != "http":
        return
    await send(  # type: ignore[operator]
        {
            "type": "http.response.start",
            "status": 404,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", b"13"),
                (b"access-control-allow-origin", b"*"),
                (
                    b"access-control-expose-headers",
                    b"Location, Retry-After, Content-Range, WWW-Authenticate, "
                    b"Proxy-Authenticate, Link, Allow, Upgrade, ETag, X-Statusdex-Mock-Error",
                ),
            ],
        }
    )
    await send({"type": "http.response.body", "body": BODY})  # type: ignore[operator]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_up(url: str, proc: subprocess.Popen[bytes]) -> None:
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited early: {proc.args}")
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server did not start: {proc.args}")


def uvicorn_server(target: str, workers: int, env: dict[str, str] | None = None) -> tuple:  # type: ignore[type-arg]
    port = free_port()
    cmd = [PY, "-m", "uvicorn", target, "--port", str(port), "--workers", str(workers)]
    cmd += ["--no-access-log", "--log-level", "warning", "--http", "httptools"]
    if target.startswith("statusdex"):
        cmd.append("--factory")
    else:
        cmd += ["--app-dir", str(HERE)]
    proc = subprocess.Popen(cmd, env={**os.environ, **(env or {})})
    return proc, f"http://127.0.0.1:{port}"


def httpbin_server(workers: int) -> tuple | None:  # type: ignore[type-arg]
    gunicorn = PEER_VENV / "bin" / "gunicorn"
    if not gunicorn.exists():
        subprocess.run([PY, "-m", "venv", str(PEER_VENV)], check=True)
        done = subprocess.run(
            [str(PEER_VENV / "bin" / "pip"), "install", "-q", "httpbin==0.10.4", "gunicorn"],
            check=False,
        )
        if done.returncode != 0:
            return None
    port = free_port()
    cmd = [str(gunicorn), "-w", str(workers), "-k", "gthread", "--threads", "8"]
    cmd += ["-b", f"127.0.0.1:{port}", "--log-level", "warning", "httpbin:app"]
    return subprocess.Popen(cmd), f"http://127.0.0.1:{port}"


def wrk(url: str, seconds: float, connections: int = 64) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds:g}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "rps": rps,
        "p50_ms": float(p50.group(1)) * scale[p50.group(2)] if p50 else float("nan"),
        "non2xx": float(non2xx.group(1)) if non2xx else 0.0,
        "socket_errors": float(sum(int(g) for g in errors.groups())) if errors else 0.0,
    }


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def speed(args: argparse.Namespace) -> None:
    servers = {
        "statusdex mock": uvicorn_server("statusdex.mock.app:create_mock_app", args.workers),
        "bare ASGI": uvicorn_server("mock:bare_app", args.workers),
    }
    paths = {"statusdex mock": "/404", "bare ASGI": "/404", "httpbin": "/status/404"}
    if not args.no_peer:
        peer = httpbin_server(args.workers)
        if peer is None:
            print("httpbin could not be installed; comparing without it")
        else:
            servers["httpbin"] = peer
    try:
        for name, (proc, url) in servers.items():
            wait_up(url + paths[name], proc)
            wrk(url + paths[name], 2)  # warm-up
        results: dict[str, list[float]] = {name: [] for name in servers}
        order = list(servers)
        for i in range(args.rounds):
            # ABBA: reverse the order every other round so drift in load cancels out.
            for name in order if i % 2 == 0 else reversed(order):
                url = servers[name][1]
                results[name].append(wrk(url + paths[name], args.seconds)["rps"])
    finally:
        for proc, _ in servers.values():
            stop(proc)
    med = {name: statistics.median(v) for name, v in results.items()}
    print(
        f"wrk -t2 -c64 -d{args.seconds:g}s, {args.rounds} rounds (ABBA order), "
        f"{args.workers} workers each, GET /404 keep-alive"
    )
    for name, values in results.items():
        runs = ", ".join(f"{v:,.0f}" for v in values)
        print(f"  {name:15} median {med[name]:>9,.0f} req/s   ({runs})")

    def ratio(peer: str) -> str:
        per_round = [a / b for a, b in zip(results["statusdex mock"], results[peer], strict=True)]
        spread = ", ".join(f"{r:.2f}" for r in per_round)
        return f"median of rounds {statistics.median(per_round):.2f}x  ({spread})"

    print(f"  mock / bare ASGI: {ratio('bare ASGI')}  (target >= 0.8)")
    if "httpbin" in results:
        print(f"  mock / httpbin  : {ratio('httpbin')}  (target >= 5)")


def httpbin_speed(args: argparse.Namespace) -> None:
    """``/anything`` and ``/get``: ours against httpbin's, and against our ``/404``."""
    mock = uvicorn_server("statusdex.mock.app:create_mock_app", args.workers)
    peer = httpbin_server(args.workers)
    if peer is None:
        stop(mock[0])
        raise SystemExit("httpbin could not be installed")
    targets = {
        "mock /anything": mock[1] + "/anything",
        "mock /get": mock[1] + "/get",
        "mock /404": mock[1] + "/404",
        "httpbin /anything": peer[1] + "/anything",
        "httpbin /get": peer[1] + "/get",
    }
    try:
        wait_up(mock[1] + "/get", mock[0])
        wait_up(peer[1] + "/get", peer[0])
        for url in targets.values():
            wrk(url, 2)  # warm-up
        results: dict[str, list[float]] = {name: [] for name in targets}
        order = list(targets)
        for i in range(args.rounds):
            for name in order if i % 2 == 0 else reversed(order):
                results[name].append(wrk(targets[name], args.seconds)["rps"])
    finally:
        stop(mock[0])
        stop(peer[0])
    print(
        f"wrk -t2 -c64 -d{args.seconds:g}s, {args.rounds} rounds (ABBA order), "
        f"{args.workers} workers each, keep-alive"
    )
    for name, values in results.items():
        runs = ", ".join(f"{v:,.0f}" for v in values)
        print(f"  {name:18} median {statistics.median(values):>9,.0f} req/s   ({runs})")

    def ratio(a: str, b: str, target: str) -> None:
        per_round = [x / y for x, y in zip(results[a], results[b], strict=True)]
        spread = ", ".join(f"{r:.2f}" for r in per_round)
        med = statistics.median(per_round)
        print(f"  {a} / {b}: median of rounds {med:.2f}x  ({spread})  (target {target})")

    ratio("mock /anything", "httpbin /anything", ">= 5")
    ratio("mock /get", "httpbin /get", ">= 5")
    ratio("mock /anything", "mock /404", ">= 0.5")


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def workers_of(pid: int) -> list[int]:
    """The worker processes of a uvicorn supervisor (itself when it has none)."""
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    children = [int(p) for p in out.split()]
    # Workers are spawned processes; the other child is multiprocessing's resource tracker.
    workers = [p for p in children if b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes()]
    return workers or [pid]


async def hold_sleepers(url: str, n: int, seconds: int) -> list[tuple]:  # type: ignore[type-arg]
    host, port = url.removeprefix("http://").split(":")
    conns = []
    for _ in range(n):
        r, w = await asyncio.open_connection(host, int(port))
        w.write(f"GET /200?sleep={seconds}s HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        conns.append((r, w))
    for _, w in conns:
        await w.drain()
    return conns


async def status_lines(conns: list[tuple]) -> list[bytes]:  # type: ignore[type-arg]
    lines = await asyncio.gather(*(asyncio.wait_for(r.readline(), 60) for r, _ in conns))
    for _, w in conns:
        w.close()
    return lines


def load(args: argparse.Namespace) -> None:
    env = {"STATUSDEX_MOCK_MAX_SLEEPERS": "2000", "STATUSDEX_MOCK_MAX_DELAY_MS": "60000"}
    proc, url = uvicorn_server("statusdex.mock.app:create_mock_app", args.workers, env)
    try:
        wait_up(url + "/200", proc)
        wrk(url + "/200", 3, 256)  # warm-up: caches filled, workers at steady size
        before = {p: rss_kb(p) for p in workers_of(proc.pid)}
        r = wrk(url + "/200", args.load_seconds, 256)
        after = {p: rss_kb(p) for p in workers_of(proc.pid)}
        print(f"wrk -t2 -c256 -d{args.load_seconds}s GET /200, {args.workers} workers:")
        print(
            f"  {r['rps']:,.0f} req/s, p50 {r['p50_ms']:.2f} ms, "
            f"socket errors {r['socket_errors']:.0f}, non-2xx {r['non2xx']:.0f}"
        )
        for p in before:
            print(f"  worker {p}: RSS {before[p] / 1024:.1f} MiB -> {after.get(p, 0) / 1024:.1f}")

        base = wrk(url + "/200", 10, 64)

        async def with_sleepers() -> tuple[dict[str, float], list[bytes], float]:
            start = time.monotonic()
            conns = await hold_sleepers(url, 1000, 13)
            await asyncio.sleep(1)
            result = await asyncio.to_thread(wrk, url + "/200", 10, 64)
            lines = await status_lines(conns)
            return result, lines, time.monotonic() - start

        slept, lines, took = asyncio.run(with_sleepers())
        ok = sum(line.startswith(b"HTTP/1.1 200 ") for line in lines)
        print(f"1,000 requests sleeping 13 s: {ok} answered 200 after {took:.1f} s")
        print("GET /200, wrk -c64 10 s, without and with the 1,000 sleeping requests:")
        print(f"  without: {base['rps']:,.0f} req/s, p50 {base['p50_ms']:.2f} ms")
        print(
            f"  with   : {slept['rps']:,.0f} req/s, p50 {slept['p50_ms']:.2f} ms, "
            f"non-2xx {slept['non2xx']:.0f}, socket errors {slept['socket_errors']:.0f}"
        )
        print(f"  ratio with/without: {slept['rps'] / base['rps']:.2f}x req/s")
    finally:
        stop(proc)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-peer", action="store_true", help="skip httpbin")
    parser.add_argument("--load", action="store_true", help="run the load checks instead")
    parser.add_argument("--load-seconds", type=float, default=60)
    parser.add_argument("--httpbin", action="store_true", help="httpbin endpoints instead")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed (apt: wrk)")
    if args.httpbin:
        httpbin_speed(args)
    else:
        load(args) if args.load else speed(args)


if __name__ == "__main__":
    main()
