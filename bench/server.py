"""What a user gets from the README's commands, against nginx, in one run (issue 13).

    .venv/bin/python bench/server.py [--seconds 6] [--rounds 3] [--granian]   # speed
    .venv/bin/python bench/server.py --soak 60                              # soak

Speed: ``wrk -t2 -c64`` with keep-alive on 127.0.0.1, several rounds, the order of the
servers reversed every other round:

- nginx from Debian's package, ``return 404;``, ``worker_processes auto`` and its access log
  on (to a file): the baseline;
- ``statusdex serve`` and ``statusdex mock`` exactly as the README starts them (no options:
  one worker per core, access log on, written to a file): ``GET /404``, and for serve also
  the reference page ``/codes/404`` and the API lookup ``/api/v1/codes/404``;
- a bare ASGI app answering the same 404 bytes on the same server (``statusdex.serving``:
  uvicorn with our protocol, same workers, access log on): the ceiling of the ASGI path;
- a bare httptools + uvloop protocol that answers every request with a fixed 404 and does
  nothing else (no log, no limits), one process per core on one socket: the ceiling of
  Python on this machine;
- with ``--granian``, if granian is installed: the mock app on granian with the same workers
  (no access log), for the record of the server choice.

Each figure is printed as a ratio to nginx in the same round; the median over rounds is the
result. Beside it, the server's own CPU time per request (user + system of its processes
during the run, from /proc, over the requests wrk counted): on a machine shared with other
jobs this is steadier than requests per second, which depend on the share of the cores each
server gets. Memory: resident set of each worker after the rounds.

Soak: ``statusdex serve`` with its defaults, 256 connections for ``--soak`` seconds cycling
through ``/codes/404``, ``/api/v1/codes/404``, ``/200`` and ``/healthz`` (all 200): socket
errors and non-200 answers must be 0; resident memory of each worker sampled every 10 s.

Needs nginx, wrk and hyperfine (installed with apt-get when missing, as root).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

PY = sys.executable
TMP = Path(tempfile.mkdtemp(prefix="statusdex-bench-server-"))

BARE_APP = """
async def app(scope, receive, send):
    if scope["type"] == "lifespan":
        while True:
            m = await receive()
            if m["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            else:
                await send({"type": "lifespan.shutdown.complete"})
                return
    await send({"type": "http.response.start", "status": 404, "headers": [
        (b"content-type", b"text/plain; charset=utf-8"), (b"content-length", b"13")]})
    await send({"type": "http.response.body", "body": b"404 Not Found"})

def create():
    return app
"""

NGINX_CONF = """
worker_processes auto;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
daemon off;
events {{ worker_connections 4096; }}
http {{
  access_log {tmp}/nginx-access.log;
  server {{ listen 127.0.0.1:{port}; location / {{ return 404; }} }}
}}
"""

BARE_PROTOCOL = """
import asyncio, os, socket, sys
import httptools, uvloop

ANSWER = (b"HTTP/1.1 404 Not Found\\r\\ncontent-type: text/plain; charset=utf-8\\r\\n"
          b"content-length: 13\\r\\n\\r\\n404 Not Found")


class Bare(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport
        self.parser = httptools.HttpRequestParser(self)

    def data_received(self, data):
        self.parser.feed_data(data)

    def on_message_complete(self):
        self.transport.write(ANSWER)


sock = socket.socket()
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock.bind(("127.0.0.1", int(sys.argv[1])))
sock.listen(1024)
for _ in range(int(sys.argv[2]) - 1):
    if os.fork() == 0:
        break
loop = uvloop.new_event_loop()
loop.run_until_complete(loop.create_server(Bare, sock=sock))
loop.run_forever()
"""

SOAK_LUA = """
local paths = {"/codes/404", "/api/v1/codes/404", "/200", "/healthz"}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
"""


def ensure_tools() -> None:
    missing = [t for t in ("nginx", "wrk", "hyperfine") if shutil.which(t) is None]
    if not missing and Path("/usr/sbin/nginx").exists():
        return
    if os.geteuid() != 0:
        sys.exit(f"bench/server.py needs {missing} (apt-get install nginx-light wrk hyperfine)")
    packages = {"nginx": "nginx-light", "wrk": "wrk", "hyperfine": "hyperfine"}
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", *[packages[t] for t in missing]],
        check=True,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_up(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"server for {url} exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"{url} did not come up")


@contextmanager
def server(name: str, cmd: list[str], port: int, probe: str) -> Iterator[subprocess.Popen[bytes]]:
    log = (TMP / f"{name}.log").open("wb")
    env = {**os.environ, "STATUSDEX_DATABASE_URL": f"sqlite:///{TMP / 'learn.db'}"}
    # a session of its own: the whole group (workers, the bare protocol's forks) is stopped
    proc = subprocess.Popen(
        cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=TMP, start_new_session=True
    )
    try:
        wait_up(f"http://127.0.0.1:{port}{probe}", proc)
        yield proc
    finally:
        _signal_group(proc, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            _signal_group(proc, signal.SIGKILL)
            proc.wait()
        time.sleep(0.2)
        _signal_group(proc, signal.SIGKILL)  # any child the leader left behind
        log.close()


def _signal_group(proc: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, sig)


def children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _is_helper(pid: int) -> bool:
    """multiprocessing's resource tracker, which uvicorn's supervisor starts: not a worker."""
    try:
        return b"resource_tracker" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return True


def worker_rss(proc: subprocess.Popen[bytes]) -> list[float]:
    """Resident memory of each worker process (the process itself when it has none)."""
    kids = [k for k in children(proc.pid) if not _is_helper(k)] or [proc.pid]
    return [round(rss_mb(k), 1) for k in kids]


def tree(pid: int) -> list[int]:
    """The process and all its descendants."""
    out = [pid]
    for kid in children(pid):
        out += tree(kid)
    return out


def cpu_seconds(pids: list[int]) -> float:
    """User + system time of these processes so far."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def wrk(url: str, seconds: int, connections: int = 64, script: str | None = None) -> dict:  # type: ignore[type-arg]
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if script:
        cmd += ["-s", script]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    total = re.search(r"(\d+) requests in", out)
    return {
        "rps": rps,
        "socket_errors": sum(int(g) for g in errors.groups()) if errors else 0,
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "requests": int(total.group(1)) if total else 0,
    }


def speed(args: argparse.Namespace) -> None:
    bare = TMP / "bare_app.py"
    bare.write_text(BARE_APP)
    ports = {
        name: free_port()
        for name in ("nginx", "serve", "mock", "mock-nolog", "bare", "protocol", "granian")
    }
    (TMP / "bare_protocol.py").write_text(BARE_PROTOCOL)
    cores = len(os.sched_getaffinity(0))
    (TMP / "nginx.conf").write_text(NGINX_CONF.format(tmp=TMP, port=ports["nginx"]))
    nginx = ["nginx", "-c", str(TMP / "nginx.conf"), "-p", str(TMP)]
    sdx = [PY, "-m", "statusdex"]
    # (label, server name, url path)
    cases = [
        ("nginx return 404", "nginx", "/404"),
        ("statusdex serve /404", "serve", "/404"),
        ("statusdex serve /codes/404", "serve", "/codes/404"),
        ("statusdex serve /api/v1/codes/404", "serve", "/api/v1/codes/404"),
        ("statusdex mock /404", "mock", "/404"),
        ("statusdex mock --no-access-log /404", "mock-nolog", "/404"),
        ("bare ASGI app, same server", "bare", "/404"),
        ("bare httptools protocol (ceiling)", "protocol", "/404"),
    ]
    commands = {
        "nginx": (nginx, "/"),
        "serve": ([*sdx, "serve", "--port", str(ports["serve"])], "/healthz"),
        "mock": ([*sdx, "mock", "--port", str(ports["mock"])], "/200"),
        "mock-nolog": (
            [*sdx, "mock", "--no-access-log", "--port", str(ports["mock-nolog"])],
            "/200",
        ),
        "bare": (
            [
                PY,
                "-c",
                "import sys; sys.path.insert(0, '.');"
                "from statusdex import serving;"
                f"serving.run('bare_app:create', host='127.0.0.1', port={ports['bare']},"
                " workers=serving.default_workers(), access_log=True,"
                " limits=serving.Limits(), graceful_s=5)",
            ],
            "/",
        ),
        "protocol": (
            [PY, str(TMP / "bare_protocol.py"), str(ports["protocol"]), str(cores)],
            "/",
        ),
    }
    if args.granian:
        if shutil.which("granian") is None and not Path(PY).with_name("granian").exists():
            sys.exit("--granian: granian is not installed (uv pip install granian)")
        granian = str(Path(PY).with_name("granian"))
        commands["granian"] = (
            [
                granian,
                "--interface",
                "asgi",
                "--factory",
                "--workers",
                str(len(os.sched_getaffinity(0))),
                "--port",
                str(ports["granian"]),
                "--no-access-log",
                "statusdex.mock.app:create_mock_app",
            ],
            "/200",
        )
        cases.append(("mock app on granian (no log)", "granian", "/404"))

    results: dict[str, list[float]] = {label: [] for label, _, _ in cases}
    cpu_us: dict[str, list[float]] = {label: [] for label, _, _ in cases}
    memory: dict[str, list[float]] = {}
    with contextmanager_stack(commands, ports) as procs:
        for proc_name, proc in procs.items():
            memory[proc_name] = worker_rss(proc)
        # Warm-up, not counted: each worker renders and caches its pages, imports lazily.
        for _, name, path in cases:
            wrk(f"http://127.0.0.1:{ports[name]}{path}", 2)
        for r in range(args.rounds):
            order = cases if r % 2 == 0 else list(reversed(cases))
            for label, name, path in order:
                pids = tree(procs[name].pid)
                before = cpu_seconds(pids)
                run = wrk(f"http://127.0.0.1:{ports[name]}{path}", args.seconds)
                used = cpu_seconds(pids) - before
                rps = run["rps"]
                results[label].append(rps)
                cpu_us[label].append(used / max(1, run["requests"]) * 1e6)
                print(
                    f"round {r + 1}: {label:38} {rps:10,.0f} req/s"
                    f" {cpu_us[label][-1]:6.1f} µs CPU/request",
                    flush=True,
                )
        for proc_name, proc in procs.items():
            memory[proc_name] = worker_rss(proc)

    print()
    print(f"{args.rounds} rounds of {args.seconds} s, wrk -t2 -c64, order reversed every round")
    print(
        f"{'':40} {'median req/s':>14} {'÷ nginx (median of rounds)':>28}"
        f" {'µs CPU/req':>11} {'nginx ÷ it':>10}   ratios per round"
    )
    base = results["nginx return 404"]
    base_cpu = statistics.median(cpu_us["nginx return 404"])
    for label, _, _ in cases:
        ratios = [x / b for x, b in zip(results[label], base, strict=True)]
        per_round = " · ".join(f"{x:.2f}" for x in ratios)
        cpu = statistics.median(cpu_us[label])
        print(
            f"{label:40} {statistics.median(results[label]):14,.0f}"
            f" {statistics.median(ratios):28.2f} {cpu:11.1f} {base_cpu / cpu:10.2f}   {per_round}"
        )
    print()
    print("resident memory per worker after the rounds (MB):")
    for name, values in memory.items():
        print(f"  {name:10} {values}")


@contextmanager
def contextmanager_stack(
    commands: dict[str, tuple[list[str], str]], ports: dict[str, int]
) -> Iterator[dict[str, subprocess.Popen[bytes]]]:
    from contextlib import ExitStack

    with ExitStack() as stack:
        procs = {
            name: stack.enter_context(server(name, cmd, ports[name], probe))
            for name, (cmd, probe) in commands.items()
        }
        yield procs


def soak(args: argparse.Namespace) -> int:
    port = free_port()
    script = TMP / "soak.lua"
    script.write_text(SOAK_LUA)
    cmd = [PY, "-m", "statusdex", "serve", "--port", str(port)]
    with server("soak", cmd, port, "/healthz") as proc:
        wrk(f"http://127.0.0.1:{port}/", 3, 64, str(script))  # warm every page's cache
        samples = [worker_rss(proc)]
        load = subprocess.Popen(
            [
                "wrk",
                "-t2",
                "-c256",
                f"-d{args.soak}s",
                "--latency",
                "-s",
                str(script),
                f"http://127.0.0.1:{port}/",
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        while load.poll() is None:
            time.sleep(10)
            samples.append(worker_rss(proc))
        out = load.communicate()[0]
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    errors = re.search(r"Socket errors: [^\n]+", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    total = re.search(r"(\d+) requests in", out)
    print(f"soak: {args.soak} s, 256 connections, statusdex serve with its defaults")
    print(f"  requests {total.group(1) if total else '?'}, {rps.group(1) if rps else '?'} req/s")
    print(f"  {errors.group(0) if errors else 'Socket errors: none'}")
    print(f"  non-2xx/3xx answers: {non2xx.group(1) if non2xx else 0}")
    latency = re.search(r"Latency Distribution\n((?:\s+\d+%\s+\S+\n)+)", out)
    summary = re.search(r"Latency\s+\S+\s+\S+\s+(\S+)", out)
    if latency:
        print("  latency " + " · ".join(" ".join(x.split()) for x in latency.group(1).splitlines()))
    if summary:
        print(f"  latency max {summary.group(1)}")
    print("  worker memory every 10 s (MB):")
    for i, s in enumerate(samples):
        print(f"    {i * 10:4d} s  {s}")
    return 1 if errors or non2xx else 0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--seconds", type=int, default=6)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--granian", action="store_true", help="also the mock app on granian")
    p.add_argument("--soak", type=int, default=0, metavar="S", help="run the soak instead")
    args = p.parse_args()
    ensure_tools()
    try:
        if args.soak:
            return soak(args)
        speed(args)
        return 0
    finally:
        shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
