"""The schema's versions and the steps from one to the next."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, delete, func, insert, select, text
from sqlalchemy.exc import OperationalError

from statusdex.learn.storage.database import Database, StorageError
from statusdex.learn.storage.schema import SCHEMA_VERSION, V1_TABLES, metadata, schema_version


def _migration_1(conn: Connection) -> None:
    metadata.create_all(conn, tables=list(V1_TABLES), checkfirst=True)


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


MIGRATIONS: tuple[tuple[int, Callable[[Connection], None]], ...] = (
    (1, _migration_1),
    (2, _migration_2),
)


class Migrations:
    def __init__(self, db: Database) -> None:
        self.db = db

    def migrate(self) -> None:
        """Bring the schema to ``SCHEMA_VERSION`` (safe when several processes start at once)."""

        def work(conn: Connection) -> None:
            if self.db.dialect == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(7204118)"))
            metadata.create_all(conn, tables=[schema_version], checkfirst=True)
            current = conn.execute(select(func.max(schema_version.c.version))).scalar()
            version = int(current or 0)
            if version > SCHEMA_VERSION:
                raise StorageError(
                    f"the database has schema version {version}, newer than this statusdex "
                    f"({SCHEMA_VERSION}); upgrade statusdex"
                )
            for target, step in MIGRATIONS:
                if version < target:
                    step(conn)
                    conn.execute(delete(schema_version))
                    conn.execute(insert(schema_version).values(version=target))
                    version = target

        try:
            self.db.write(work)
        except OperationalError as err:
            raise StorageError(f"cannot open the learning database: {err.orig}") from None

    def version(self) -> int:
        with self.db.read() as conn:
            return int(conn.execute(select(func.max(schema_version.c.version))).scalar() or 0)
