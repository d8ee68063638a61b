"""``pip install statusdex`` with no extra: the library and the terminal's lookups work, none
of the faces' packages is installed, and every face says which extra to install."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from statusdex.extras import COMMANDS, modules
from tests.install.conftest import HEAVY, Venv, make_venv


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
        ("import statusdex.serving", "statusdex.serving needs the mock extra"),
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
