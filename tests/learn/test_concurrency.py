"""Two processes answering for one learner on one database: no lost update, no lock error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from statusdex.learn.service import LearnService
from statusdex.learn.storage import Storage

from .conftest import T0
from .hammer import KEYS

HAMMER = Path(__file__).with_name("hammer.py")
REPO = Path(__file__).resolve().parents[2]
ANSWERS = 150


@pytest.mark.timeout(180)
def test_two_processes_lose_no_update(db_url: str) -> None:
    storage = Storage(db_url)
    svc = LearnService(storage, fuzz=False)
    learner, _ = svc.create_learner(T0)
    bystander, _ = svc.create_learner(T0)
    svc.answer(bystander, "422:name-code", answer="422", now=T0)
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    procs = [
        subprocess.Popen(
            [sys.executable, str(HAMMER), db_url, str(learner), str(ANSWERS), f"w{n}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for n in range(2)
    ]
    outputs = [p.communicate(timeout=170) for p in procs]
    try:
        for p, (out, err) in zip(procs, outputs, strict=True):
            assert "locked" not in err.lower()
            assert p.returncode == 0, err[-2000:]
            assert out.split()[1] == str(ANSWERS)
        total = 2 * ANSWERS
        assert storage.log_count(learner) == total
        states = storage.card_states(learner)
        # reps is read-modify-written: a lost update would leave it short of the log.
        assert sum(states[k].reps for k in KEYS) == total
        per_card = dict.fromkeys(KEYS, 0)
        for record in storage.log(learner):
            per_card[record.entry.card] += 1
        assert {k: states[k].reps for k in KEYS} == per_card
        assert sum(d.reviews for d in storage.day_totals(learner)) == total
        # The other learner was never touched.
        assert storage.log_count(bystander) == 1
        assert storage.card_states(bystander)["422:name-code"].reps == 1
    finally:
        storage.close()
