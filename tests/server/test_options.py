"""The server options both commands share: bad values are usage errors (exit 2, one line)."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize("command", ["serve", "mock"])
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--workers", "0"], "at least 1"),
        (["--workers", "two"], "invalid int value"),
        (["--header-timeout", "0"], "positive number"),
        (["--idle-timeout", "nan"], "positive number"),
        (["--max-request-header-bytes", "-5"], "at least 1"),
        (["--max-connections", "x"], "invalid int value"),
    ],
)
def test_bad_server_options_are_usage_errors(command: str, args: list[str], message: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "statusdex", command, *args],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [("STATUSDEX_MOCK_WORKERS", "0"), ("STATUSDEX_SERVER_HEADER_TIMEOUT_S", "-1")],
)
def test_bad_server_variables_are_usage_errors(variable: str, value: str) -> None:
    import os

    done = subprocess.run(
        [sys.executable, "-m", "statusdex", "mock"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, variable: value},
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
