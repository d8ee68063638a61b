"""A plain ``GET /404`` answered a second time comes from the server's cache of ready-made
answers (``StatusdexProtocol._answer_from_cache``): the bytes must be the ones the ASGI path
wrote the first time, for every variant of the request, on both commands."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from tests.conftest import Server, start_server

REQUESTS = [
    "GET /404 HTTP/1.1\r\nHost: x\r\n\r\n",
    "HEAD /404 HTTP/1.1\r\nHost: x\r\n\r\n",
    "GET /503 HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\nAccept-Language: th\r\n\r\n",
    "GET /418 HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\nConnection: close\r\n\r\n",
    "GET /204 HTTP/1.0\r\n\r\n",
    "GET /301 HTTP/1.1\r\nHost: x\r\n\r\n",
]
DATE = re.compile(rb"\r\ndate: [^\r]*", re.IGNORECASE)


@pytest.fixture(scope="module", params=["mock", "serve"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    health = "/200" if request.param == "mock" else "/healthz"
    # One worker, so the second request surely meets the cache the first one filled.
    s = start_server(
        [request.param, "--workers", "1"], tmp_path_factory.mktemp("fast"), health=health
    )
    yield s
    s.stop()


def exchange(server: Server, raw: str, times: int) -> list[bytes]:
    """Send ``raw`` ``times`` times on one connection (or one connection each, if it closes);
    the answers, without their Date field."""
    parts = urlsplit(server.url)
    answers = []
    closes = "Connection: close" in raw or "HTTP/1.0" in raw
    sock = socket.create_connection((parts.hostname, parts.port), timeout=10)
    try:
        for _ in range(times):
            if closes:
                sock.close()
                sock = socket.create_connection((parts.hostname, parts.port), timeout=10)
            sock.sendall(raw.encode())
            data = b""
            while b"\r\n\r\n" not in data:
                data += sock.recv(65536)
            head, _, body = data.partition(b"\r\n\r\n")
            length = re.search(rb"content-length: (\d+)", head, re.IGNORECASE)
            want = 0 if raw.startswith("HEAD") or length is None else int(length.group(1))
            while len(body) < want:
                body += sock.recv(65536)
            answers.append(DATE.sub(b"", head) + b"\r\n\r\n" + body)
    finally:
        sock.close()
    return answers


@pytest.mark.parametrize("raw", REQUESTS)
def test_cached_answer_is_byte_for_byte_the_first(server: Server, raw: str) -> None:
    first, *again = exchange(server, raw, 4)
    assert first.startswith(b"HTTP/1.")
    assert again == [first] * 3


def test_access_log_has_every_request(server: Server) -> None:
    exchange(server, "GET /405 HTTP/1.1\r\nHost: x\r\n\r\n", 5)
    import time

    for _ in range(50):
        if server.log.read_text().count('"GET /405 HTTP/1.1" 405') == 5:
            return
        time.sleep(0.1)
    pytest.fail(f"expected 5 access log lines for /405:\n{server.log.read_text()[-2000:]}")


@pytest.mark.parametrize("path", ["/ref/404", "/404"])
def test_cached_answer_behind_a_root_path(
    tmp_path_factory: pytest.TempPathFactory, path: str
) -> None:
    """With ``--root-path`` (a proxy that keeps or strips the prefix) the answers stay the
    first one's, and the access log has each request."""
    s = start_server(
        ["serve", "--workers", "1", "--root-path", "/ref"], tmp_path_factory.mktemp("root")
    )
    try:
        first, *again = exchange(s, f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n", 3)
    finally:
        s.stop()
    assert first.startswith(b"HTTP/1.1 404 Not Found")
    assert again == [first] * 2
    assert s.log.read_text().count(f'"GET {path} HTTP/1.1" 404') == 3


def test_pipelined_requests_from_a_slow_reader_all_get_answers_in_order(server: Server) -> None:
    """3,000 pipelined requests, read only after the server's send buffer has filled: the
    ready-made path gives way to the ASGI path's back-pressure, nothing is lost or reordered."""
    import threading

    codes = [404 if i % 3 else 410 for i in range(3000)]
    raw = b"".join(f"GET /{c} HTTP/1.1\r\nHost: x\r\n\r\n".encode() for c in codes)
    parts = urlsplit(server.url)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sender = threading.Thread(target=sock.sendall, args=(raw,), daemon=True)
        sender.start()
        sender.join(1.0)  # let the server's writes back up
        data = bytearray()
        while data.count(b"HTTP/1.1 ") < len(codes):
            chunk = sock.recv(1 << 16)
            if not chunk:
                break
            data += chunk
        sender.join(10)
    seen = re.findall(rb"HTTP/1\.1 (\d{3}) ", bytes(data))
    assert [int(c) for c in seen] == codes
