"""pytest plugin: the mock server on a free loopback port, so tests need no network.

Installed with statusdex (entry point ``pytest11``); the server its fixtures start comes with
the mock extra (``pip install 'statusdex[mock]'``): without it, pytest still runs, and a test
that uses one of them fails with a line naming the extra. It gives these fixtures:

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

``httpbin`` (and ``statusdex_httpbin``)
    The same session server, shaped like pytest-httpbin's fixture: ``httpbin.url``,
    ``httpbin + "/get"``, ``httpbin.host``, ``httpbin.port``. The name ``httpbin`` is only
    offered when pytest-httpbin is not installed (its fixture would clash with ours); with it
    installed, tests switch by using ``statusdex_httpbin`` instead.

``httpbin_secure`` and ``httpbin_ca_bundle`` (and ``statusdex_httpbin_secure``,
``statusdex_httpbin_ca_bundle``)
    The mock over https, with a certificate from a throwaway CA made by ``openssl``; the
    second fixture points ``REQUESTS_CA_BUNDLE`` at that CA for one test.

The server is uvicorn running the mock app in a background thread of the test process.
"""

from __future__ import annotations

import importlib.util
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
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
    #: For an https server: the PEM file of the test CA that signed its certificate.
    ca_bundle: str | None = None

    def __str__(self) -> str:
        return self.url

    def __add__(self, path: str) -> str:
        """``server + "/get"``: a URL on this server (as pytest-httpbin's server allows)."""
        return self.url + path

    def join(self, path: str) -> str:
        return self.url + "/" + path.lstrip("/")

    @property
    def host(self) -> str:
        return self.url.split("://", 1)[1].rsplit(":", 1)[0]

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    @property
    def protocol(self) -> str:
        return self.url.split("://", 1)[0]

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)


def make_certificate(folder: Path) -> tuple[Path, Path, Path]:
    """A throwaway test CA and a certificate it signs for 127.0.0.1 and localhost, made with
    the ``openssl`` command: (CA certificate, server certificate, server key)."""
    ca_key, ca_pem = folder / "ca.key", folder / "ca.pem"
    key, csr, pem, ext = (folder / n for n in ("server.key", "server.csr", "server.pem", "ext"))
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    ext.write_text(
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=critical,CA:FALSE\n"
        "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n"
        "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
    )
    ca_subject = ["-subj", "/CN=statusdex mock test CA"]
    sign = ["-CA", ca_pem, "-CAkey", ca_key, "-CAcreateserial", "-extfile", ext]
    steps = [
        ["req", "-x509", *ec, "-keyout", ca_key, "-out", ca_pem, "-days", "7", *ca_subject],
        ["req", *ec, "-keyout", key, "-out", csr, "-subj", "/CN=127.0.0.1"],
        ["x509", "-req", "-in", csr, *sign, "-out", pem, "-days", "7"],
    ]
    for step in steps:
        subprocess.run(["openssl", *map(str, step)], check=True, capture_output=True, timeout=60)
    return ca_pem, pem, key


def start_mock(
    settings: MockSettings | None = None, host: str = "127.0.0.1", *, tls: bool = False
) -> MockServer:
    """Start the mock in a background thread and wait until it accepts connections. With
    ``tls`` it serves https with a certificate from a throwaway CA (``server.ca_bundle``)."""
    from statusdex.extras import require

    require("mock", "starting the mock server")  # the plugin itself loads without uvicorn
    import uvicorn

    from statusdex.mock.app import create_mock_app
    from statusdex.mock.settings import MockSettings

    settings = settings or MockSettings.from_env()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))
    port = sock.getsockname()[1]
    ca_bundle: Path | None = None
    tls_files: dict[str, str] = {}
    if tls:
        ca_bundle, cert, key = make_certificate(Path(tempfile.mkdtemp(prefix="statusdex-tls-")))
        tls_files = {"ssl_certfile": str(cert), "ssl_keyfile": str(key)}
    config = uvicorn.Config(
        create_mock_app(settings=settings),
        lifespan="off",
        access_log=False,
        log_level="warning",
        timeout_graceful_shutdown=2,
        **tls_files,  # type: ignore[arg-type]
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
    scheme = "https" if tls else "http"
    return MockServer(
        f"{scheme}://{host}:{port}",
        settings,
        server,
        thread,
        str(ca_bundle) if ca_bundle is not None else None,
    )


def _fixture_server(settings: MockSettings | None = None, *, tls: bool = False) -> MockServer:
    """``start_mock`` for a fixture: without the mock extra, the test fails with one line
    naming it, not a traceback."""
    from statusdex.extras import MissingExtraError

    try:
        return start_mock(settings, tls=tls)
    except MissingExtraError as e:
        pytest.fail(str(e), pytrace=False)


@pytest.fixture(scope="session")
def statusdex_mock() -> Iterator[MockServer]:
    """The mock server for this test session (settings from ``STATUSDEX_MOCK_*``)."""
    server = _fixture_server()
    yield server
    server.stop()


@pytest.fixture
def statusdex_mock_factory() -> Iterator[Callable[..., MockServer]]:
    """Call with setting overrides (``max_delay_ms=500``) to start a dedicated server."""
    started: list[MockServer] = []

    def factory(**overrides: Any) -> MockServer:
        from statusdex.mock.settings import MockSettings

        server = _fixture_server(replace(MockSettings.from_env(), **overrides))
        started.append(server)
        return server

    yield factory
    for server in started:
        server.stop()


@pytest.fixture(scope="session")
def statusdex_httpbin(statusdex_mock: MockServer) -> MockServer:
    """The session's mock server, for tests written against httpbin (``statusdex_httpbin.url``,
    ``statusdex_httpbin + "/get"``)."""
    return statusdex_mock


if importlib.util.find_spec("pytest_httpbin") is None:

    @pytest.fixture(scope="session")
    def httpbin(statusdex_mock: MockServer) -> MockServer:
        """pytest-httpbin's fixture name, served by the statusdex mock (``httpbin.url``)."""
        return statusdex_mock


@pytest.fixture(scope="session")
def statusdex_httpbin_secure() -> Iterator[MockServer]:
    """The mock over https, for one session; its certificate is signed by a throwaway CA whose
    PEM file is ``statusdex_httpbin_secure.ca_bundle``."""
    server = _fixture_server(tls=True)
    yield server
    server.stop()


@pytest.fixture
def statusdex_httpbin_ca_bundle(
    statusdex_httpbin_secure: MockServer, monkeypatch: pytest.MonkeyPatch
) -> str:
    """Points ``REQUESTS_CA_BUNDLE`` (and ``SSL_CERT_FILE``) at the https server's CA for one
    test, as pytest-httpbin's ``httpbin_ca_bundle`` does."""
    bundle = statusdex_httpbin_secure.ca_bundle
    assert bundle is not None
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", bundle)
    monkeypatch.setenv("SSL_CERT_FILE", bundle)
    return bundle


if importlib.util.find_spec("pytest_httpbin") is None:

    @pytest.fixture(scope="session")
    def httpbin_secure(statusdex_httpbin_secure: MockServer) -> MockServer:
        """pytest-httpbin's https fixture name, served by the statusdex mock."""
        return statusdex_httpbin_secure

    @pytest.fixture
    def httpbin_ca_bundle(statusdex_httpbin_ca_bundle: str) -> str:
        """pytest-httpbin's fixture name: ``REQUESTS_CA_BUNDLE`` set for one test."""
        return statusdex_httpbin_ca_bundle


@pytest.fixture
def statusdex_check() -> Callable[..., Any]:
    """``statusdex_check(response, fail_on="warning", ignore=())``: assert a response is right."""
    from statusdex.extras import MissingExtraError

    try:
        from statusdex.checks.assertions import assert_response_ok
    except MissingExtraError as e:
        pytest.fail(str(e), pytrace=False)
    return assert_response_ok
