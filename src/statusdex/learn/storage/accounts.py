"""Learners, their sign-in tokens (stored as hashes) and their usernames and passwords."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Connection, bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from statusdex.learn.errors import UsernameTakenError
from statusdex.learn.storage.database import Database
from statusdex.learn.storage.schema import learners, ms, tokens

_TOKEN_OWNER = select(tokens.c.learner_id).where(tokens.c.token_hash == bindparam("hash"))


class Accounts:
    def __init__(self, db: Database) -> None:
        self.db = db

    def create_learner(self, token_hash: str, now: datetime) -> int:
        def work(conn: Connection) -> int:
            new_id = conn.execute(
                insert(learners).values(created=ms(now)).returning(learners.c.id)
            ).scalar_one()
            conn.execute(
                insert(tokens).values(token_hash=token_hash, learner_id=new_id, created=ms(now))
            )
            return int(new_id)

        return self.db.write(work)

    def add_token(self, learner: int, token_hash: str, now: datetime) -> None:
        self.db.write(
            lambda c: c.execute(
                insert(tokens).values(token_hash=token_hash, learner_id=learner, created=ms(now))
            )
        )

    def delete_token(self, token_hash: str) -> None:
        self.db.write(lambda c: c.execute(delete(tokens).where(tokens.c.token_hash == token_hash)))

    def learner_for_token(self, token_hash: str) -> int | None:
        with self.db.read() as conn:
            found = conn.execute(_TOKEN_OWNER, {"hash": token_hash}).scalar()
        return int(found) if found is not None else None

    def learner_exists(self, learner: int) -> bool:
        with self.db.read() as conn:
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
                created = ms(now or datetime.now(UTC))
                conn.execute(
                    insert(tokens).values(
                        token_hash=token_hash, learner_id=learner, created=created
                    )
                )

        try:
            self.db.write(work, learner)
        except IntegrityError:
            raise UsernameTakenError(f"the username {username!r} is taken") from None

    def credentials(self, username: str) -> tuple[int, str] | None:
        with self.db.read() as conn:
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
        with self.db.read() as conn:
            row = conn.execute(
                select(learners.c.username, learners.c.password_hash).where(
                    learners.c.id == learner
                )
            ).first()
        if row is None:
            return None, None
        return row.username, row.password_hash

    def username(self, learner: int) -> str | None:
        with self.db.read() as conn:
            found = conn.execute(
                select(learners.c.username).where(learners.c.id == learner)
            ).scalar()
        return str(found) if found is not None else None

    def set_password_hash(self, learner: int, password_hash: str) -> None:
        self.db.write(
            lambda c: c.execute(
                update(learners).where(learners.c.id == learner).values(password_hash=password_hash)
            ),
            learner,
        )
