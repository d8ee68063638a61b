"""Fresh virtual environments with statusdex installed from a wheel built from this checkout
(a normal PEP 517 build, as ``pip install .`` does), by uv; versions pinned by the dev lock, so
packages come from uv's cache when it has them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import REPO, free_port

UV = Path(sys.executable).with_name("uv")
LOCK = REPO / "requirements" / "dev.lock"
# The faces' packages the issue names; the test below also checks every module of every extra.
HEAVY = ("fastapi", "sqlalchemy", "psycopg", "textual", "genanki", "duckdb", "uvicorn")


def run(
    args: list[str | Path], cwd: Path, env: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without what would point at the checkout or its venv."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "LANG", "LC_ALL", "LC_MESSAGES")
        and not k.startswith("STATUSDEX_")
    }
    return {**env, "NO_COLOR": "1", **extra}


class Venv:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.bin = root / "venv" / "bin"

    def install(self, *specs: str) -> None:
        done = run(
            [UV, "pip", "install", "-q", "--python", self.bin / "python", "-c", LOCK, *specs],
            self.root,
            clean_env(),
        )
        assert done.returncode == 0, done.stderr

    def run(self, *args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
        return run([self.bin / args[0], *args[1:]], self.root, clean_env(**env), stdin)

    def python(self, code: str, *argv: str) -> subprocess.CompletedProcess[str]:
        return self.run("python", "-c", textwrap.dedent(code), *argv)

    def distributions(self) -> set[str]:
        listed = run(
            [UV, "pip", "list", "--format", "json", "--python", self.bin / "python"], self.root
        )
        assert listed.returncode == 0, listed.stderr
        return {p["name"].lower() for p in json.loads(listed.stdout)}


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    built = run([UV, "build", "-q", "--wheel", "-o", out, REPO], out, clean_env())
    assert built.returncode == 0, built.stderr
    (found,) = out.glob("statusdex-*.whl")
    return found


def make_venv(tmp_path_factory: pytest.TempPathFactory, name: str, *specs: str) -> Venv:
    """A new virtual environment with ``specs`` installed (a wheel, ``pkg[extra] @ url``)."""
    root = tmp_path_factory.mktemp(name)
    made = run([UV, "venv", "-q", root / "venv", "--python", sys.executable], root, clean_env())
    assert made.returncode == 0, made.stderr
    venv = Venv(root)
    venv.install(*specs)
    return venv


@contextmanager
def serving(venv: Venv, *args: str, **env: str) -> Iterator[str]:
    """Run ``statusdex <args> --port N`` from ``venv`` until the block ends; yields its URL once
    ``/200`` answers (the mock's, in both servers)."""
    port = free_port()
    log = venv.root / f"server-{port}.log"
    cmd = [str(venv.bin / "statusdex"), *args, "--port", str(port)]
    with log.open("wb") as out:
        process = subprocess.Popen(
            cmd, cwd=venv.root, env=clean_env(**env), stdout=out, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            try:
                with urllib.request.urlopen(url + "/200", timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
