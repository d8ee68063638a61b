"""The connection to the learning database and its transactions.

- SQLite runs in WAL mode with a busy timeout and ``synchronous=FULL``; writes open with
  ``BEGIN IMMEDIATE`` and are retried, so two processes on one file never report "database is
  locked". Before that, writers take turns on a lock of their own (``WriterLock``: a thread
  lock and ``flock`` of ``<file>-lock``), which hands over at once where SQLite's busy handler
  sleeps and polls: it keeps the tail latency of answers low with several server processes.
- On PostgreSQL a write locks the learner's row first (``SELECT … FOR UPDATE``), so two
  servers never lose an update.
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

try:
    import fcntl
except ImportError:  # Windows: threads of one process still take turns
    fcntl = None  # type: ignore[assignment]

from sqlalchemy import Connection, Engine, bindparam, create_engine, event, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from statusdex.learn.storage.schema import learners

T = TypeVar("T")
BUSY_TIMEOUT_MS = 10_000
_RETRIES = 50


class StorageError(RuntimeError):
    """The database cannot be used (bad URL, unreachable server, newer schema)."""


def default_url() -> str:
    """``STATUSDEX_DATABASE_URL``, else a SQLite file in the user's data directory."""
    url = os.environ.get("STATUSDEX_DATABASE_URL", "").strip()
    if url:
        return url
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("statusdex", appauthor=False))
    return f"sqlite:///{folder / 'learn.db'}"


def _engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StorageError(
            f"cannot read database URL {url!r}; use sqlite:///path/to/file.db or "
            "postgresql://user:password@host/dbname"
        ) from None
    backend = parsed.get_backend_name()
    if backend in ("postgresql", "postgres"):
        from statusdex.extras import MissingExtraError, require

        try:
            require("postgres", "a postgresql:// database")
        except MissingExtraError as e:
            raise StorageError(str(e)) from None
        parsed = parsed.set(drivername="postgresql+psycopg")
        return create_engine(parsed, pool_pre_ping=True, pool_size=5, max_overflow=5)
    if backend != "sqlite":
        raise StorageError(f"unsupported database {backend!r}: use sqlite:/// or postgresql://")
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(parsed, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi: Any, _record: Any) -> None:
        dbapi.isolation_level = None  # we issue BEGIN ourselves (below)
        cur = dbapi.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


class WriterLock:
    """Writers to one SQLite file take turns: this process's threads on a ``threading.Lock``,
    processes on ``flock`` of the file ``<database>-lock`` beside it. Either wakes the next
    writer as soon as the holder is done, where SQLite's busy handler polls with sleeps of up
    to 100 ms, letting one process starve another (answers waited up to a second under load).
    SQLite's own locking stays underneath, for writers that do not use this class."""

    def __init__(self, database: str) -> None:
        self._threads = threading.Lock()
        in_memory = database in ("", ":memory:") or database.startswith("file::memory:")
        self._path = None if in_memory or fcntl is None else database + "-lock"
        self._fd = -1
        self._pid = 0

    def __enter__(self) -> None:
        self._threads.acquire()
        try:
            fd = self._file()
            if fd >= 0:
                fcntl.flock(fd, fcntl.LOCK_EX)
        except BaseException:
            self._threads.release()
            raise

    def __exit__(self, *_exc: object) -> None:
        try:
            if self._fd >= 0:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            self._threads.release()

    def _file(self) -> int:
        """The lock file's descriptor, opened once per process (never shared with a fork)."""
        if self._path is not None and self._pid != os.getpid():
            try:
                self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            except OSError:  # a read-only folder: SQLite's own locking still holds
                self._path, self._fd = None, -1
            self._pid = os.getpid()
        return self._fd


_WRITER_LOCKS: dict[str, WriterLock] = {}
_WRITER_LOCKS_GUARD = threading.Lock()


def _writer_lock(database: str) -> WriterLock:
    """The one ``WriterLock`` of this process for the SQLite file ``database``."""
    if database in ("", ":memory:"):
        return WriterLock(database)  # a private database per connection: nothing to share
    key = os.path.realpath(os.path.expanduser(database))
    with _WRITER_LOCKS_GUARD:
        found = _WRITER_LOCKS.get(key)
        if found is None:
            found = _WRITER_LOCKS[key] = WriterLock(key)
        return found


class _NoLock:
    """Stands in for the writer lock on PostgreSQL, whose row locks already queue writers."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, *_exc: object) -> None:
        return None


def _is_contention(err: OperationalError) -> bool:
    text_ = str(err.orig).lower()
    return any(w in text_ for w in ("locked", "busy", "deadlock", "could not serialize"))


_LOCK_LEARNER = select(learners.c.id).where(learners.c.id == bindparam("lid")).with_for_update()


class Database:
    """One database URL's engine, and the two kinds of transaction every store runs in."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = _engine(url)
        self.dialect = self.engine.dialect.name
        self.write_lock: WriterLock | _NoLock = (
            _writer_lock(self.engine.url.database or "") if self.dialect == "sqlite" else _NoLock()
        )

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read transaction."""
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def write(self, work: Callable[[Connection], T], learner: int | None = None) -> T:
        """Run ``work`` in a write transaction, retried on lock contention, then commit; with
        ``learner``, that learner's row is locked first (PostgreSQL)."""
        for attempt in range(_RETRIES):
            try:
                with self.write_lock, self.engine.connect() as conn:
                    conn.execution_options(sqlite_begin="IMMEDIATE")
                    with conn.begin():
                        if learner is not None and self.dialect == "postgresql":
                            conn.execute(_LOCK_LEARNER, {"lid": learner})
                        return work(conn)
            except OperationalError as err:
                if not _is_contention(err) or attempt == _RETRIES - 1:
                    raise
                time.sleep(min(0.2, 0.005 * 2 ** min(attempt, 6)) * random.random())
        raise AssertionError("unreachable")
