from __future__ import annotations

import csv
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parents[1]


def read_csv(name: str) -> list[dict[str, str]]:
    """Rows of a reference CSV in tests/data (the first line is a `# source:` comment)."""
    with (DATA / name).open(encoding="utf-8") as f:
        lines = [line for line in f if not line.startswith("#")]
    return list(csv.DictReader(lines))


@pytest.fixture(autouse=True)
def _english_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests start from a neutral locale; tests about the environment set it themselves."""
    for var in ("STATUSDEX_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)


# --- Servers and a browser, shared by the web, mock and learning tests -----------------------

import os  # noqa: E402
import shutil  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from typing import Any  # noqa: E402

CHROMIUM = os.environ.get("STATUSDEX_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """A real ``statusdex`` server process on loopback."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_server(
    args: list[str], tmp: Path, env: dict[str, str] | None = None, health: str = "/healthz"
) -> Server:
    """Start ``statusdex <args> --port N`` and wait until ``health`` answers."""
    port = free_port()
    log = tmp / f"server-{port}.log"
    full_env = {**os.environ, "STATUSDEX_DATABASE_URL": f"sqlite:///{tmp / 'learn.db'}"}
    full_env.update(env or {})
    cmd = [sys.executable, "-m", "statusdex", *args, "--port", str(port)]
    with log.open("wb") as out:
        process = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=full_env)
    url = f"http://127.0.0.1:{port}"
    # Generous: every worker process (one per core by default) imports the app, and the
    # machines running the tests are shared.
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url + health, timeout=1) as r:
                if r.status == 200:
                    return Server(url, process, log)
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"server did not start:\n{log.read_text()}")


SetText = Callable[[str, str, dict[str, Any]], None]


@pytest.fixture
def set_text() -> Iterator[SetText]:
    """``set_text(lang, entry_id, fields)``: an entry's text in one language replaced for one
    test (``store.set_text_fields``); the compiled texts are back afterwards."""
    from statusdex.core import store

    yield store.set_text_fields
    store.reset_texts()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``statusdex serve`` on a free port, with a fresh SQLite database."""
    server = start_server(["serve"], tmp_path_factory.mktemp("serve"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium driven by Playwright (no browser download)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}; .ci/run installs it (apt: chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser context (own cookies) and page."""
    context = browser.new_context()
    pg = context.new_page()
    yield pg
    context.close()


def serious_axe_violations(page: Any) -> list[str]:
    """axe-core's serious and critical findings on the page as it stands, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
