"""Fixtures of the learning web tests: real ``statusdex serve`` processes on SQLite and on the
real PostgreSQL, and a ``Learner``: one person (one cookie jar) talking to a server."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import Server, start_server
from tests.learn.conftest import _pg_schema_url as _schema_url
from tests.learn.conftest import postgres_url as postgres_base

BACKENDS = ["sqlite", "postgresql"]
SHOTS = Path("/tmp/statusdex-shots")


class Databases:
    """Fresh databases for a test session: SQLite files, PostgreSQL schemas (dropped at the end)."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.schemas: list[str] = []

    def new(self, backend: str) -> str:
        if backend == "sqlite":
            return f"sqlite:///{self.tmp / f'learn-{secrets.token_hex(4)}.db'}"
        base = postgres_base()
        import psycopg

        schema = f"learnweb_{secrets.token_hex(6)}"
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        self.schemas.append(schema)
        return _schema_url(base, schema)

    def drop_all(self) -> None:
        if not self.schemas:
            return
        base = postgres_base()
        import psycopg

        with psycopg.connect(base, autocommit=True) as conn:
            for schema in self.schemas:
                conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    dbs = Databases(tmp_path_factory.mktemp("learnweb-db"))
    yield dbs
    dbs.drop_all()


def serve(tmp: Path, url: str, *extra: str) -> Server:
    """``statusdex serve`` on a free port and the database ``url``."""
    env = {"STATUSDEX_DATABASE_URL": url, "STATUSDEX_ACCESS_LOG": "0"}
    return start_server(["serve", "--no-access-log", *extra], tmp, env)


@pytest.fixture(scope="session", params=BACKENDS)
def server(
    request: pytest.FixtureRequest,
    databases: Databases,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Server]:
    """One server per backend for the whole session (each test uses its own learners)."""
    url = databases.new(request.param)
    srv = serve(tmp_path_factory.mktemp(f"learnweb-{request.param}"), url)
    yield srv
    srv.stop()
    assert "Traceback" not in srv.log.read_text(errors="replace"), srv.log.read_text()


@pytest.fixture(scope="session")
def sqlite_server(
    databases: Databases, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """A server on SQLite only, for the page and browser tests."""
    srv = serve(tmp_path_factory.mktemp("learnweb-pages"), databases.new("sqlite"))
    yield srv
    srv.stop()
    assert "Traceback" not in srv.log.read_text(errors="replace"), srv.log.read_text()


CSRF_FIELD = re.compile(r'name="csrf" value="([0-9a-f]{64})"')


class Learner:
    """One person with their own cookie jar, talking to a real server over HTTP."""

    def __init__(self, url: str, **options: Any) -> None:
        self.http = httpx.Client(base_url=url, timeout=30, **options)
        self.csrf = ""

    def close(self) -> None:
        self.http.close()

    def start(self) -> Learner:
        r = self.http.get("/learn/api/session")
        assert r.status_code == 200, r.text
        self.csrf = r.json()["csrf"]
        return self

    def post(self, path: str, data: Any = None, **kw: Any) -> httpx.Response:
        headers = {"X-CSRF-Token": self.csrf, **kw.pop("headers", {})}
        return self.http.post(path, json=data, headers=headers, **kw)

    def next(self, deck: str = "starter", lang: str = "en") -> dict[str, Any]:
        r = self.http.get("/learn/api/next", params={"deck": deck, "lang": lang})
        assert r.status_code == 200, r.text
        return dict(r.json())

    def answer(self, key: str, **fields: Any) -> dict[str, Any]:
        r = self.post("/learn/api/answer", {"key": key, **fields})
        assert r.status_code == 200, r.text
        return dict(r.json())

    def play(self, n: int, deck: str = "starter", rating: int = 3) -> list[dict[str, Any]]:
        """Answer ``n`` cards by flipping and rating them."""
        out = []
        for _ in range(n):
            card = self.next(deck)["card"]
            assert card is not None
            out.append(self.answer(card["key"], rating=rating))
        return out

    def stats(self) -> dict[str, Any]:
        r = self.http.get("/learn/api/stats")
        assert r.status_code == 200, r.text
        return dict(r.json())

    def log(self, fmt: str = "json") -> httpx.Response:
        r = self.http.get("/learn/api/log", params={"format": fmt})
        assert r.status_code == 200, r.text
        return r

    def reviews(self) -> list[dict[str, Any]]:
        return list(self.log("json").json()["reviews"])

    def page_csrf(self, path: str) -> tuple[httpx.Response, str]:
        """GET an HTML page and read the CSRF token from its forms."""
        r = self.http.get(path)
        found = CSRF_FIELD.search(r.text)
        assert found, f"no csrf field on {path}"
        return r, found.group(1)


@pytest.fixture
def learners(server: Server) -> Iterator[Any]:
    """A factory of learners on the backend-parametrised server."""
    made: list[Learner] = []

    def make(**options: Any) -> Learner:
        learner = Learner(server.url, **options).start()
        made.append(learner)
        return learner

    yield make
    for learner in made:
        learner.close()
