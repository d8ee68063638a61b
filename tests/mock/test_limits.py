"""Safety caps that protect a hosted mock: rate limit, concurrent sleepers, settings."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from statusdex.mock.pytest_plugin import MockServer
from statusdex.mock.ratelimit import RateLimiter
from statusdex.mock.settings import MockSettings, SettingsError
from tests.conftest import Server


def test_rate_limit_answers_a_real_429(limited: Server) -> None:
    with httpx.Client(base_url=limited.url, timeout=10) as c:
        first = [c.get("/200").status_code for _ in range(3)]
        r = c.get("/200")
    assert first == [200, 200, 200]
    assert r.status_code == 429
    assert r.headers["x-statusdex-mock-error"] == "rate-limited"
    assert r.headers["content-type"] == "application/problem+json"
    assert 1 <= int(r.headers["retry-after"]) <= 60
    assert r.json()["type"] == "urn:statusdex:mock:rate-limited"


@pytest.mark.parametrize(
    ("times", "expected"),
    [((0.0, 1.0, 2.0), (0, 0, 8)), ((0.0, 9.5, 10.0, 10.1), (0, 0, 0, 0))],
)
def test_rate_limiter_windows(times: tuple[float, ...], expected: tuple[int, ...]) -> None:
    limiter = RateLimiter(limit=2, window_s=10)
    assert tuple(limiter.check("a", now=t) for t in times) == expected


def test_max_sleepers_turns_extra_sleepers_away(
    statusdex_mock_factory: Callable[..., MockServer],
) -> None:
    server = statusdex_mock_factory(max_sleepers=2)

    async def scenario() -> tuple[list[int], int, float]:
        async with httpx.AsyncClient(base_url=server.url, timeout=10) as c:
            sleepers = [asyncio.create_task(c.get("/200?sleep=1500")) for _ in range(2)]
            await asyncio.sleep(0.4)
            start = time.monotonic()
            extra = await c.get("/200?sleep=1500")
            waited = time.monotonic() - start
            plain = await c.get("/200")  # requests that do not sleep are not limited
            assert plain.status_code == 200
            assert extra.headers["x-statusdex-mock-error"] == "too-many-sleepers"
            assert extra.headers["retry-after"] == "1"
            return [(await t).status_code for t in sleepers], extra.status_code, waited

    with ThreadPoolExecutor(1) as pool:  # Playwright's sync API may own this thread's loop
        codes, extra, waited = pool.submit(asyncio.run, scenario()).result()
    assert codes == [200, 200]
    assert extra == 503
    assert waited < 1.0


def test_settings_from_environment() -> None:
    env = {
        "STATUSDEX_MOCK_MAX_DELAY_MS": "1500",
        "STATUSDEX_MOCK_RATE_WINDOW_S": "2.5",
        "STATUSDEX_MOCK_ALLOWED_REDIRECT_HOSTS": "Example.org, ,api.example.org",
    }
    s = MockSettings.from_env(env)
    assert (s.max_delay_ms, s.rate_window_s) == (1500, 2.5)
    assert s.allowed_redirect_hosts == ("example.org", "api.example.org")
    assert MockSettings.from_env(s.to_env()) == s


@pytest.mark.parametrize(
    "env",
    [
        {"STATUSDEX_MOCK_MAX_DELAY_MS": "lots"},
        {"STATUSDEX_MOCK_MAX_BODY_BYTES": "-1"},
        {"STATUSDEX_MOCK_RATE_WINDOW_S": "0"},
        {"STATUSDEX_MOCK_MAX_CHOICES": "0"},
    ],
    ids=str,
)
def test_bad_settings_are_refused(env: dict[str, str]) -> None:
    with pytest.raises(SettingsError):
        MockSettings.from_env(env)


@pytest.mark.parametrize(
    "args",
    [["--max-delay-ms", "soon"], ["--rate-limit", "-3"], ["--workers", "0"], ["--bogus"]],
    ids=str,
)
def test_cli_rejects_bad_options_in_one_line(args: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "statusdex", "mock", *args],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("statusdex mock: ")
    assert "Traceback" not in done.stderr


def test_cli_options_reach_the_server(tmp_path: Path) -> None:
    from tests.conftest import start_server

    server = start_server(
        ["mock", "--max-delay-ms", "100", "--no-access-log"], tmp_path, health="/200"
    )
    try:
        r = httpx.get(f"{server.url}/200?sleep=101", timeout=5)
        assert r.status_code == 400
        assert "max_delay_ms=100" in r.json()["detail"]
    finally:
        server.stop()
