"""Fixtures of the learning tests: a fresh database on SQLite and on the real PostgreSQL."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import pytest

from statusdex.learn.service import LearnService
from statusdex.learn.storage import Storage

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday, 09:00 UTC: well inside a study day


def postgres_url() -> str:
    """The test PostgreSQL server. ./scripts/test starts one and sets the variable; a run
    without it fails rather than passing on SQLite alone."""
    url = os.environ.get("STATUSDEX_TEST_POSTGRES_URL", "")
    if not url:
        pytest.fail(
            "STATUSDEX_TEST_POSTGRES_URL is not set: run ./scripts/test, which starts PostgreSQL"
        )
    return url


def _pg_schema_url(base: str, schema: str) -> str:
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options={quote(f'-csearch_path={schema}')}"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped afterwards."""
    base = postgres_url()
    import psycopg

    schema = f"learn_test_{secrets.token_hex(6)}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    yield _pg_schema_url(base, schema)
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same test on a SQLite file and on the real PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'learn.db'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def storage(db_url: str) -> Iterator[Storage]:
    s = Storage(db_url)
    yield s
    s.close()


@pytest.fixture
def svc(storage: Storage) -> LearnService:
    return LearnService(storage, fuzz=False)


@pytest.fixture
def sqlite_svc(tmp_path: Path) -> Iterator[LearnService]:
    s = Storage(f"sqlite:///{tmp_path / 'learn.db'}")
    yield LearnService(s, fuzz=False)
    s.close()
