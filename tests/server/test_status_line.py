"""The status line's reason phrase is the registry's (uvicorn's own table says otherwise for
413 and 418 and has none for vendor codes)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from statusdex import lookup
from tests.conftest import Server, start_server

CODES = [200, 404, 413, 418, 422, 425, 499, 599, 520]


@pytest.fixture(scope="module")
def mock_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = start_server(
        ["mock", "--workers", "2"], tmp_path_factory.mktemp("line"), health="/200"
    )
    yield server
    server.stop()


def status_line(url: str, path: str) -> bytes:
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while b"\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    return data.split(b"\r\n", 1)[0]


@pytest.mark.parametrize("code", CODES)
def test_reason_phrase_is_the_registrys(mock_server: Server, code: int) -> None:
    expected = f"HTTP/1.1 {code} {lookup(code).phrase}".encode()
    assert status_line(mock_server.url, f"/{code}") == expected
