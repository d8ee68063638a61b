"""Each learner's settings, stored as one JSON object (``scheduler.Settings`` reads it)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, bindparam, delete, insert, select

from statusdex.learn.storage.database import Database
from statusdex.learn.storage.schema import settings

_SETTINGS_OF = select(settings.c.data).where(settings.c.learner_id == bindparam("lid"))


class LearnerSettings:
    def __init__(self, db: Database) -> None:
        self.db = db

    def load(self, learner: int) -> dict[str, Any]:
        with self.db.read() as conn:
            found = conn.execute(_SETTINGS_OF, {"lid": learner}).scalar()
        return dict(json.loads(found)) if found else {}

    def save(self, learner: int, data: dict[str, Any]) -> None:
        def work(conn: Connection) -> None:
            conn.execute(delete(settings).where(settings.c.learner_id == learner))
            conn.execute(insert(settings).values(learner_id=learner, data=json.dumps(data)))

        self.db.write(work, learner)
