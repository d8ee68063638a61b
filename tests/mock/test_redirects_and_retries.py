"""Redirect chains (curl -L, httpx), flaky codes for retry tests (urllib3's Retry honouring
Retry-After), seeded sequences, interim 1xx responses."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Callable

import httpx
import pytest
import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from statusdex.mock.choices import Choices, draw, parse_choices
from statusdex.mock.pytest_plugin import MockServer
from tests.conftest import Server


@pytest.fixture(scope="module")
def client(mock: Server) -> httpx.Client:
    with httpx.Client(base_url=mock.url, timeout=10) as c:
        yield c


@pytest.mark.parametrize("start", ["/redirect/5", "/relative-redirect/4", "/absolute-redirect/3"])
def test_curl_follows_a_chain(mock: Server, start: str) -> None:
    hops = int(start.rsplit("/", 1)[1])
    done = subprocess.run(
        ["curl", "-sL", "-o", "/dev/null", "-w", "%{http_code} %{num_redirects}", mock.url + start],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout == f"200 {hops}"


def test_chain_locations_are_relative(client: httpx.Client) -> None:
    r = client.get("/redirect/3")
    assert (r.status_code, r.headers["location"]) == (302, "/relative-redirect/2")
    r = client.get("/relative-redirect/1")
    assert r.headers["location"] == "/200"


def test_absolute_chain_uses_the_request_host(client: httpx.Client, mock: Server) -> None:
    r = client.get("/absolute-redirect/2")
    assert r.headers["location"] == f"{mock.url}/absolute-redirect/1"


@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
def test_httpx_follows_each_redirect_code(client: httpx.Client, code: int) -> None:
    r = client.post(f"/redirect/3?status={code}", content=b"x", follow_redirects=True)
    assert r.status_code == 200
    assert [h.status_code for h in r.history] == [code] * 3
    # 307 and 308 keep the method; 303 (and in practice 301/302) turn POST into GET.
    assert r.request.method == ("POST" if code in (307, 308) else "GET")


def test_urllib3_retry_honours_retry_after(mock: Server) -> None:
    """Two retries of a 503 with Retry-After: 1 take at least two seconds."""
    session = requests.Session()
    retry = Retry(
        total=2,
        status_forcelist=[503],
        respect_retry_after_header=True,
        allowed_methods=None,
        raise_on_status=False,
    )
    session.mount("http://", HTTPAdapter(max_retries=retry))
    start = time.monotonic()
    r = session.get(f"{mock.url}/503", params={"header": "Retry-After:1"}, timeout=10)
    assert r.status_code == 503
    assert time.monotonic() - start >= 2.0


def test_retry_until_success_with_a_seeded_flaky_endpoint(
    mock: Server, client: httpx.Client
) -> None:
    # Find a seed whose sequence starts 503, 503, 200 (attempt= reads the sequence statelessly).
    seed = next(
        s
        for s in (f"retry-{i}" for i in range(200))
        if [client.get(f"/status/503,200?seed={s}&attempt={n}").status_code for n in range(3)]
        == [503, 503, 200]
    )
    session = requests.Session()
    retry = Retry(total=3, status_forcelist=[503], backoff_factor=0, allowed_methods=None)
    session.mount("http://", HTTPAdapter(max_retries=retry))
    r = session.get(
        f"{mock.url}/status/503,200", params={"seed": seed, "header": "Retry-After:0"}, timeout=10
    )
    assert r.status_code == 200
    # The stateful sequence (no attempt=) is the one read by index: two 503s, then 200.
    assert [h.status for h in r.raw.retries.history] == [503, 503]


def test_the_same_seed_gives_the_same_sequence_in_another_run(
    mock: Server, statusdex_mock_factory: Callable[..., MockServer]
) -> None:
    """A second, fresh server (no shared state) walks through the same sequence."""
    other = statusdex_mock_factory()
    spec = "/status/200:0.5,500:0.3,503:0.2?seed=run-to-run"
    a = [httpx.get(mock.url + spec).status_code for _ in range(12)]
    b = [httpx.get(other.url + spec).status_code for _ in range(12)]
    assert a == b
    assert len(set(a)) > 1


def test_seeded_sequences_walk_forward_and_differ_by_seed(client: httpx.Client) -> None:
    def run(seed: str) -> list[int]:
        return [client.get(f"/status/200,500?seed={seed}").status_code for _ in range(24)]

    first = run("walk-a")
    by_index = [
        client.get(f"/status/200,500?seed=walk-a&attempt={n}").status_code for n in range(24)
    ]
    assert first == by_index
    assert set(first) == {200, 500}
    assert run("walk-b") != first


def test_weights_are_respected(client: httpx.Client) -> None:
    codes = {client.get("/status/200:0,503:1").status_code for _ in range(20)}
    assert codes == {503}
    picks = [
        client.get(f"/status/200:0.8,503:0.2?seed=w&attempt={n}").status_code for n in range(200)
    ]
    share = picks.count(200) / len(picks)
    assert 0.65 < share < 0.92


def test_random_ranges_stay_in_the_list(client: httpx.Client) -> None:
    seen = {client.get("/random/200,201,500-504").status_code for _ in range(60)}
    assert seen <= {200, 201, 500, 501, 502, 503, 504}
    assert len(seen) >= 4


@pytest.mark.parametrize(
    ("spec", "u", "code"),
    [
        ("200", 0.99, 200),
        ("200,500", 0.1, 200),
        ("200,500", 0.6, 500),
        ("200:3,500:1", 0.74, 200),
        ("200:3,500:1", 0.76, 500),
        ("500-502", 0.5, 501),
    ],
)
def test_choices_pick(spec: str, u: float, code: int) -> None:
    assert parse_choices(spec, cap=100).pick(u) == code


def test_draws_are_stable() -> None:
    assert draw("s", 0) == draw("s", 0)
    assert draw("s", 0) != draw("s", 1)
    assert isinstance(parse_choices("200", cap=1), Choices)


def _raw(mock: Server, request: bytes, body: bytes) -> bytes:
    """Send the head, read the interim response, send the body, read to the end."""
    host, port = mock.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(request)
        data = s.recv(4096)  # the server answers the head before it gets the body
        s.sendall(body)
        while chunk := s.recv(4096):  # Connection: close, so the server ends the stream
            data += chunk
    return data


def test_a_real_100_continue_then_the_final_code(mock: Server) -> None:
    request = (
        b"POST /100?final=201 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
        b"Expect: 100-continue\r\nConnection: close\r\n\r\n"
    )
    data = _raw(mock, request, b"hello")
    assert data.startswith(b"HTTP/1.1 100 Continue\r\n\r\n")
    final = data.split(b"\r\n\r\n", 1)[1]
    assert final.startswith(b"HTTP/1.1 201 ")
    assert final.endswith(b"201 Created")
