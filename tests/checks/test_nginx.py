"""Against a real nginx (Debian's package) configured with typical mistakes: a 201 without
Location, a 301 after POST, a soft 404, a redirect loop; and a correct 201 beside them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import free_port

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
CONF = """
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
daemon off;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location = /items {{ default_type application/json; return 201 '{{"id": 1}}'; }}
        location = /items-ok {{
            add_header Location /items/1 always;
            default_type application/json;
            return 201 '{{"id": 1}}';
        }}
        location = /old-form {{ return 301 /new-form; }}
        location = /new-form {{ return 200 'ok'; }}
        location = /gone-page {{
            default_type text/html;
            return 200 '<html><head><title>404 Not Found</title></head><body>no</body></html>';
        }}
        location = /loop-a {{ return 302 /loop-b; }}
        location = /loop-b {{ return 302 /loop-a; }}
    }}
}}
"""


@pytest.fixture(scope="module")
def nginx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("nginx")
    port = free_port()
    conf = tmp / "nginx.conf"
    conf.write_text(CONF.format(tmp=tmp, port=port))
    proc = subprocess.Popen([NGINX, "-p", str(tmp), "-c", str(conf)], stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 15
    while True:
        try:
            httpx.get(f"{url}/new-form", timeout=1)
            break
        except httpx.TransportError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                err = proc.stderr.read().decode() if proc.stderr else ""
                raise RuntimeError(f"nginx did not start: {err}") from None
            time.sleep(0.05)
    yield url
    proc.terminate()
    proc.wait(10)


def cli(*args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    done = subprocess.run(
        [sys.executable, "-m", "statusdex", "check", *args, "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout)


def _rules(resp: dict) -> set[str]:  # type: ignore[type-arg]
    return {f["rule"] for f in resp["findings"]}


def test_201_without_location(nginx: str) -> None:
    code, data = cli(f"{nginx}/items", "-X", "POST", "-d", "{}", "--fail-on", "warning")
    assert code == 1
    final = data["responses"][-1]
    assert final["status"] == 201
    assert "header-missing" in _rules(final)
    assert any("nginx" in h for h in final["hints"])
    _, ok = cli(f"{nginx}/items-ok", "-X", "POST", "-d", "{}")
    assert "header-missing" not in _rules(ok["responses"][-1])


def test_301_after_post(nginx: str) -> None:
    _, data = cli(f"{nginx}/old-form", "-X", "POST", "-d", "a=1", "--lang", "th")
    first, second = data["responses"]
    assert first["status"] == 301
    assert "redirect-method-change" in _rules(first)
    assert "308" in next(
        f["message"] for f in first["findings"] if f["rule"] == "redirect-method-change"
    )
    assert second["status"] == 200  # followed as GET, as clients do


def test_soft_404(nginx: str) -> None:
    code, data = cli(f"{nginx}/gone-page", "--fail-on", "warning", "--lang", "fr")
    assert code == 1
    assert "soft-404" in _rules(data["responses"][-1])


def test_redirect_loop(nginx: str) -> None:
    code, data = cli(f"{nginx}/loop-a", "--fail-on", "error")
    assert code == 1
    assert [r["status"] for r in data["responses"]] == [302, 302]
    assert "chain-loop" in {f["rule"] for f in data["chain"]}


def test_library_on_a_requests_response(nginx: str) -> None:
    import requests

    import statusdex

    r = requests.post(f"{nginx}/old-form", data={"a": "1"}, timeout=10)
    report = statusdex.check(r)
    assert [x.status for x in report.responses] == [301, 200]
    assert "redirect-method-change" in {f.rule for f in report.responses[0].findings}
