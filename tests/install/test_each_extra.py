"""Each extra alone runs its face: a fresh virtual environment with ``statusdex[<extra>]`` and
nothing else serves, mocks, lints or reads logs, and holds none of the other faces' packages."""

from __future__ import annotations

import json
import threading
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from statusdex.extras import modules
from tests.install.conftest import HEAVY, Venv, make_venv, serving


def installed(venv: Venv, extra: str) -> Venv:
    """Fails unless every module of ``extra`` can be imported and none of the heavy packages
    of the faces it does not include (another extra may share a small one: httplint brings
    brotli)."""
    found = venv.python(
        "import json, sys\nfrom importlib.util import find_spec\n"
        "print(json.dumps([m for m in sys.argv[1:] if find_spec(m) is not None]))",
        *modules("all"),
    )
    assert found.returncode == 0, found.stderr
    present = set(json.loads(found.stdout))
    assert set(modules(extra)) <= present
    assert present & (set(HEAVY) - set(modules(extra))) == set()
    return venv


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    with urllib.request.urlopen(url, timeout=30) as r:
        return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()


def with_extra(tmp_path_factory: pytest.TempPathFactory, wheel: Path, extra: str) -> Venv:
    venv = make_venv(tmp_path_factory, extra, f"statusdex[{extra}] @ {wheel.as_uri()}")
    return installed(venv, extra)


def test_web_serves_the_site_api_mock_and_cards(
    tmp_path_factory: pytest.TempPathFactory, wheel: Path
) -> None:
    venv = with_extra(tmp_path_factory, wheel, "web")
    db = f"sqlite:///{venv.root / 'learn.db'}"
    with serving(venv, "serve", "--workers", "1", STATUSDEX_DATABASE_URL=db) as url:
        status, _, body = get(url + "/api/v1/codes/404")
        assert (status, json.loads(body)["phrase"]) == (200, "Not Found")
        status, headers, _ = get(url + "/codes/404")
        assert (status, headers["content-type"].split(";")[0]) == (200, "text/html")
        status, _, body = get(url + "/learn")
        assert status == 200
        assert b"<html" in body
        form = urllib.parse.urlencode({"raw": "HTTP/1.1 201 Created\n\n"}).encode()
        posted = urllib.request.Request(
            url + "/check", data=form, headers={"Accept": "application/json"}
        )
        with urllib.request.urlopen(posted, timeout=30) as r:  # a form: python-multipart
            findings = json.loads(r.read())["responses"][0]["findings"]
        assert "header-missing" in {f["rule"] for f in findings}


def test_mock_serves_alone_and_in_pytest(
    tmp_path_factory: pytest.TempPathFactory, wheel: Path
) -> None:
    venv = with_extra(tmp_path_factory, wheel, "mock")
    with serving(venv, "mock") as url:
        with pytest.raises(urllib.error.HTTPError) as answer:
            get(url + "/429")
        assert (answer.value.code, answer.value.headers["Retry-After"].isdigit()) == (429, True)
        status, headers, _ = get(url + "/brotli")
        assert (status, headers["content-encoding"]) == (200, "br")
    venv.install("pytest")
    (venv.root / "test_client.py").write_text(
        "import urllib.request\n\n\n"
        "def test_teapot(statusdex_mock):\n"
        "    try:\n"
        "        urllib.request.urlopen(statusdex_mock + '/418', timeout=30)\n"
        "    except urllib.error.HTTPError as e:\n"
        "        assert e.code == 418\n"
        "    else:\n"
        "        raise AssertionError('no 418')\n"
    )
    done = venv.run("python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_client.py")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout


def test_check_lints_a_response_and_fetches_one(
    tmp_path_factory: pytest.TempPathFactory, wheel: Path
) -> None:
    venv = with_extra(tmp_path_factory, wheel, "check")
    raw = "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n\r\n{}"
    done = venv.run("statusdex", "check", "-", stdin=raw)
    assert (done.returncode, done.stderr) == (0, "")
    assert "201 without Location" in done.stdout
    assert "httplint:" in done.stdout
    server = ThreadingHTTPServer(("127.0.0.1", 0), NoContent)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        fetched = venv.run("statusdex", "check", url)  # through httpx
    finally:
        server.shutdown()
        thread.join(10)
    assert (fetched.returncode, fetched.stderr) == (0, "")
    assert fetched.stdout.startswith("204 No Content")


class NoContent(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_logs_reads_a_zstd_log(tmp_path_factory: pytest.TempPathFactory, wheel: Path) -> None:
    venv = with_extra(tmp_path_factory, wheel, "logs")
    lines = (
        '127.0.0.1 - - [07/Dec/2026:10:00:00 +0000] "GET /gone HTTP/1.1" 404 12 "-" "curl/8"\n'
        '127.0.0.1 - - [07/Dec/2026:10:00:01 +0000] "GET / HTTP/1.1" 200 512 "-" "curl/8"\n'
    )
    packed = venv.python(
        "import sys, zstandard\n"
        "open(sys.argv[1], 'wb').write(zstandard.compress(sys.argv[2].encode()))",
        str(venv.root / "access.log.zst"),
        lines,
    )
    assert packed.returncode == 0, packed.stderr
    done = venv.run("statusdex", "logs", "access.log.zst", "--output", "json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert (report["engine"], report["summary"]["requests"]) == ("duckdb", 2)


def test_learn_keeps_progress_in_sqlite_and_names_postgres(
    tmp_path_factory: pytest.TempPathFactory, wheel: Path
) -> None:
    """``statusdex[learn]`` keeps progress in SQLite; a postgresql:// URL names its extra."""
    venv = with_extra(tmp_path_factory, wheel, "learn")
    data = str(venv.root / "data")
    sqlite = venv.run("statusdex", "learn", "stats", XDG_DATA_HOME=data)
    assert (sqlite.returncode, sqlite.stderr) == (0, "")
    assert (Path(data) / "statusdex" / "learn.db").exists()
    apkg = venv.run(
        "statusdex", "learn", "export", "--format", "apkg", "-o", "deck.apkg", XDG_DATA_HOME=data
    )
    assert apkg.returncode == 0, apkg.stderr
    assert (venv.root / "deck.apkg").read_bytes()[:2] == b"PK"  # genanki's zip
    pg = venv.run(
        "statusdex",
        "learn",
        "stats",
        STATUSDEX_DATABASE_URL="postgresql://learner:secret@127.0.0.1:9/statusdex",
    )
    assert pg.returncode != 0
    assert pg.stderr == (
        "statusdex learn: a postgresql:// database needs the postgres extra: "
        "pip install 'statusdex[postgres]'\n"
    )
