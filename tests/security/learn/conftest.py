"""Fixtures of the learning attack suite: real ``statusdex serve`` processes on SQLite and on
the real PostgreSQL (the helpers of tests/learn/test_web), people with their own cookie jar and
their own client address, and a look at the database the server writes."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from statusdex.learn.storage import Storage, learners, tokens
from tests.conftest import Server
from tests.learn.test_web.conftest import BACKENDS, Databases, Learner, serve


@pytest.fixture(scope="session")
def attack_databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    dbs = Databases(tmp_path_factory.mktemp("attack-db"))
    yield dbs
    dbs.drop_all()


class Target:
    """A server under attack and the database it writes."""

    def __init__(self, server: Server, url: str, backend: str) -> None:
        self.server = server
        self.url = server.url
        self.db_url = url
        self.backend = backend
        self._storage: Storage | None = None

    @property
    def storage(self) -> Storage:
        if self._storage is None:
            self._storage = Storage(self.db_url, migrate=False)
        return self._storage

    def rows(self) -> tuple[int, int]:
        """(learners, tokens) in the database."""
        with self.storage.engine.connect() as conn:
            n_learners = conn.execute(select(func.count()).select_from(learners)).scalar_one()
            n_tokens = conn.execute(select(func.count()).select_from(tokens)).scalar_one()
        return int(n_learners), int(n_tokens)

    def close(self) -> None:
        if self._storage is not None:
            self._storage.close()
        self.server.stop()
        log = self.server.log.read_text(errors="replace")
        assert "Traceback" not in log, log


def _target(
    backend: str, dbs: Databases, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Target]:
    url = dbs.new(backend)
    target = Target(serve(tmp_path_factory.mktemp(f"attack-{backend}"), url), url, backend)
    yield target
    target.close()


@pytest.fixture(scope="session", params=BACKENDS)
def target(
    request: pytest.FixtureRequest,
    attack_databases: Databases,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Target]:
    """One server per backend for the session (each test uses its own people)."""
    yield from _target(request.param, attack_databases, tmp_path_factory)


@pytest.fixture(scope="session")
def pg_target(
    attack_databases: Databases, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Target]:
    """A server on PostgreSQL only, for what only PostgreSQL refuses (NUL characters)."""
    yield from _target("postgresql", attack_databases, tmp_path_factory)


def address() -> str:
    """A client address of its own (the server trusts X-Forwarded-For from loopback)."""
    return f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250) + 1}"


class Person(Learner):
    """A learner with a cookie jar and a client address of their own."""

    def __init__(self, url: str, ip: str | None = None, **options: Any) -> None:
        self.ip = ip or address()
        headers = {"X-Forwarded-For": self.ip, **options.pop("headers", {})}
        timeout = options.pop("timeout", None)
        super().__init__(url, headers=headers, **options)
        if timeout is not None:
            self.http.timeout = httpx.Timeout(timeout)

    @property
    def token(self) -> str | None:
        return self.http.cookies.get("statusdex_learner")

    def register(self, username: str, password: str, **extra: str) -> Any:
        r = self.post("/learn/api/register", {"username": username, "password": password, **extra})
        if r.status_code == 201:
            self.csrf = r.json().get("csrf", self.csrf)  # a new cookie comes with a new one
        return r

    def login(self, username: str, password: str) -> Any:
        r = self.post("/learn/api/login", {"username": username, "password": password})
        if r.status_code == 200:
            self.csrf = r.json()["csrf"]
        return r


@pytest.fixture
def people(target: Target) -> Iterator[Any]:
    """A factory of people on the backend-parametrised target."""
    made: list[Person] = []

    def make(ip: str | None = None, *, start: bool = True, **options: Any) -> Person:
        person = Person(target.url, ip, **options)
        if start:
            person.start()
        made.append(person)
        return person

    yield make
    for person in made:
        person.close()


def username() -> str:
    return f"u{secrets.token_hex(5)}"


# The service-level fixtures of tests/learn (a fresh SQLite file and PostgreSQL schema).
from tests.learn.conftest import db_url, pg_url, storage, svc  # noqa: E402, F401
