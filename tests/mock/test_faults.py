"""Broken-server faults, seen through real clients: httpx, requests and curl."""

from __future__ import annotations

import socket
import subprocess
import time

import httpx
import pytest
import requests

from tests.conftest import Server


@pytest.fixture(scope="module")
def client(mock: Server) -> httpx.Client:
    with httpx.Client(base_url=mock.url, timeout=10) as c:
        yield c


# (how it is asked for, what httpx sees)
ABORT_ROWS = [
    ({"abort": "before-headers"}, {}, "Server disconnected without sending a response"),
    ({}, {"X-HttpStatus-AbortBeforeHeaders": "true"}, "without sending a response"),
    (
        {"abort": "after-headers"},
        {},
        "peer closed connection without sending complete message body",
    ),
    ({}, {"X-HttpStatus-AbortAfterHeaders": "true"}, "without sending complete message body"),
    ({"abort": "mid-body"}, {}, "without sending complete message body"),
    ({}, {"X-HttpStatus-AbortDuringBody": "true"}, "without sending complete message body"),
]


@pytest.mark.parametrize(("query", "headers", "message"), ABORT_ROWS, ids=str)
def test_aborts_with_httpx(
    mock: Server, query: dict[str, str], headers: dict[str, str], message: str
) -> None:
    # A fresh connection per row: an aborted connection must not be reused.
    with pytest.raises(httpx.RemoteProtocolError, match=message):
        httpx.get(f"{mock.url}/200", params=query, headers=headers, timeout=10)


def test_abort_mid_body_sends_part_of_the_body(mock: Server) -> None:
    received = b""
    with httpx.stream("GET", f"{mock.url}/200?abort=mid-body", timeout=10) as r:
        assert r.status_code == 200
        assert r.headers["content-length"] == "6"  # "200 OK"
        chunks = r.iter_raw()
        received += next(chunks)
        with pytest.raises(httpx.RemoteProtocolError):
            received += b"".join(chunks)
    assert received == b"200"


def test_abort_after_headers_with_requests(mock: Server) -> None:
    r = requests.get(f"{mock.url}/503?abort=after-headers", stream=True, timeout=10)
    assert r.status_code == 503
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        r.content  # noqa: B018 - reading the body is what fails


def test_abort_before_headers_with_requests(mock: Server) -> None:
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get(f"{mock.url}/503?abort=before-headers", timeout=10)


def test_abort_before_headers_on_the_wire(mock: Server) -> None:
    """Not a byte of a response: the connection is simply closed."""
    host, port = mock.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(b"GET /200?abort=before-headers HTTP/1.1\r\nHost: x\r\n\r\n")
        data = b""
        while chunk := s.recv(4096):
            data += chunk
    assert data == b""


def test_sleep_after_headers(mock: Server) -> None:
    start = time.monotonic()
    with httpx.stream("GET", f"{mock.url}/200?sleep_after_headers=600ms", timeout=10) as r:
        headers_at = time.monotonic() - start
        assert r.status_code == 200
        body = r.read()
    total = time.monotonic() - start
    assert headers_at < 0.5, "headers come first"
    assert total >= 0.6
    assert body == b"200 OK"


def test_sleep_after_headers_by_header(mock: Server) -> None:
    start = time.monotonic()
    r = httpx.get(f"{mock.url}/201", headers={"X-HttpStatus-SleepAfterHeaders": "300"}, timeout=10)
    assert time.monotonic() - start >= 0.3
    assert r.text == "201 Created"


def test_drip_feeds_the_body_in_pieces(mock: Server) -> None:
    start = time.monotonic()
    arrivals: list[float] = []
    body = b""
    with httpx.stream("GET", f"{mock.url}/404?drip=1s", timeout=10) as r:
        for chunk in r.iter_raw():
            arrivals.append(time.monotonic() - start)
            body += chunk
    assert body == b"404 Not Found"
    assert arrivals[-1] >= 1.0
    assert arrivals[0] < 0.5, "the first piece comes at once"
    assert len(arrivals) > 3


def test_dribble_body_like_httpstatus(mock: Server) -> None:
    start = time.monotonic()
    r = httpx.get(f"{mock.url}/200", headers={"X-HttpStatus-DribbleBody": "true"}, timeout=10)
    assert time.monotonic() - start >= 0.2
    assert r.text == "200 OK"


def test_curl_max_time_against_a_delay(mock: Server) -> None:
    start = time.monotonic()
    done = subprocess.run(
        ["curl", "-s", "--max-time", "0.5", f"{mock.url}/200?sleep=3000"],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 28  # curl: operation timed out
    assert time.monotonic() - start < 2.5


def test_a_client_that_gives_up_frees_the_server(mock: Server) -> None:
    """Clients that time out on long sleeps leave; the server keeps answering at once."""
    for _ in range(5):
        with pytest.raises(httpx.ReadTimeout):
            httpx.get(f"{mock.url}/200?sleep=4s", timeout=0.2)
    start = time.monotonic()
    assert httpx.get(f"{mock.url}/200", timeout=5).status_code == 200
    assert time.monotonic() - start < 1
