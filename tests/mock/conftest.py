"""Mock servers for the mock tests: real ``statusdex mock`` processes on loopback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import Server, start_server

# Caps small enough that tests can go over them quickly.
CAPS = {
    "STATUSDEX_MOCK_MAX_DELAY_MS": "5000",
    "STATUSDEX_MOCK_MAX_BODY_BYTES": "1024",
    "STATUSDEX_MOCK_MAX_REDIRECTS": "5",
    "STATUSDEX_MOCK_MAX_HEADER_BYTES": "512",
    "STATUSDEX_MOCK_MAX_CHOICES": "600",
    "STATUSDEX_MOCK_ALLOWED_REDIRECT_HOSTS": "example.org, docs.example.org",
    "STATUSDEX_MOCK_MAX_REQUEST_BYTES": "4096",
}


@pytest.fixture(scope="session")
def mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``statusdex mock`` alone, with the caps above."""
    server = start_server(["mock"], tmp_path_factory.mktemp("mock"), env=CAPS, health="/200")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def limited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A second, separate process with a rate limit of 3 requests a minute per client."""
    env = {"STATUSDEX_MOCK_RATE_LIMIT": "3", "STATUSDEX_MOCK_RATE_WINDOW_S": "60"}
    server = start_server(
        ["mock", "--no-access-log"], tmp_path_factory.mktemp("limited"), env=env, health="/"
    )
    yield server
    server.stop()
