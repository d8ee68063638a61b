"""The learning database's tables (SQLAlchemy Core) and how times are stored in them."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

SCHEMA_VERSION = 2

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

V1_TABLES = (schema_version, meta, learners, tokens, settings, card_state, review_log, review_day)


def ms(moment: datetime) -> int:
    """A time as stored: milliseconds since the epoch."""
    return int(moment.timestamp() * 1000)


def dt(stored: int) -> datetime:
    """A stored time back as a UTC ``datetime``."""
    return datetime.fromtimestamp(stored / 1000, UTC)
