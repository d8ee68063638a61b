"""Findings 7 and 13: registration floods and lockouts.

Registration is limited per client address and every password hash goes through a small
gate, so a flood can neither starve play nor exhaust memory (the figures are in
docs/benchmarks-learn.md, measured by bench/learn_abuse.py). Failed sign-ins slow down the
address that makes them, for that username, more and more; the owner elsewhere signs in."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

from tests.security.learn.conftest import Person, Target, username


def test_registrations_are_limited_per_address(people: Any, target: Target) -> None:
    flooder_ip = "10.250.0.1" if target.backend == "sqlite" else "10.250.0.2"
    statuses = []
    for _ in range(12):
        p: Person = people(flooder_ip)
        r = p.register(username(), "flood password")
        statuses.append(r.status_code)
        if r.status_code == 429:
            assert int(r.headers["retry-after"]) > 0
            assert r.headers["content-type"] == "application/problem+json"
            break
    assert statuses[-1] == 429, statuses
    assert statuses[:-1] == [201] * (len(statuses) - 1)
    # Another address still registers.
    assert people().register(username(), "my own password").status_code == 201


def test_failed_sign_ins_never_lock_the_owner_out(people: Any, target: Target) -> None:
    owner: Person = people()
    name = username()
    assert owner.register(name, "the real one").status_code == 201
    thief: Person = people()
    statuses = [thief.login(name, f"guess {i}").status_code for i in range(8)]
    assert 429 in statuses, statuses
    first = statuses.index(429)
    assert statuses[:first] == [401] * first
    blocked = thief.login(name, "the real one")
    assert blocked.status_code == 429  # the guesser's address waits, even with the password
    laptop: Person = people()  # the owner, from another address
    assert laptop.login(name, "the real one").status_code == 200


def test_the_wait_grows_with_each_failure(people: Any, target: Target) -> None:
    owner: Person = people()
    name = username()
    assert owner.register(name, "the real one").status_code == 201
    thief: Person = people()
    waits = []
    for i in range(12):
        r = thief.login(name, f"guess {i}")
        if r.status_code == 429:
            waits.append(int(r.headers["retry-after"]))
            # Let the wait pass only while it is short; then the next failure doubles it.
            if waits[-1] <= 2:
                time.sleep(waits[-1] + 0.2)
            else:
                break
    assert len(waits) >= 2, waits
    assert waits[-1] > waits[0], waits


def test_the_hash_gate_runs_one_at_a_time_and_sheds_the_rest() -> None:
    from statusdex.web.learn.base import HashGate, WebError

    gate = HashGate(capacity=1, queue=2)
    inside = 0
    most = 0
    lock = threading.Lock()
    release = threading.Event()

    def hash_like() -> str:
        nonlocal inside, most
        with lock:
            inside += 1
            most = max(most, inside)
        release.wait(10)
        with lock:
            inside -= 1
        return "ok"

    async def flood() -> list[object]:
        tasks = [asyncio.ensure_future(gate.run(hash_like)) for _ in range(6)]
        await asyncio.sleep(0.3)
        release.set()
        return await asyncio.gather(*tasks, return_exceptions=True)

    # A thread of its own: other tests (Playwright) may leave an event loop in this one.
    results: list[object] = []
    runner = threading.Thread(target=lambda: results.extend(asyncio.run(flood())))
    runner.start()
    runner.join(60)
    assert most == 1
    done = [r for r in results if r == "ok"]
    shed = [r for r in results if isinstance(r, WebError)]
    assert len(done) == 3  # one running, two queued
    assert len(shed) == 3
    assert all(e.status == 503 and e.headers["Retry-After"] for e in shed)


def test_a_burst_from_many_addresses_is_shed_not_queued_without_end(
    people: Any, target: Target
) -> None:
    """Registrations from many addresses at the same instant (the per-address limit does not
    stop them): a few are hashed, one at a time, the rest refused at once with 503 and
    Retry-After instead of piling up; none is a 500, and a learner playing meanwhile gets
    every answer recorded."""
    player: Person = people()
    flooders = [people(timeout=300) for _ in range(12)]
    go = threading.Barrier(len(flooders))
    statuses: list[int] = []
    retry: list[str] = []

    def register(p: Person) -> None:
        go.wait(60)
        r = p.register(username(), "flood password")
        statuses.append(r.status_code)
        if r.status_code == 503:
            retry.append(r.headers.get("retry-after", ""))

    threads = [threading.Thread(target=register, args=(p,)) for p in flooders]
    for t in threads:
        t.start()
    player.play(5)
    for t in threads:
        t.join(300)
    assert len(statuses) == len(flooders)
    assert set(statuses) <= {201, 503}, statuses
    assert 201 in statuses
    assert 503 in statuses, statuses
    assert all(r.isdigit() for r in retry), retry
    assert len(player.reviews()) == 5
