"""``statusdex serve`` as a real process: health check, access log, proxy settings, workers,
clean shutdown on SIGTERM."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import Server, free_port, start_server
from tests.web.html_tools import Page


def test_healthz(live_server: Server) -> None:
    r = httpx.get(live_server.url + "/healthz")
    assert r.status_code == 200
    assert r.json() == {"status": "ok"}


def test_access_log(live_server: Server) -> None:
    httpx.get(live_server.url + "/codes/418?from=access-log-test")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if '"GET /codes/418?from=access-log-test HTTP/1.1" 200' in live_server.log.read_text():
            return
        time.sleep(0.1)
    pytest.fail("the request is not in the access log")


def test_behind_a_proxy(tmp_path: Path) -> None:
    """Root path and X-Forwarded-* headers from a trusted proxy shape every link."""
    server = start_server(["serve", "--root-path", "/ref"], tmp_path)
    try:
        headers = {"X-Forwarded-Proto": "https", "Host": "docs.example"}
        r = httpx.get(server.url + "/ref/fr/codes/404", headers=headers)
        assert r.status_code == 200
        page = Page(r.text)
        canonical = page.find("link", rel="canonical")
        assert canonical[0]["href"] == "https://docs.example/ref/fr/codes/404"
        assert "/ref/fr/codes/410" in page.links()
        api = httpx.get(server.url + "/ref/api/v1/codes/404")
        assert api.status_code == 200
        doc = httpx.get(server.url + "/ref/openapi.json").json()
        assert doc["servers"][0]["url"] == "/ref"
    finally:
        server.stop()


def test_workers(tmp_path: Path) -> None:
    server = start_server(["serve", "--workers", "2"], tmp_path)
    try:
        for _ in range(10):
            assert httpx.get(server.url + "/api/v1/codes/404").status_code == 200
    finally:
        server.stop()


@pytest.mark.parametrize("workers", [[], ["--workers", "2"]])
def test_sigterm_stops_cleanly(tmp_path: Path, workers: list[str]) -> None:
    server = start_server(["serve", *workers], tmp_path)
    with httpx.Client(base_url=server.url) as c:
        assert c.get("/codes/404").status_code == 200
    server.process.send_signal(signal.SIGTERM)
    try:
        code = server.process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        server.process.kill()
        pytest.fail("the server did not stop within 5 s of SIGTERM")
    assert code == 0
    log = server.log.read_text()
    assert "Traceback" not in log
    assert "Shutting down" in log or "Finished server process" in log


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--port", "notaport"], "invalid int value"),
        (["--workers", "0"], "at least 1"),
        (["--port", "70000"], "65535"),
    ],
)
def test_bad_options_are_one_line_errors(args: list[str], message: str) -> None:
    r = subprocess.run(
        [sys.executable, "-m", "statusdex", "serve", *args],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert r.returncode == 2
    assert message in r.stderr
    assert "Traceback" not in r.stderr


def test_port_in_use_is_a_clear_error(live_server: Server) -> None:
    port = live_server.url.rsplit(":", 1)[1]
    r = subprocess.run(
        [sys.executable, "-m", "statusdex", "serve", "--port", port],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert r.returncode != 0
    assert "Traceback" not in r.stderr
    assert free_port()  # the machine still has ports; the failure was about this one
