"""Where learners' progress lives: SQLite by default, PostgreSQL on request (SQLAlchemy Core).

- The database is ``STATUSDEX_DATABASE_URL`` when set (``sqlite:///path`` or
  ``postgresql://user:pass@host/db``), else ``learn.db`` in the user's data directory.
- SQLite runs in WAL mode with a busy timeout and ``synchronous=FULL``; writes open with
  ``BEGIN IMMEDIATE`` and are retried, so two processes on one file never report "database is
  locked". Before that, writers take turns on a lock of their own (``_WriterLock``: a thread
  lock and ``flock`` of ``<file>-lock``), which hands over at once where SQLite's busy handler
  sleeps and polls: it keeps the tail latency of answers low with several server processes.
- On PostgreSQL a write locks the learner's row first (``SELECT … FOR UPDATE``), so two
  servers never lose an update.
- Every method takes the learner id and every query is scoped by it.
- An answer is committed (card state, log row and day totals together) before the method
  returns.
"""

from __future__ import annotations

import json
import os
import random
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

try:
    import fcntl
except ImportError:  # Windows: threads of one process still take turns
    fcntl = None  # type: ignore[assignment]

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, OperationalError

from statusdex.learn.errors import ImportRunningError, UsernameTakenError
from statusdex.learn.log import LogEntry
from statusdex.learn.scheduler import CardState, Today
from statusdex.learn.stats import DayTotals

T = TypeVar("T")
SCHEMA_VERSION = 2
BUSY_TIMEOUT_MS = 10_000
_RETRIES = 50

metadata = MetaData()

schema_version = Table("schema_version", metadata, Column("version", Integer, nullable=False))

meta = Table(
    "meta",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

learners = Table(
    "learners",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("username", String(64), unique=True, nullable=True),
    Column("password_hash", Text, nullable=True),
    Column("created", BigInteger, nullable=False),
)

tokens = Table(
    "tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("learner_id", ForeignKey("learners.id", ondelete="CASCADE"), nullable=False),
    Column("created", BigInteger, nullable=False),
    Index("tokens_learner", "learner_id"),
)

settings = Table(
    "settings",
    metadata,
    Column("learner_id", ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True),
    Column("data", Text, nullable=False),
)

card_state = Table(
    "card_state",
    metadata,
    Column("learner_id", ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True),
    Column("card_key", String(80), primary_key=True),
    Column("state", String(12), nullable=False),
    Column("due", BigInteger, nullable=False),
    Column("step", Integer),
    Column("stability", Float),
    Column("difficulty", Float),
    Column("last_review", BigInteger),
    Column("reps", Integer, nullable=False),
    Column("lapses", Integer, nullable=False),
    Column("suspended", Boolean, nullable=False),
)

review_log = Table(
    "review_log",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("learner_id", ForeignKey("learners.id", ondelete="CASCADE"), nullable=False),
    Column("card_key", String(80), nullable=False),
    Column("reviewed_at", BigInteger, nullable=False),
    Column("day", Integer, nullable=False),
    Column("family", String(8), nullable=False),
    Column("rating", Integer, nullable=False),
    Column("correct", Boolean),
    Column("mode", String(8), nullable=False),
    Column("answer", Text),
    Column("duration_ms", Integer),
    Column("state_before", Text),
    # Schema 2: the deck studied, the study session, and the card's state after the answer.
    Column("deck", String(16)),
    Column("session", String(64)),
    Column("state_after", Text),
    Index("review_log_learner_id", "learner_id", "id"),
    Index("review_log_learner_day", "learner_id", "day"),
)

review_day = Table(
    "review_day",
    metadata,
    Column("learner_id", ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True),
    Column("day", Integer, primary_key=True),
    Column("family", String(8), primary_key=True),
    Column("reviews", Integer, nullable=False),
    Column("correct", Integer, nullable=False),
    Column("recall_total", Integer, nullable=False),
    Column("recall_pass", Integer, nullable=False),
    Column("new_cards", Integer, nullable=False),
)

_V1_TABLES = (schema_version, meta, learners, tokens, settings, card_state, review_log, review_day)


class StorageError(RuntimeError):
    """The database cannot be used (bad URL, unreachable server, newer schema)."""


@dataclass(frozen=True, slots=True)
class LogRecord:
    """A log entry as stored: the entry plus the day and family it was counted under."""

    entry: LogEntry
    day: int
    family: str


def default_url() -> str:
    """``STATUSDEX_DATABASE_URL``, else a SQLite file in the user's data directory."""
    url = os.environ.get("STATUSDEX_DATABASE_URL", "").strip()
    if url:
        return url
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("statusdex", appauthor=False))
    return f"sqlite:///{folder / 'learn.db'}"


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def _dt(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, UTC)


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


class _WriterLock:
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


_WRITER_LOCKS: dict[str, _WriterLock] = {}
_WRITER_LOCKS_GUARD = threading.Lock()


def _writer_lock(database: str) -> _WriterLock:
    """The one ``_WriterLock`` of this process for the SQLite file ``database``."""
    if database in ("", ":memory:"):
        return _WriterLock(database)  # a private database per connection: nothing to share
    key = os.path.realpath(os.path.expanduser(database))
    with _WRITER_LOCKS_GUARD:
        found = _WRITER_LOCKS.get(key)
        if found is None:
            found = _WRITER_LOCKS[key] = _WriterLock(key)
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


class Storage:
    """The learning database. Safe to share between threads; open one per process."""

    def __init__(self, url: str | None = None, *, migrate: bool = True) -> None:
        self.url = url or default_url()
        self.engine = _engine(self.url)
        self.dialect = self.engine.dialect.name
        self._write_lock: _WriterLock | _NoLock = (
            _writer_lock(self.engine.url.database or "") if self.dialect == "sqlite" else _NoLock()
        )
        if migrate:
            self.migrate()

    def close(self) -> None:
        self.engine.dispose()

    # Transactions -------------------------------------------------------------------------

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def _write(self, work: Callable[[Connection], T], learner: int | None = None) -> T:
        """Run ``work`` in a write transaction, retried on lock contention, then commit."""
        for attempt in range(_RETRIES):
            try:
                with self._write_lock, self.engine.connect() as conn:
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

    # Schema -------------------------------------------------------------------------------

    def migrate(self) -> None:
        """Bring the schema to ``SCHEMA_VERSION`` (safe when several processes start at once)."""

        def work(conn: Connection) -> None:
            if self.dialect == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(7204118)"))
            metadata.create_all(conn, tables=[schema_version], checkfirst=True)
            current = conn.execute(select(func.max(schema_version.c.version))).scalar()
            version = int(current or 0)
            if version > SCHEMA_VERSION:
                raise StorageError(
                    f"the database has schema version {version}, newer than this statusdex "
                    f"({SCHEMA_VERSION}); upgrade statusdex"
                )
            for target, step in _MIGRATIONS:
                if version < target:
                    step(conn)
                    conn.execute(delete(schema_version))
                    conn.execute(insert(schema_version).values(version=target))
                    version = target

        try:
            self._write(work)
        except OperationalError as err:
            raise StorageError(f"cannot open the learning database: {err.orig}") from None

    def version(self) -> int:
        with self._read() as conn:
            return int(conn.execute(select(func.max(schema_version.c.version))).scalar() or 0)

    # Learners -----------------------------------------------------------------------------

    def create_learner(self, token_hash: str, now: datetime) -> int:
        def work(conn: Connection) -> int:
            new_id = conn.execute(
                insert(learners).values(created=_ms(now)).returning(learners.c.id)
            ).scalar_one()
            conn.execute(
                insert(tokens).values(token_hash=token_hash, learner_id=new_id, created=_ms(now))
            )
            return int(new_id)

        return self._write(work)

    def add_token(self, learner: int, token_hash: str, now: datetime) -> None:
        self._write(
            lambda c: c.execute(
                insert(tokens).values(token_hash=token_hash, learner_id=learner, created=_ms(now))
            )
        )

    def delete_token(self, token_hash: str) -> None:
        self._write(lambda c: c.execute(delete(tokens).where(tokens.c.token_hash == token_hash)))

    def learner_for_token(self, token_hash: str) -> int | None:
        with self._read() as conn:
            found = conn.execute(_TOKEN_OWNER, {"hash": token_hash}).scalar()
        return int(found) if found is not None else None

    def learner_exists(self, learner: int) -> bool:
        with self._read() as conn:
            return (
                conn.execute(select(learners.c.id).where(learners.c.id == learner)).first()
                is not None
            )

    def set_credentials(
        self,
        learner: int,
        username: str,
        password_hash: str,
        token_hash: str | None = None,
        now: datetime | None = None,
    ) -> None:
        """Set the learner's username and password hash; with ``token_hash``, in the same
        transaction, every token of the learner is forgotten and that one is the only one."""

        def work(conn: Connection) -> None:
            conn.execute(
                update(learners)
                .where(learners.c.id == learner)
                .values(username=username, password_hash=password_hash)
            )
            if token_hash is not None:
                conn.execute(delete(tokens).where(tokens.c.learner_id == learner))
                created = _ms(now or datetime.now(UTC))
                conn.execute(
                    insert(tokens).values(
                        token_hash=token_hash, learner_id=learner, created=created
                    )
                )

        try:
            self._write(work, learner)
        except IntegrityError:
            raise UsernameTakenError(f"the username {username!r} is taken") from None

    def credentials(self, username: str) -> tuple[int, str] | None:
        with self._read() as conn:
            row = conn.execute(
                select(learners.c.id, learners.c.password_hash).where(
                    learners.c.username == username
                )
            ).first()
        if row is None or row.password_hash is None:
            return None
        return int(row.id), str(row.password_hash)

    def account(self, learner: int) -> tuple[str | None, str | None]:
        """The learner's username and password hash (None, None for an anonymous learner)."""
        with self._read() as conn:
            row = conn.execute(
                select(learners.c.username, learners.c.password_hash).where(
                    learners.c.id == learner
                )
            ).first()
        if row is None:
            return None, None
        return row.username, row.password_hash

    def meta_default(self, name: str, value: str) -> str:
        """The meta value ``name``, set to ``value`` first if it has none (one value wins even
        when several processes try at once)."""
        found = self.get_meta(name)
        if found is not None:
            return found
        with suppress(IntegrityError):  # another process set it first
            self._write(lambda c: c.execute(insert(meta).values(name=name, value=value)))
        found = self.get_meta(name)
        assert found is not None
        return found

    def username(self, learner: int) -> str | None:
        with self._read() as conn:
            found = conn.execute(
                select(learners.c.username).where(learners.c.id == learner)
            ).scalar()
        return str(found) if found is not None else None

    def set_password_hash(self, learner: int, password_hash: str) -> None:
        self._write(
            lambda c: c.execute(
                update(learners).where(learners.c.id == learner).values(password_hash=password_hash)
            ),
            learner,
        )

    def get_meta(self, name: str) -> str | None:
        with self._read() as conn:
            found = conn.execute(select(meta.c.value).where(meta.c.name == name)).scalar()
        return str(found) if found is not None else None

    def set_meta(self, name: str, value: str) -> None:
        def work(conn: Connection) -> None:
            conn.execute(delete(meta).where(meta.c.name == name))
            conn.execute(insert(meta).values(name=name, value=value))

        self._write(work)

    # Settings -----------------------------------------------------------------------------

    def load_settings(self, learner: int) -> dict[str, Any]:
        with self._read() as conn:
            found = conn.execute(_SETTINGS_OF, {"lid": learner}).scalar()
        return dict(json.loads(found)) if found else {}

    def save_settings(self, learner: int, data: dict[str, Any]) -> None:
        def work(conn: Connection) -> None:
            conn.execute(delete(settings).where(settings.c.learner_id == learner))
            conn.execute(insert(settings).values(learner_id=learner, data=json.dumps(data)))

        self._write(work, learner)

    # Cards and answers --------------------------------------------------------------------

    def card_states(self, learner: int) -> dict[str, CardState]:
        with self._read() as conn:
            rows = conn.execute(select(card_state).where(card_state.c.learner_id == learner))
            return {r.card_key: _state_from_row(r) for r in rows}

    def card_state(self, learner: int, key: str) -> CardState | None:
        with self._read() as conn:
            return _get_state(conn, learner, key)

    def today(self, learner: int, day: int) -> Today:
        """What ``learner`` did on study ``day``: new cards, reviews, codes answered."""
        with self._read() as conn:
            totals = conn.execute(
                select(
                    func.coalesce(func.sum(review_day.c.new_cards), 0),
                    func.coalesce(func.sum(review_day.c.recall_total), 0),
                ).where(review_day.c.learner_id == learner, review_day.c.day == day)
            ).one()
            keys = conn.execute(
                select(review_log.c.card_key)
                .where(review_log.c.learner_id == learner, review_log.c.day == day)
                .distinct()
            ).scalars()
            answered: dict[str, set[str]] = {}
            for k in keys:
                answered.setdefault(k.rsplit(":", 1)[0], set()).add(k)
        return Today(
            new_cards=int(totals[0]),
            reviews=int(totals[1]),
            answered={s: frozenset(v) for s, v in answered.items()},
        )

    def record_answer(
        self,
        learner: int,
        key: str,
        compute: Callable[[CardState | None], tuple[CardState, LogEntry]],
        day: int,
        family: str,
    ) -> tuple[CardState, LogEntry]:
        """Read the card's state, let ``compute`` answer it, store state and log, commit.

        The read and the write happen in one locked transaction, so two concurrent answers
        to one learner's card are applied one after the other, never one over the other.
        """

        def work(conn: Connection) -> tuple[CardState, LogEntry]:
            _refuse_while_importing(conn, learner)
            before = _get_state(conn, learner, key)
            after, entry = compute(before)
            _put_state(conn, learner, after, exists=before is not None)
            log_id = _append_log(conn, learner, entry, before, day, family)
            return after, _with_id(entry, log_id, before)

        return self._write(work, learner)

    def undo_last(self, learner: int, session: str | None) -> LogRecord | None:
        """Remove the learner's last answer and put its card back as it was, if that answer
        was given in ``session`` (another session's or device's answer is never taken back)."""

        def work(conn: Connection) -> LogRecord | None:
            _refuse_while_importing(conn, learner)
            row = conn.execute(
                select(review_log)
                .where(review_log.c.learner_id == learner)
                .order_by(review_log.c.id.desc())
                .limit(1)
            ).first()
            if row is None or row.session != session:
                return None
            record = _record_from_row(row)
            conn.execute(delete(review_log).where(review_log.c.id == row.id))
            conn.execute(
                delete(card_state).where(
                    card_state.c.learner_id == learner, card_state.c.card_key == row.card_key
                )
            )
            if record.entry.state_before is not None:
                _put_state(conn, learner, record.entry.state_before, exists=False)
            _bump_day(conn, learner, record.day, record.family, record.entry, -1)
            return record

        return self._write(work, learner)

    def day_answers(self, learner: int, day: int) -> list[tuple[str, str | None, str | None]]:
        """Each answer of study ``day``: (card key, deck, state before: None for a new card)."""
        with self._read() as conn:
            rows = conn.execute(
                select(review_log.c.card_key, review_log.c.deck, review_log.c.state_before).where(
                    review_log.c.learner_id == learner, review_log.c.day == day
                )
            ).all()
        out = []
        for key, deck, before in rows:
            state = str(json.loads(before)["state"]) if before else None
            out.append((str(key), deck, state))
        return out

    def set_states(self, learner: int, states: Iterable[CardState]) -> None:
        """Store card states changed outside an answer (suspended, rescheduled with fitted
        parameters), and make each the ``state_after`` of the card's last answer, so that an
        export carries it."""

        def work(conn: Connection) -> None:
            for st in states:
                found = _get_state(conn, learner, st.key) is not None
                _put_state(conn, learner, st, exists=found)
                last = (
                    select(func.max(review_log.c.id))
                    .where(review_log.c.learner_id == learner, review_log.c.card_key == st.key)
                    .scalar_subquery()
                )
                conn.execute(
                    update(review_log)
                    .where(review_log.c.learner_id == learner, review_log.c.id == last)
                    .values(state_after=json.dumps(st.to_dict()))
                )

        self._write(work, learner)

    def forget_card(self, learner: int, key: str) -> int:
        """Remove one card's state and its answers (reset progress); the day totals keep
        what was done. Returns the number of answers removed."""

        def work(conn: Connection) -> int:
            conn.execute(
                delete(card_state).where(
                    card_state.c.learner_id == learner, card_state.c.card_key == key
                )
            )
            done = conn.execute(
                delete(review_log).where(
                    review_log.c.learner_id == learner, review_log.c.card_key == key
                )
            )
            return int(done.rowcount or 0)

        return self._write(work, learner)

    def card_log(self, learner: int, key: str) -> list[LogRecord]:
        """One card's answers, oldest first."""
        with self._read() as conn:
            rows = conn.execute(
                select(review_log)
                .where(review_log.c.learner_id == learner, review_log.c.card_key == key)
                .order_by(review_log.c.id)
            ).all()
        return [_record_from_row(r) for r in rows]

    def day_totals(self, learner: int) -> list[DayTotals]:
        with self._read() as conn:
            rows = conn.execute(select(review_day).where(review_day.c.learner_id == learner))
            return [
                DayTotals(
                    day=r.day,
                    family=r.family,
                    reviews=r.reviews,
                    correct=r.correct,
                    recall_total=r.recall_total,
                    recall_pass=r.recall_pass,
                    new_cards=r.new_cards,
                )
                for r in rows
            ]

    def log(self, learner: int, batch: int = 5000) -> Iterator[LogRecord]:
        """The learner's answers, oldest first, read in batches."""
        last = 0
        while True:
            with self._read() as conn:
                rows = conn.execute(
                    select(review_log)
                    .where(review_log.c.learner_id == learner, review_log.c.id > last)
                    .order_by(review_log.c.id)
                    .limit(batch)
                ).all()
            if not rows:
                return
            for r in rows:
                yield _record_from_row(r)
            last = rows[-1].id

    def log_count(self, learner: int) -> int:
        with self._read() as conn:
            return int(
                conn.execute(
                    select(func.count())
                    .select_from(review_log)
                    .where(review_log.c.learner_id == learner)
                ).scalar_one()
            )

    # Import in batches ----------------------------------------------------------------------
    #
    # An import may hold hundreds of thousands of answers. Written in one transaction it would
    # hold SQLite's write lock (every learner's) for seconds, so it is written in batches,
    # each its own short transaction: other learners' answers go in between. While it runs, a
    # mark in ``meta`` (``import:<learner>``, refreshed by every batch) refuses the learner's
    # own answers and undos (``ImportRunningError``), so the card states rebuilt at the end
    # miss nothing. Batches only add answers: a crash half-way loses nothing acknowledged, and
    # importing the same file again adds the rest (answers already present are not doubled).

    def begin_import(self, learner: int) -> str:
        """Mark ``learner`` as importing; returns the mark. ``ImportRunningError`` if another
        import of the learner is running."""
        mark = f"{_wall_ms()}:{secrets.token_hex(8)}"
        name = _import_name(learner)

        def work(conn: Connection) -> None:
            if _import_running(conn, learner):
                raise ImportRunningError(
                    "an import of your review log is already running; try again when it is done"
                )
            conn.execute(delete(meta).where(meta.c.name == name))
            conn.execute(insert(meta).values(name=name, value=mark))

        self._write(work, learner)
        return mark

    def import_batch(
        self,
        learner: int,
        mark: str,
        records: list[tuple[LogEntry, CardState | None, int, str]],
    ) -> str:
        """Add one batch of imported answers (their day totals come with ``finish_import``);
        returns the refreshed mark."""
        fresh = f"{_wall_ms()}:{mark.partition(':')[2]}"
        # The rows are built before the transaction: the lock is held for the writing only.
        rows = [
            {**_log_row(learner, e, None, day, family), "state_before": _state_json(before)}
            for e, before, day, family in records
        ]

        def work(conn: Connection) -> None:
            _check_mark(conn, learner, mark)
            conn.execute(
                update(meta).where(meta.c.name == _import_name(learner)).values(value=fresh)
            )
            if rows:
                conn.execute(insert(review_log), rows)

        self._write(work, learner)
        return fresh

    def finish_import(
        self,
        learner: int,
        mark: str,
        states: Iterable[CardState],
        totals: dict[tuple[int, str], list[int]],
    ) -> None:
        """Replace the learner's card states and day totals with those rebuilt from the whole
        log, and lift the mark (one short transaction)."""

        def work(conn: Connection) -> None:
            _check_mark(conn, learner, mark)
            for table in (review_day, card_state):
                conn.execute(delete(table).where(table.c.learner_id == learner))
            for st in states:
                _put_state(conn, learner, st, exists=False)
            for (day, family), acc in totals.items():
                _add_day(conn, learner, day, family, acc)
            conn.execute(delete(meta).where(meta.c.name == _import_name(learner)))

        self._write(work, learner)

    def end_import(self, learner: int, mark: str) -> None:
        """Lift the mark of an import that failed (if it is still this one's)."""
        name = _import_name(learner)
        current = mark.partition(":")[2]

        def work(conn: Connection) -> None:
            found = conn.execute(select(meta.c.value).where(meta.c.name == name)).scalar()
            if found is not None and str(found).partition(":")[2] == current:
                conn.execute(delete(meta).where(meta.c.name == name))

        self._write(work, learner)

    def replace_history(
        self,
        learner: int,
        records: Iterable[tuple[LogEntry, CardState | None, int, str]],
        states: Iterable[CardState],
    ) -> None:
        """Replace the learner's log, day totals and card states in one transaction (import)."""

        def work(conn: Connection) -> None:
            for table in (review_log, review_day, card_state):
                conn.execute(delete(table).where(table.c.learner_id == learner))
            rows = []
            for entry, before, day, family in records:
                rows.append(_log_row(learner, entry, before, day, family))
                if len(rows) >= 2000:
                    _insert_log_rows(conn, learner, rows)
                    rows = []
            _insert_log_rows(conn, learner, rows)
            for st in states:
                _put_state(conn, learner, st, exists=False)

        self._write(work, learner)


# Row helpers (every one filters or writes by learner id) ----------------------------------


def _state_from_row(r: Any) -> CardState:
    return CardState(
        key=r.card_key,
        state=r.state,
        due=_dt(r.due),
        step=r.step,
        stability=r.stability,
        difficulty=r.difficulty,
        last_review=_dt(r.last_review) if r.last_review is not None else None,
        reps=r.reps,
        lapses=r.lapses,
        suspended=bool(r.suspended),
    )


# The statements of an answer, built once: building one costs more than running it on SQLite.
_BY_CARD = (
    card_state.c.learner_id == bindparam("lid"),
    card_state.c.card_key == bindparam("key"),
)
_STATE_OF = select(card_state).where(*_BY_CARD)
_UPDATE_STATE = update(card_state).where(*_BY_CARD)  # SET: the columns given with it
_INSERT_STATE = insert(card_state)
_INSERT_LOG = insert(review_log).returning(review_log.c.id)
_TOKEN_OWNER = select(tokens.c.learner_id).where(tokens.c.token_hash == bindparam("hash"))
_SETTINGS_OF = select(settings.c.data).where(settings.c.learner_id == bindparam("lid"))
_IMPORT_MARK = select(meta.c.value).where(meta.c.name == bindparam("name"))
_LOCK_LEARNER = select(learners.c.id).where(learners.c.id == bindparam("lid")).with_for_update()


def _get_state(conn: Connection, learner: int, key: str) -> CardState | None:
    row = conn.execute(_STATE_OF, {"lid": learner, "key": key}).first()
    return _state_from_row(row) if row is not None else None


def _put_state(conn: Connection, learner: int, st: CardState, *, exists: bool) -> None:
    values = {
        "state": st.state,
        "due": _ms(st.due),
        "step": st.step,
        "stability": st.stability,
        "difficulty": st.difficulty,
        "last_review": _ms(st.last_review) if st.last_review else None,
        "reps": st.reps,
        "lapses": st.lapses,
        "suspended": st.suspended,
    }
    if exists:
        conn.execute(_UPDATE_STATE, {"lid": learner, "key": st.key, **values})
    else:
        conn.execute(_INSERT_STATE, {"learner_id": learner, "card_key": st.key, **values})


def _log_row(
    learner: int, entry: LogEntry, before: CardState | None, day: int, family: str
) -> dict[str, Any]:
    return {
        "learner_id": learner,
        "card_key": entry.card,
        "reviewed_at": _ms(entry.reviewed_at),
        "day": day,
        "family": family,
        "rating": entry.rating,
        "correct": entry.correct,
        "mode": entry.mode,
        "answer": entry.answer,
        "duration_ms": entry.duration_ms,
        "state_before": json.dumps(before.to_dict()) if before is not None else None,
        "deck": entry.deck,
        "session": entry.session,
        "state_after": (
            json.dumps(entry.state_after.to_dict()) if entry.state_after is not None else None
        ),
    }


def _append_log(
    conn: Connection,
    learner: int,
    entry: LogEntry,
    before: CardState | None,
    day: int,
    family: str,
) -> int:
    log_id = conn.execute(_INSERT_LOG, _log_row(learner, entry, before, day, family)).scalar_one()
    _bump_day(conn, learner, day, family, _with_id(entry, log_id, before), +1)
    return int(log_id)


def _insert_log_rows(conn: Connection, learner: int, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    conn.execute(insert(review_log), rows)
    totals: dict[tuple[int, str], list[int]] = {}
    for r in rows:
        acc = totals.setdefault((r["day"], r["family"]), [0, 0, 0, 0, 0])
        for i, n in enumerate(_counts(r["rating"], r["state_before"])):
            acc[i] += n
    for (day, family), acc in totals.items():
        _add_day(conn, learner, day, family, acc)


IMPORT_STALE_MS = 120_000  # an import mark not refreshed for this long is a crashed import's


def _wall_ms() -> int:
    return int(time.time() * 1000)


def _import_name(learner: int) -> str:
    return f"import:{learner}"


def _import_running(conn: Connection, learner: int) -> bool:
    found = conn.execute(_IMPORT_MARK, {"name": _import_name(learner)}).scalar()
    if found is None:
        return False
    stamp = str(found).partition(":")[0]
    return stamp.isdigit() and _wall_ms() - int(stamp) < IMPORT_STALE_MS


def _check_mark(conn: Connection, learner: int, mark: str) -> None:
    found = conn.execute(_IMPORT_MARK, {"name": _import_name(learner)}).scalar()
    if found is None or str(found).partition(":")[2] != mark.partition(":")[2]:
        raise ImportRunningError("the import was interrupted; import the file again")


def _refuse_while_importing(conn: Connection, learner: int) -> None:
    if _import_running(conn, learner):
        raise ImportRunningError(
            "an import of your review log is running; nothing was recorded, try again when "
            "it is done"
        )


def _state_json(st: CardState | None) -> str | None:
    """``json.dumps(st.to_dict())``, without ``dataclasses.asdict``'s deep copies (an import
    stores one per answer)."""
    if st is None:
        return None
    data = {}
    for name in st.__dataclass_fields__:
        value = getattr(st, name)
        data[name] = value.isoformat() if isinstance(value, datetime) else value
    return json.dumps(data)


def day_counts(rating: int, state_before: CardState | None) -> tuple[int, int, int, int, int]:
    """(reviews, correct, recall_total, recall_pass, new_cards) of one answer."""
    return _counts(rating, state_before)


def _counts(rating: int, state_before: str | CardState | None) -> tuple[int, int, int, int, int]:
    """(reviews, correct, recall_total, recall_pass, new_cards) of one answer."""
    if isinstance(state_before, str):
        state_before = CardState.from_dict(json.loads(state_before))
    passed = int(rating > 1)
    recall = int(state_before is not None and state_before.state == "review")
    return 1, passed, recall, recall * passed, int(state_before is None)


def _bump_day(
    conn: Connection, learner: int, day: int, family: str, entry: LogEntry, sign: int
) -> None:
    counts = _counts(entry.rating, entry.state_before)
    _add_day(conn, learner, day, family, [sign * n for n in counts])


_DAY_COLUMNS = ("reviews", "correct", "recall_total", "recall_pass", "new_cards")


_BUMP_DAY = (
    update(review_day)
    .where(
        review_day.c.learner_id == bindparam("lid"),
        review_day.c.day == bindparam("d"),
        review_day.c.family == bindparam("fam"),
    )
    .values({c: review_day.c[c] + bindparam("add_" + c) for c in _DAY_COLUMNS})
)
_INSERT_DAY = insert(review_day)


def _add_day(conn: Connection, learner: int, day: int, family: str, counts: list[int]) -> None:
    adds = {"add_" + c: n for c, n in zip(_DAY_COLUMNS, counts, strict=True)}
    done = conn.execute(_BUMP_DAY, {"lid": learner, "d": day, "fam": family, **adds})
    if done.rowcount == 0:
        conn.execute(
            _INSERT_DAY,
            {
                "learner_id": learner,
                "day": day,
                "family": family,
                **dict(zip(_DAY_COLUMNS, counts, strict=True)),
            },
        )


def _record_from_row(r: Any) -> LogRecord:
    before = CardState.from_dict(json.loads(r.state_before)) if r.state_before else None
    entry = LogEntry(
        card=r.card_key,
        reviewed_at=_dt(r.reviewed_at),
        rating=r.rating,
        correct=r.correct,
        mode=r.mode,
        answer=r.answer,
        duration_ms=r.duration_ms,
        state_before=before,
        id=r.id,
        deck=r.deck,
        session=r.session,
        state_after=CardState.from_dict(json.loads(r.state_after)) if r.state_after else None,
    )
    return LogRecord(entry, r.day, r.family)


def _with_id(entry: LogEntry, log_id: int, before: CardState | None) -> LogEntry:
    from dataclasses import replace

    return replace(entry, id=log_id, state_before=before)


def _migration_1(conn: Connection) -> None:
    metadata.create_all(conn, tables=list(_V1_TABLES), checkfirst=True)


def _migration_2(conn: Connection) -> None:
    """review_log gains deck, session and state_after (a new database has them already)."""
    from sqlalchemy import inspect

    present = {c["name"] for c in inspect(conn).get_columns("review_log")}
    for name, kind in (
        ("deck", "VARCHAR(16)"),
        ("session", "VARCHAR(64)"),
        ("state_after", "TEXT"),
    ):
        if name not in present:
            conn.execute(text(f"ALTER TABLE review_log ADD COLUMN {name} {kind}"))


_MIGRATIONS: tuple[tuple[int, Callable[[Connection], None]], ...] = (
    (1, _migration_1),
    (2, _migration_2),
)
