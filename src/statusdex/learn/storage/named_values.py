"""The database's own values by name (the ``meta`` table): the key that signs tokens, the
terminal's learner. Imports keep their marks there too (``imports.py``)."""

from __future__ import annotations

from contextlib import suppress

from sqlalchemy import Connection, delete, insert, select
from sqlalchemy.exc import IntegrityError

from statusdex.learn.storage.database import Database
from statusdex.learn.storage.schema import meta


class NamedValues:
    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, name: str) -> str | None:
        with self.db.read() as conn:
            found = conn.execute(select(meta.c.value).where(meta.c.name == name)).scalar()
        return str(found) if found is not None else None

    def set(self, name: str, value: str) -> None:
        def work(conn: Connection) -> None:
            conn.execute(delete(meta).where(meta.c.name == name))
            conn.execute(insert(meta).values(name=name, value=value))

        self.db.write(work)

    def default(self, name: str, value: str) -> str:
        """The value ``name``, set to ``value`` first if it has none (one value wins even
        when several processes try at once)."""
        found = self.get(name)
        if found is not None:
            return found
        with suppress(IntegrityError):  # another process set it first
            self.db.write(lambda c: c.execute(insert(meta).values(name=name, value=value)))
        found = self.get(name)
        assert found is not None
        return found
