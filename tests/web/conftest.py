"""Fixtures of the web tests: an HTTP client on the session's live server."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import Server


@pytest.fixture(scope="session")
def client(live_server: Server) -> Iterator[httpx.Client]:
    """httpx on ``statusdex serve`` (no redirects followed, so tests see them)."""
    with httpx.Client(base_url=live_server.url, timeout=10) as c:
        yield c
