"""Fixtures of the origin attacks: ``statusdex serve`` (the site), ``statusdex mock`` alone,
an httpx client that follows no redirect, raw sockets, and Chromium contexts of their own."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from tests.conftest import Server, start_server

EVIL = "evil.example"
COOKIE = "statusdex_learner"


@pytest.fixture(scope="session")
def site(live_server: Server) -> Server:
    """``statusdex serve``: the site whose origin the mock shares."""
    return live_server


@pytest.fixture(scope="session")
def mock_alone(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``statusdex mock`` on a port of its own (no site to protect)."""
    server = start_server(["mock"], tmp_path_factory.mktemp("mock-alone"), health="/200")
    yield server
    server.stop()


@pytest.fixture
def http(site: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=site.url, timeout=10) as c:
        yield c


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    """A fresh Chromium context (its own cookies) for one victim."""
    ctx = browser.new_context()
    yield ctx
    ctx.close()


def raw_request(url: str, request: bytes) -> bytes:
    """Send ``request`` as it is on a new connection and read the answer until it closes."""
    parts = urlsplit(url)
    assert parts.hostname is not None
    assert parts.port is not None
    chunks: list[bytes] = []
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as s:
        s.sendall(request)
        for _ in range(1000):  # bounded: an answer here is a few kB
            data = s.recv(65536)
            if not data:
                break
            chunks.append(data)
    return b"".join(chunks)


def status_line(answer: bytes) -> str:
    return answer.split(b"\r\n", 1)[0].decode("latin-1")


def field_values(answer: bytes, name: str) -> list[str]:
    """Every value of one header field in a raw answer (case-insensitive name)."""
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")[1:]
    wanted = name.lower()
    return [v.strip() for k, _, v in (line.partition(":") for line in head) if k.lower() == wanted]


def learner_cookie(ctx: Any, url: str) -> str | None:
    """The value of the learner cookie Chromium holds for ``url`` (None: no cookie)."""
    for c in ctx.cookies(url):
        if c["name"] == COOKIE:
            return str(c["value"])
    return None
