"""SIGTERM stops both commands cleanly (exit 0) and removes the state the workers shared."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from tests.conftest import start_server

SHM = Path("/dev/shm")


def state_files() -> set[Path]:
    return set(SHM.glob("statusdex-state-*"))


@pytest.mark.parametrize("command", ["mock", "serve"])
@pytest.mark.parametrize("workers", ["1", "2"])
def test_sigterm_exits_0_and_removes_the_shared_state(
    tmp_path: Path, command: str, workers: str
) -> None:
    before = state_files()
    health = "/200" if command == "mock" else "/healthz"
    server = start_server([command, "--workers", workers], tmp_path, health=health)
    # Only this server's files (their name carries its pid): other servers on the machine
    # may start while this one does.
    ours = {p for p in state_files() - before if p.name.split("-")[2] == str(server.process.pid)}
    server.process.send_signal(signal.SIGTERM)
    code = server.process.wait(20)
    assert any(p.name.count(".") == 0 for p in ours)  # the mock's state, and learn's beside it
    assert code == 0
    assert not any(p.exists() for p in ours)


def test_state_left_by_a_killed_server_is_removed_at_the_next_start(tmp_path: Path) -> None:
    import os

    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)  # a process id that is surely not running any more
    stale = [SHM / f"statusdex-state-{pid}-abc123", SHM / f"statusdex-state-{pid}-abc123.x"]
    for p in stale:
        p.write_bytes(b"")
    server = start_server(["mock", "--workers", "1"], tmp_path, health="/200")
    server.stop()
    assert not any(p.exists() for p in stale)
