"""Where learners' progress lives: SQLite by default, PostgreSQL on request (SQLAlchemy Core).

- The database is ``STATUSDEX_DATABASE_URL`` when set (``sqlite:///path`` or
  ``postgresql://user:pass@host/db``), else ``learn.db`` in the user's data directory.
- Every method takes the learner id and every query is scoped by it.
- An answer is committed (card state, log row and day totals together) before the method
  returns.

``Storage`` is the one object the service uses. It composes one store per concern, each over
the same ``Database`` (``database.py``: engine, writer lock, read and write transactions):

========================  ===================================================================
``schema.py``             the tables and ``SCHEMA_VERSION``
``migrations.py``         ``Storage.migrations``: the schema's versions and the steps between
``accounts.py``           ``Storage.accounts``: learners, token hashes, username and password
``named_values.py``       ``Storage.named``: the database's own values (``meta``)
``learner_settings.py``   ``Storage.settings``: each learner's settings
``cards.py``              ``Storage.cards``: card states outside an answer
``reviews.py``            ``Storage.reviews``: answers, undo, the review log, day totals
``imports.py``            ``Storage.imports``: a review log imported in batches
``rows.py``               records to rows and back, inside one transaction
========================  ===================================================================

``Storage``'s own methods are the stable API: each hands the call to its store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any

from statusdex.learn.log import LogEntry
from statusdex.learn.scheduler import CardState
from statusdex.learn.stats import DayTotals
from statusdex.learn.storage.accounts import Accounts
from statusdex.learn.storage.cards import CardStates
from statusdex.learn.storage.database import BUSY_TIMEOUT_MS, Database, StorageError, default_url
from statusdex.learn.storage.imports import IMPORT_STALE_MS, Imports
from statusdex.learn.storage.learner_settings import LearnerSettings
from statusdex.learn.storage.migrations import Migrations
from statusdex.learn.storage.named_values import NamedValues
from statusdex.learn.storage.reviews import Reviews
from statusdex.learn.storage.rows import LogRecord, day_counts
from statusdex.learn.storage.schema import (
    SCHEMA_VERSION,
    card_state,
    learners,
    meta,
    metadata,
    review_day,
    review_log,
    schema_version,
    settings,
    tokens,
)

__all__ = [
    "BUSY_TIMEOUT_MS",
    "IMPORT_STALE_MS",
    "SCHEMA_VERSION",
    "LogRecord",
    "Storage",
    "StorageError",
    "card_state",
    "day_counts",
    "default_url",
    "learners",
    "meta",
    "metadata",
    "review_day",
    "review_log",
    "schema_version",
    "settings",
    "tokens",
]


class Storage:
    """The learning database. Safe to share between threads; open one per process."""

    def __init__(self, url: str | None = None, *, migrate: bool = True) -> None:
        self.db = Database(url or default_url())
        self.url = self.db.url
        self.engine = self.db.engine
        self.dialect = self.db.dialect
        self._write_lock = self.db.write_lock  # one per SQLite file and process
        self.migrations = Migrations(self.db)
        self.accounts = Accounts(self.db)
        self.named = NamedValues(self.db)
        self.settings = LearnerSettings(self.db)
        self.cards = CardStates(self.db)
        self.reviews = Reviews(self.db)
        self.imports = Imports(self.db)
        if migrate:
            self.migrate()

    def close(self) -> None:
        self.db.close()

    # Schema -------------------------------------------------------------------------------

    def migrate(self) -> None:
        """Bring the schema to ``SCHEMA_VERSION`` (safe when several processes start at once)."""
        self.migrations.migrate()

    def version(self) -> int:
        return self.migrations.version()

    # Learners -----------------------------------------------------------------------------

    def create_learner(self, token_hash: str, now: datetime) -> int:
        return self.accounts.create_learner(token_hash, now)

    def add_token(self, learner: int, token_hash: str, now: datetime) -> None:
        self.accounts.add_token(learner, token_hash, now)

    def delete_token(self, token_hash: str) -> None:
        self.accounts.delete_token(token_hash)

    def learner_for_token(self, token_hash: str) -> int | None:
        return self.accounts.learner_for_token(token_hash)

    def learner_exists(self, learner: int) -> bool:
        return self.accounts.learner_exists(learner)

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
        self.accounts.set_credentials(learner, username, password_hash, token_hash, now)

    def credentials(self, username: str) -> tuple[int, str] | None:
        return self.accounts.credentials(username)

    def account(self, learner: int) -> tuple[str | None, str | None]:
        """The learner's username and password hash (None, None for an anonymous learner)."""
        return self.accounts.account(learner)

    def username(self, learner: int) -> str | None:
        return self.accounts.username(learner)

    def set_password_hash(self, learner: int, password_hash: str) -> None:
        self.accounts.set_password_hash(learner, password_hash)

    # The database's own values -------------------------------------------------------------

    def get_meta(self, name: str) -> str | None:
        return self.named.get(name)

    def set_meta(self, name: str, value: str) -> None:
        self.named.set(name, value)

    def meta_default(self, name: str, value: str) -> str:
        """The meta value ``name``, set to ``value`` first if it has none (one value wins even
        when several processes try at once)."""
        return self.named.default(name, value)

    # Settings -----------------------------------------------------------------------------

    def load_settings(self, learner: int) -> dict[str, Any]:
        return self.settings.load(learner)

    def save_settings(self, learner: int, data: dict[str, Any]) -> None:
        self.settings.save(learner, data)

    # Card states --------------------------------------------------------------------------

    def card_states(self, learner: int) -> dict[str, CardState]:
        return self.cards.all(learner)

    def card_state(self, learner: int, key: str) -> CardState | None:
        return self.cards.one(learner, key)

    def set_states(self, learner: int, states: Iterable[CardState]) -> None:
        """Store card states changed outside an answer, each also the ``state_after`` of the
        card's last answer."""
        self.cards.set(learner, states)

    def forget_card(self, learner: int, key: str) -> int:
        """Remove one card's state and its answers; returns the number of answers removed."""
        return self.cards.forget(learner, key)

    # Answers and the review log -----------------------------------------------------------

    def record_answer(
        self,
        learner: int,
        key: str,
        compute: Callable[[CardState | None], tuple[CardState, LogEntry]],
        day: int,
        family: str,
    ) -> tuple[CardState, LogEntry]:
        """Read the card's state, let ``compute`` answer it, store state and log, commit (one
        locked transaction)."""
        return self.reviews.record_answer(learner, key, compute, day, family)

    def undo_last(self, learner: int, session: str | None) -> LogRecord | None:
        """Take back the learner's last answer if ``session`` gave it."""
        return self.reviews.undo_last(learner, session)

    def day_answers(self, learner: int, day: int) -> list[tuple[str, str | None, str | None]]:
        """Each answer of study ``day``: (card key, deck, state before: None for a new card)."""
        return self.reviews.day_answers(learner, day)

    def card_log(self, learner: int, key: str) -> list[LogRecord]:
        """One card's answers, oldest first."""
        return self.reviews.card_log(learner, key)

    def day_totals(self, learner: int) -> list[DayTotals]:
        return self.reviews.day_totals(learner)

    def log(self, learner: int, batch: int = 5000) -> Iterator[LogRecord]:
        """The learner's answers, oldest first, read in batches."""
        return self.reviews.log(learner, batch)

    def log_count(self, learner: int) -> int:
        return self.reviews.log_count(learner)

    # Import in batches (see ``imports.py``) -------------------------------------------------

    def begin_import(self, learner: int) -> str:
        """Mark ``learner`` as importing; returns the mark (``ImportRunningError`` if another
        import of the learner is running)."""
        return self.imports.begin(learner)

    def import_batch(
        self,
        learner: int,
        mark: str,
        records: list[tuple[LogEntry, CardState | None, int, str]],
    ) -> str:
        """Add one batch of imported answers; returns the refreshed mark."""
        return self.imports.batch(learner, mark, records)

    def finish_import(
        self,
        learner: int,
        mark: str,
        states: Iterable[CardState],
        totals: dict[tuple[int, str], list[int]],
    ) -> None:
        """Replace the card states and day totals with those rebuilt, and lift the mark."""
        self.imports.finish(learner, mark, states, totals)

    def end_import(self, learner: int, mark: str) -> None:
        """Lift the mark of an import that failed (if it is still this one's)."""
        self.imports.end(learner, mark)
