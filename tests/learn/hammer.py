"""Run by test_concurrency: one process answering one learner's cards as fast as it can.

Usage: python hammer.py DATABASE_URL LEARNER_ID ANSWERS WORKER
Prints the number of answers it got acknowledged; exits 1 on any error.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta

from statusdex.learn.service import LearnService
from statusdex.learn.storage import Storage

KEYS = ("422:name-code", "404:name-code", "500:name-code")


def main() -> int:
    url, learner, answers, worker = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    svc = LearnService(Storage(url), fuzz=False)
    t0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    done = 0
    for i in range(answers):
        key = KEYS[i % len(KEYS)]
        now = t0 + timedelta(seconds=i)
        svc.answer(learner, key, answer=key.split(":")[0], now=now, mode="typed")
        done += 1
        if i % 10 == 0:  # readers too, between the writes
            svc.next_card(learner, "starter", now)
            svc.stats(learner, now)
    svc.storage.close()
    print(f"{worker} {done}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
