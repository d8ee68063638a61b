"""Nothing lost: an acknowledged answer survives ``kill -9`` of the server, and two server
processes on one database lose no update and never show "database is locked".
Run on SQLite and on the real PostgreSQL."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.learn.test_web.conftest import BACKENDS, Databases, Learner, serve

COOKIE = "statusdex_learner"


def _client(url: str, token: str) -> httpx.Client:
    return httpx.Client(base_url=url, cookies={COOKIE: token}, timeout=30)


@pytest.mark.parametrize("backend", BACKENDS)
def test_acknowledged_answers_survive_kill_9(
    backend: str, databases: Databases, tmp_path: Path
) -> None:
    url = databases.new(backend)
    server = serve(tmp_path, url)
    me = Learner(server.url).start()
    keys = [
        c["key"]
        for row in me.http.get("/learn/api/browse", params={"deck": "iana"}).json()["codes"]
        for c in row["cards"]
    ]
    token = me.http.cookies[COOKIE]
    acked: list[int] = []
    sent = [0]
    errors: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()

    def burst(worker: int) -> None:
        with _client(server.url, token) as http:
            i = worker
            while not stop.is_set():
                key = keys[i % len(keys)]
                i += 4
                with lock:
                    sent[0] += 1
                try:
                    r = http.post(
                        "/learn/api/answer",
                        json={"key": key, "rating": 3},
                        headers={"X-CSRF-Token": me.csrf},
                    )
                except httpx.TransportError:
                    return  # the server is gone
                if r.status_code == 200:
                    with lock:
                        acked.append(r.json()["log_id"])
                else:
                    errors.append(f"{r.status_code} {r.text[:200]}")

    threads = [threading.Thread(target=burst, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 60
    while len(acked) < 200 and time.monotonic() < deadline and not errors:
        time.sleep(0.005)
    server.process.kill()  # SIGKILL, mid-burst: no shutdown, no flush
    server.process.wait()
    stop.set()
    for t in threads:
        t.join(30)
    me.close()
    assert errors == []
    assert len(acked) >= 200, f"only {len(acked)} answers acknowledged before the deadline"

    restarted = serve(tmp_path, url)
    try:
        with _client(restarted.url, token) as http:
            stored = http.get("/learn/api/log", params={"format": "json"}).json()["reviews"]
            reviews_today = http.get("/learn/api/stats").json()["reviews_today"]
        # Every acknowledged answer is there; at most the ones in flight at the kill are extra.
        assert len(acked) <= len(stored) <= sent[0]
        print(f"acknowledged {len(acked)}, stored {len(stored)}, sent {sent[0]}")
        assert reviews_today == len(stored)
    finally:
        restarted.stop()


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_servers_on_one_database_lose_no_update(
    backend: str, databases: Databases, tmp_path: Path
) -> None:
    url = databases.new(backend)
    one = serve(tmp_path, url)
    two = serve(tmp_path, url)  # each server logs to its own file (named by its port)
    try:
        me = Learner(one.url).start()
        token = me.http.cookies[COOKIE]
        others = [Learner(two.url).start() for _ in range(2)]
        key = "404:code-name"
        per_thread = 20
        acked = [0]
        failures: list[str] = []
        lock = threading.Lock()

        def hammer(worker: int, learner_token: str, csrf: str, count: list[int]) -> None:
            clients = [_client(one.url, learner_token), _client(two.url, learner_token)]
            try:
                for i in range(per_thread):
                    http = clients[(worker + i) % 2]  # alternate between the two processes
                    r = http.post(
                        "/learn/api/answer",
                        json={"key": key, "rating": 3},
                        headers={"X-CSRF-Token": csrf},
                    )
                    if r.status_code == 200:
                        with lock:
                            count[0] += 1
                    else:
                        failures.append(f"{r.status_code} {r.text[:200]}")
            finally:
                for c in clients:
                    c.close()

        other_counts = [[0] for _ in others]
        threads = [
            threading.Thread(target=hammer, args=(w, token, me.csrf, acked)) for w in range(6)
        ]
        for n, other in enumerate(others):
            t = other.http.cookies[COOKIE]
            threads += [
                threading.Thread(target=hammer, args=(w, t, other.csrf, other_counts[n]))
                for w in range(2)
            ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)

        assert failures == []
        assert acked[0] == 6 * per_thread
        browse = me.http.get("/learn/api/browse", params={"deck": "starter"}).json()
        reps = {c["key"]: c["reps"] for row in browse["codes"] for c in row["cards"]}
        assert reps[key] == acked[0]  # every answer updated the card: none lost
        assert len(me.reviews()) == acked[0]
        assert me.stats()["reviews_today"] == acked[0]
        for other, count in zip(others, other_counts, strict=True):
            assert count[0] == 2 * per_thread
            assert len(other.reviews()) == count[0]
        for learner in (me, *others):
            learner.close()
    finally:
        one.stop()
        two.stop()
    for srv in (one, two):
        log = srv.log.read_text(errors="replace").lower()
        assert "locked" not in log
        assert "traceback" not in log
