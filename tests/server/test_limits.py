"""Server limits against slow and idle clients (security finding 9), with raw sockets on
loopback: header timeout, idle keep-alive timeout, header size (431), connection cap. During
each flood ``/healthz`` keeps answering."""

from __future__ import annotations

import contextlib
import json
import os
import resource
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from tests.conftest import Server, free_port, start_server

HEADER_TIMEOUT_S = 1.5
IDLE_TIMEOUT_S = 1
MAX_HEADER_BYTES = 8192
MAX_CONNECTIONS = 30  # per worker; two workers


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    args = [
        "serve",
        "--workers",
        "2",
        "--header-timeout",
        str(HEADER_TIMEOUT_S),
        "--idle-timeout",
        str(IDLE_TIMEOUT_S),
        "--max-request-header-bytes",
        str(MAX_HEADER_BYTES),
        "--max-connections",
        str(MAX_CONNECTIONS),
    ]
    s = start_server(args, tmp_path_factory.mktemp("limits"))
    yield s
    s.stop()


def connect(server: Server) -> socket.socket:
    parts = urlsplit(server.url)
    s = socket.create_connection((parts.hostname, parts.port), timeout=10)
    return s


def read_all(s: socket.socket) -> bytes:
    """Everything until the server closes the connection (or 10 s pass)."""
    data = b""
    while True:
        try:
            chunk = s.recv(65536)
        except (ConnectionResetError, TimeoutError):
            return data
        if not chunk:
            return data
        data += chunk


def healthy(server: Server) -> bool:
    with httpx.Client(timeout=5) as c:
        return c.get(server.url + "/healthz").status_code == 200


@pytest.mark.parametrize(
    ("name", "value_size"),
    [("x-big", MAX_HEADER_BYTES + 100), ("cookie", 50 * MAX_HEADER_BYTES)],
)
def test_headers_over_the_cap_get_431(server: Server, name: str, value_size: int) -> None:
    with connect(server) as s:
        head = f"GET /codes/404 HTTP/1.1\r\nHost: x\r\n{name}: ".encode()
        # The server may close before the client has finished sending.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            s.sendall(head + b"a" * value_size + b"\r\n\r\n")
        answer = read_all(s)
    status, _, rest = answer.partition(b"\r\n")
    assert status == b"HTTP/1.1 431 Request Header Fields Too Large"
    body = json.loads(rest.split(b"\r\n\r\n", 1)[1])
    assert body["status"] == 431
    assert healthy(server)


def test_headers_under_the_cap_are_served(server: Server) -> None:
    with httpx.Client(timeout=5) as c:
        r = c.get(server.url + "/healthz", headers={"x-pad": "a" * (MAX_HEADER_BYTES // 2)})
    assert r.status_code == 200


def test_slow_byte_clients_are_cut_off_and_healthz_answers(server: Server) -> None:
    sockets = [connect(server) for _ in range(20)]
    try:
        for s in sockets:
            s.sendall(b"GET /healthz HTTP/1.1\r\n")
            s.setblocking(False)
        start = time.monotonic()
        closed: set[int] = set()
        answers: list[bytes] = []
        # One byte per socket every 0.2 s: the headers never end.
        while len(closed) < len(sockets) and time.monotonic() - start < HEADER_TIMEOUT_S + 8:
            for i, s in enumerate(sockets):
                if i in closed:
                    continue
                try:
                    data = s.recv(4096)
                except BlockingIOError:
                    data = None
                except ConnectionResetError:
                    data = b""
                if data is not None:
                    answers.append(data)
                    closed.add(i)
                    continue
                try:
                    s.send(b"x")
                except (BrokenPipeError, ConnectionResetError):
                    closed.add(i)
            assert healthy(server)
            time.sleep(0.2)
        assert len(closed) == len(sockets)
        assert any(a.startswith(b"HTTP/1.1 408 Request Timeout") for a in answers)
    finally:
        for s in sockets:
            s.close()


def test_a_connection_that_never_sends_is_closed(server: Server) -> None:
    with connect(server) as s:
        start = time.monotonic()
        assert read_all(s) == b""
        waited = time.monotonic() - start
    assert waited < HEADER_TIMEOUT_S + 5


def test_idle_keep_alive_connection_is_closed(server: Server) -> None:
    with connect(server) as s:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        answer = read_all(s)  # the answer, then the close after the idle timeout
    assert answer.startswith(b"HTTP/1.1 200 OK")
    assert answer.endswith(b'{"status":"ok"}')


def test_idle_socket_flood_over_the_cap_leaves_healthz_answering(server: Server) -> None:
    # Four times what both workers together accept, all idle.
    sockets = []
    try:
        for _ in range(MAX_CONNECTIONS * 2 * 4):
            sockets.append(connect(server))
        for _ in range(5):
            assert healthy(server)
        # The flood was thinned: most of the idle sockets have been closed by the server.
        closed = 0
        for s in sockets:
            s.settimeout(0.05)
            try:
                if s.recv(1) == b"":
                    closed += 1
            except TimeoutError:
                pass
            except ConnectionResetError:
                closed += 1
        assert closed >= len(sockets) - MAX_CONNECTIONS * 2
    finally:
        for s in sockets:
            s.close()


def test_idle_flood_at_a_low_file_limit_leaves_healthz_answering(tmp_path: Path) -> None:
    """Finding 9 as reported: 320 idle sockets against a worker allowed 300 open files."""

    def low_file_limit() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (300, 300))

    port = free_port()
    env = {**os.environ, "STATUSDEX_DATABASE_URL": f"sqlite:///{tmp_path / 'learn.db'}"}
    with (tmp_path / "server.log").open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "statusdex", "serve", "--workers", "1", "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            preexec_fn=low_file_limit,
        )
    server = Server(f"http://127.0.0.1:{port}", proc, tmp_path / "server.log")
    sockets: list[socket.socket] = []
    try:
        for _ in range(300):
            try:
                if healthy(server):
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        for _ in range(320):
            sockets.append(connect(server))
        for _ in range(5):
            assert healthy(server)
    finally:
        for s in sockets:
            s.close()
        server.stop()
    assert "Too many open files" not in server.log.read_text()
