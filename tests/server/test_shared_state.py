"""The shared tables themselves: two handles on one file see one state; memory is bounded."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from statusdex.mock.shared import SharedState
from statusdex.sharedfile import SharedEventLog
from statusdex.web.learn.accounts import RateLimiter


def test_two_handles_on_one_file_share_sequences_counts_and_sleepers(tmp_path: Path) -> None:
    path = str(tmp_path / "state")
    a, b = SharedState(64, path), SharedState(64, path)
    assert [a.next_index("s", "200,500"), b.next_index("s", "200,500")] == [0, 1]
    assert a.next_index("s", "200,500") == 2
    assert b.next_index("other", "200,500") == 0
    assert [a.count_request("10.0.0.1", 7), b.count_request("10.0.0.1", 7)] == [1, 2]
    assert b.count_request("10.0.0.1", 8) == 1  # a new window starts from zero
    assert a.enter_sleeper(2)
    assert b.enter_sleeper(2)
    assert not a.enter_sleeper(2)
    b.leave_sleeper()
    assert a.sleepers() == 1


@pytest.mark.parametrize("keys", [10, 1000])
def test_seed_table_is_bounded_and_forgets_least_recently_used(keys: int) -> None:
    state = SharedState(16)
    for i in range(keys):
        state.next_index(f"seed-{i}", "200")
    size = state.size
    state.next_index("kept", "200")
    for i in range(keys):
        state.next_index(f"seed-{i}", "200")
        state.next_index("kept", "200")  # always the most recent of its neighbourhood
    assert state.next_index("kept", "200") == keys + 1
    assert state.size == size


def test_sleeper_slots_of_dead_processes_are_reclaimed(tmp_path: Path) -> None:
    path = str(tmp_path / "state")
    pid = os.fork()
    if pid == 0:  # a worker that takes the only place and dies without leaving
        child = SharedState(4, path)
        os._exit(0 if child.enter_sleeper(1) else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    parent = SharedState(4, path)
    assert parent.enter_sleeper(1)


def test_login_limiter_shared_through_a_file_counts_every_process(tmp_path: Path) -> None:
    """Two limiters on one file (two workers) count one sliding window together."""
    now = [1000.0]
    path = str(tmp_path / "login")
    a = RateLimiter(3, 60.0, clock=lambda: now[0]).shared(path)
    b = RateLimiter(3, 60.0, clock=lambda: now[0]).shared(path)
    a.hit("u:alice")
    b.hit("u:alice")
    assert a.retry_after("u:alice") == 0.0
    now[0] += 10
    a.hit("u:alice")
    assert b.retry_after("u:alice") == pytest.approx(50.0)  # the first hit leaves the window
    assert b.retry_after("u:bob") == 0.0
    now[0] += 51
    assert a.retry_after("u:alice") == 0.0
    b.reset("u:alice")
    assert SharedEventLog(path, 3).events("u:alice", 0.0) == []
