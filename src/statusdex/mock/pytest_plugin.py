"""pytest plugin: the mock server on a free loopback port, so tests need no network.

Installed with statusdex (entry point ``pytest11``), it gives two fixtures:

``statusdex_mock``
    One server for the whole session; its ``url`` (also ``str(server)``) is the base URL::

        def test_retries(statusdex_mock):
            r = httpx.get(f"{statusdex_mock}/503?sleep=100ms")
            assert r.status_code == 503

``statusdex_check`` (opt-in: only tests that ask for it)
    ``statusdex_check(response)`` fails the test when the response breaks the rules for its
    status (a 201 without ``Location``…); see ``statusdex.checks.assertions``.

``statusdex_mock_factory``
    Start servers with other caps: ``statusdex_mock_factory(max_delay_ms=500)``; each one
    stops when the test ends.

The server is uvicorn running the mock app in a background thread of the test process.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import pytest

# pytest loads this plugin in every session of every project that installs statusdex, so the
# server itself (uvicorn, the mock app) is imported only when a test asks for it.
if TYPE_CHECKING:
    from statusdex.mock.settings import MockSettings


@dataclass
class MockServer:
    """A running mock server. ``str(server)`` is its base URL, without a trailing slash."""

    url: str
    settings: MockSettings
    _server: Any
    _thread: threading.Thread

    def __str__(self) -> str:
        return self.url

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)


def start_mock(settings: MockSettings | None = None, host: str = "127.0.0.1") -> MockServer:
    """Start the mock in a background thread and wait until it accepts connections."""
    import uvicorn

    from statusdex.mock.app import create_mock_app
    from statusdex.mock.settings import MockSettings

    settings = settings or MockSettings.from_env()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_mock_app(settings=settings),
        lifespan="off",
        access_log=False,
        log_level="warning",
        timeout_graceful_shutdown=2,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="statusdex-mock", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError("the statusdex mock server did not start")
        time.sleep(0.01)
    return MockServer(f"http://{host}:{port}", settings, server, thread)


@pytest.fixture(scope="session")
def statusdex_mock() -> Iterator[MockServer]:
    """The mock server for this test session (settings from ``STATUSDEX_MOCK_*``)."""
    server = start_mock()
    yield server
    server.stop()


@pytest.fixture
def statusdex_mock_factory() -> Iterator[Callable[..., MockServer]]:
    """Call with setting overrides (``max_delay_ms=500``) to start a dedicated server."""
    started: list[MockServer] = []

    def factory(**overrides: Any) -> MockServer:
        from statusdex.mock.settings import MockSettings

        server = start_mock(replace(MockSettings.from_env(), **overrides))
        started.append(server)
        return server

    yield factory
    for server in started:
        server.stop()


@pytest.fixture
def statusdex_check() -> Callable[..., Any]:
    """``statusdex_check(response, fail_on="warning", ignore=())``: assert a response is right."""
    from statusdex.checks.assertions import assert_response_ok

    return assert_response_ok
