"""Several worker processes behave as one server: seeded sequences, the rate limit and the
sleeper cap are shared (``statusdex.mock.shared``); the default is one worker per core."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from statusdex.mock.choices import draw, parse_choices
from statusdex.serving import default_workers
from tests.conftest import Server, start_server

SPEC = "200,201,202,203,204,205,206,207"


def started_workers(server: Server, expected: int) -> int:
    """Workers that have logged their start, waiting up to 60 s for ``expected`` of them (the
    health check answers as soon as the first one is up)."""
    deadline = time.monotonic() + 60
    while True:
        count = server.log.read_text().count("Started server process")
        if count >= expected or time.monotonic() > deadline:
            return count
        time.sleep(0.2)


def _fresh_connection_codes(url: str, path: str, n: int) -> list[int]:
    """Each request on its own connection, so the kernel hands them to different workers."""
    codes = []
    for _ in range(n):
        with httpx.Client(base_url=url, timeout=10) as c:
            codes.append(c.get(path).status_code)
    return codes


@pytest.mark.parametrize("workers", ["1", "3"])
def test_seeded_sequence_is_the_same_with_any_number_of_workers(
    tmp_path: Path, workers: str
) -> None:
    expected = [parse_choices(SPEC, cap=100).pick(draw("ci", i)) for i in range(24)]
    server = start_server(["mock", "--workers", workers], tmp_path, health="/200")
    try:
        started = started_workers(server, int(workers))
        got = _fresh_connection_codes(server.url, f"/status/{SPEC}?seed=ci", 24)
    finally:
        server.stop()
    assert got == expected
    assert started == int(workers)


def test_rate_limit_holds_for_the_whole_server(tmp_path: Path) -> None:
    env = {"STATUSDEX_MOCK_RATE_LIMIT": "5", "STATUSDEX_MOCK_RATE_WINDOW_S": "600"}
    server = start_server(["mock", "--workers", "3"], tmp_path, env=env, health="/")
    try:
        assert started_workers(server, 3) == 3
        codes = _fresh_connection_codes(server.url, "/200", 15)
    finally:
        server.stop()
    assert codes == [200] * 5 + [429] * 10


def test_sleeper_cap_holds_for_the_whole_server(tmp_path: Path) -> None:
    env = {"STATUSDEX_MOCK_MAX_SLEEPERS": "2"}
    server = start_server(["mock", "--workers", "3"], tmp_path, env=env, health="/200")

    async def scenario() -> tuple[list[int], list[int]]:
        clients = [httpx.AsyncClient(base_url=server.url, timeout=10) for _ in range(8)]
        try:
            sleepers = [asyncio.create_task(c.get("/200?sleep=3000")) for c in clients[:2]]
            await asyncio.sleep(1.0)
            extra = [(await c.get("/200?sleep=3000")).status_code for c in clients[2:]]
            return [(await t).status_code for t in sleepers], extra
        finally:
            for c in clients:
                await c.aclose()

    try:
        assert started_workers(server, 3) == 3
        with ThreadPoolExecutor(1) as pool:
            sleepers, extra = pool.submit(asyncio.run, scenario()).result()
    finally:
        server.stop()
    assert sleepers == [200, 200]
    assert extra == [503] * 6


@pytest.mark.parametrize("command", ["mock", "serve"])
def test_default_is_one_worker_per_core(tmp_path: Path, command: str) -> None:
    health = "/200" if command == "mock" else "/healthz"
    server = start_server([command], tmp_path, health=health)
    try:
        started = started_workers(server, default_workers())
    finally:
        server.stop()
    assert started == default_workers()
