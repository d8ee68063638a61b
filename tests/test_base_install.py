"""``pip install statusdex`` with no extra: the library and the terminal's lookups work, none
of the faces' packages is installed, and every face says which extra to install.

A wheel is built from this checkout (a normal PEP 517 build, as ``pip install .`` does) and
installed into fresh virtual environments with uv; versions are pinned by the dev lock, so the
packages come from uv's cache when it has them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from statusdex.extras import COMMANDS, modules
from tests.conftest import REPO

UV = Path(sys.executable).with_name("uv")
LOCK = REPO / "requirements" / "dev.lock"
# The faces' packages the issue names; the test below also checks every module of every extra.
HEAVY = ("fastapi", "sqlalchemy", "psycopg", "textual", "genanki", "duckdb", "uvicorn")


def run(
    args: list[str | Path], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
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

    def run(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return run([self.bin / args[0], *args[1:]], self.root, clean_env(**env))

    def python(self, code: str, *argv: str) -> subprocess.CompletedProcess[str]:
        return self.run("python", "-c", textwrap.dedent(code), *argv)

    def distributions(self) -> set[str]:
        listed = run(
            [UV, "pip", "list", "--format", "json", "--python", self.bin / "python"], self.root
        )
        assert listed.returncode == 0, listed.stderr
        return {p["name"].lower() for p in json.loads(listed.stdout)}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    built = run([UV, "build", "-q", "--wheel", "-o", out, REPO], out, clean_env())
    assert built.returncode == 0, built.stderr
    (found,) = out.glob("statusdex-*.whl")
    return found


def make_venv(tmp_path_factory: pytest.TempPathFactory, name: str, *specs: str) -> Venv:
    root = tmp_path_factory.mktemp(name)
    made = run([UV, "venv", "-q", root / "venv", "--python", sys.executable], root, clean_env())
    assert made.returncode == 0, made.stderr
    venv = Venv(root)
    venv.install(*specs)
    return venv


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, wheel: Path) -> Venv:
    return make_venv(tmp_path_factory, "base", str(wheel))


def test_only_the_base_dependency_is_installed(base: Venv) -> None:
    assert base.distributions() == {"statusdex", "rapidfuzz"}
    found = base.python(
        """
        import json, sys
        from importlib.util import find_spec
        print(json.dumps([n for n in sys.argv[1:] if find_spec(n) is not None]))
        """,
        *HEAVY,
        *modules("all"),
    )
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout) == []


def test_the_library_looks_up_and_searches(base: Venv) -> None:
    done = base.python(
        """
        import statusdex
        s = statusdex.lookup(404)
        print(int(s), s.phrase, s.family.id)
        print(statusdex.lookup("payload too large").key)
        print(statusdex.search("too many requests")[0].key)
        print(len(statusdex.export()["entries"]) > 60)
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["404 Not Found 4xx", "413", "429", "True"]


@pytest.mark.parametrize(
    ("args", "first_line"),
    [
        (["404"], "404 Not Found  4xx Client Error · registered with IANA"),
        (["search", "rate limit"], "429"),
        (["too", "many", "requests"], "429 Too Many Requests"),
        (["compare", "401", "403"], "  401 Unauthorized"),
        (["list", "--family", "5"], "500"),
        (["404", "--json"], "{"),
    ],
)
def test_the_terminal_lookups_work(base: Venv, args: list[str], first_line: str) -> None:
    done = base.run("statusdex", *args)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines()[0].startswith(first_line)


@pytest.mark.parametrize(("command", "extra"), sorted(COMMANDS.items()))
def test_a_face_without_its_extra_names_it(base: Venv, command: str, extra: str) -> None:
    done = base.run("statusdex", command)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        f"statusdex {command} needs the {extra} extra: pip install 'statusdex[{extra}]'\n"
    )


@pytest.mark.parametrize(
    ("statement", "message"),
    [
        ("import statusdex.web", "statusdex.web needs the web extra"),
        ("import statusdex.learn", "statusdex.learn needs the learn extra"),
        ("import statusdex.logs", "statusdex.logs needs the logs extra"),
        ("statusdex.check(201)", "statusdex.checks needs the check extra"),
    ],
)
def test_a_face_imported_without_its_extra_raises_import_error(
    base: Venv, statement: str, message: str
) -> None:
    done = base.python(
        f"""
        import statusdex
        try:
            {statement}
        except ImportError as e:
            print(type(e).__name__, e)
        """
    )
    assert done.returncode == 0, done.stderr
    extra = message.rsplit(" ", 2)[1]
    assert done.stdout == f"MissingExtraError {message}: pip install 'statusdex[{extra}]'\n"


def test_the_mock_app_itself_needs_no_extra(base: Venv) -> None:
    """The mock is a framework-free ASGI app; the mock extra adds the server that runs it."""
    done = base.python(
        """
        import asyncio
        from statusdex.mock.app import create_mock_app

        sent = []
        async def receive():
            return {"type": "http.request", "body": b"", "more_body": False}
        async def send(message):
            sent.append(message)
        scope = {"type": "http", "method": "GET", "path": "/429", "raw_path": b"/429",
                 "query_string": b"", "headers": [], "http_version": "1.1", "scheme": "http",
                 "server": ("127.0.0.1", 80), "client": ("127.0.0.1", 1), "root_path": ""}
        asyncio.run(create_mock_app()(scope, receive, send))
        headers = dict(sent[0]["headers"])
        print(sent[0]["status"], headers[b"retry-after"].decode())
        """
    )
    assert done.returncode == 0, done.stderr
    status, retry_after = done.stdout.split()
    assert (status, retry_after.isdigit()) == ("429", True)


def test_the_pytest_plugin_loads_without_the_mock_extra(
    tmp_path_factory: pytest.TempPathFactory, wheel: Path
) -> None:
    """pytest loads the plugin in every session: a test that does not use the fixtures runs;
    one that does fails with one line naming the extra."""
    venv = make_venv(tmp_path_factory, "plugin", str(wheel), "pytest")
    assert "uvicorn" not in venv.distributions()
    (venv.root / "test_client.py").write_text(
        "def test_plain():\n    assert 1 + 1 == 2\n\n\n"
        "def test_with_mock(statusdex_mock):\n    assert statusdex_mock.url\n"
    )
    done = venv.run("python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_client.py")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "1 passed, 1 error" in done.stdout
    assert (
        "starting the mock server needs the mock extra: pip install 'statusdex[mock]'"
        in done.stdout
    )
    assert "Traceback" not in done.stdout
    assert "statusdex_mock" in venv.run("python", "-m", "pytest", "--fixtures").stdout


def test_postgres_is_its_own_extra(tmp_path_factory: pytest.TempPathFactory, wheel: Path) -> None:
    """``statusdex[learn]`` keeps progress in SQLite; a postgresql:// URL names the extra."""
    venv = make_venv(tmp_path_factory, "learn", f"statusdex[learn] @ {wheel.as_uri()}")
    assert "psycopg" not in venv.distributions()
    data = str(venv.root / "data")
    sqlite = venv.run("statusdex", "learn", "stats", XDG_DATA_HOME=data)
    assert (sqlite.returncode, sqlite.stderr) == (0, "")
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
