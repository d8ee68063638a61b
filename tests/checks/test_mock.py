"""Against our own mock server (real HTTP on loopback): every code with the headers the mock
sends, then without them; the mock's faults through the terminal command."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest

import statusdex
from statusdex.checks.model import Message
from statusdex.mock.pytest_plugin import MockServer, start_mock

IANA = [s for s in statusdex.all_statuses(kind="iana") if not 100 <= s < 200]
HEADER_RULES = {"header-missing", "location-invalid", "content-range-invalid", "body-forbidden"}


@pytest.fixture(scope="module")
def mock() -> Iterator[MockServer]:
    server = start_mock()
    yield server
    server.stop()


def cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "statusdex", "check", *args],
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_every_code_from_the_mock_passes_the_header_rules(mock: MockServer) -> None:
    with httpx.Client() as client:
        for status in IANA:
            r = client.get(f"{mock.url}/{int(status)}")
            assert r.status_code == int(status)
            report = statusdex.check(r, httplint=False)
            assert not HEADER_RULES & report.rules(), (status.code, report.rules())
            stated = status.state in ("deprecated", "obsoleted", "reserved")
            assert ("state" in report.rules()) == stated, status.code


@pytest.mark.parametrize(
    "status", [s for s in IANA if s.semantics and s.semantics.header_names("must", "should")]
)
def test_each_required_header_removed_from_a_real_response_is_reported(
    mock: MockServer, status: statusdex.Status
) -> None:
    from statusdex.checks.headers import CONDITIONAL

    r = httpx.get(f"{mock.url}/{int(status)}")
    assert status.semantics is not None
    for name in status.semantics.header_names("must", "should"):
        if name.lower() in CONDITIONAL:
            continue
        headers = tuple((k, v) for k, v in r.headers.multi_items() if k.lower() != name.lower())
        msg = Message(status=r.status_code, headers=headers, body=r.content)
        found = [f for f in statusdex.check(msg) if f.rule == "header-missing"]
        assert any(name in f.message for f in found), (status.code, name)


def test_terminal_follows_the_mocks_redirects_and_flags_a_long_chain(mock: MockServer) -> None:
    done = cli(f"{mock.url}/redirect/7", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    codes = [r["status"] for r in data["responses"]]
    assert codes[:7] == [302] * 7
    assert codes[-1] == 200
    assert all(r["location"] for r in data["responses"][:7])
    assert all(r["elapsed_ms"] is not None for r in data["responses"])
    assert [f["rule"] for f in data["chain"]] == ["chain-long"]


def test_fail_on_sets_the_exit_status(mock: MockServer) -> None:
    assert cli(f"{mock.url}/200", "--fail-on", "error").returncode == 0
    assert cli(f"{mock.url}/418", "--fail-on", "error").returncode == 0
    warned = cli(f"{mock.url}/418", "--fail-on", "warning")
    assert warned.returncode == 1
    assert "418" in warned.stdout
    assert "RFC 9110" in warned.stdout


def test_post_through_a_301_says_to_use_308(mock: MockServer) -> None:
    done = cli(f"{mock.url}/301", "-X", "POST", "-d", "x=1", "--lang", "fr", "--json")
    first = json.loads(done.stdout)["responses"][0]
    rules = {f["rule"]: f for f in first["findings"]}
    assert "308" in rules["redirect-method-change"]["message"]
    assert "après POST" in rules["redirect-method-change"]["message"]


def test_request_headers_reach_the_server(mock: MockServer) -> None:
    # the mock copies X-HttpStatus-Response-* request headers into its response
    plain = cli(f"{mock.url}/404", "--json")
    cached = cli(
        f"{mock.url}/404", "-H", "X-HttpStatus-Response-Cache-Control: max-age=999999", "--json"
    )
    assert plain.returncode == 0, plain.stderr
    assert cached.returncode == 0, cached.stderr
    rules = [
        {f["rule"] for f in json.loads(d.stdout)["responses"][0]["findings"]}
        for d in (plain, cached)
    ]
    assert "cached-long" not in rules[0]
    assert "cached-long" in rules[1]


def test_timeouts_and_broken_connections_are_clear_errors(mock: MockServer) -> None:
    slow = cli(f"{mock.url}/200?sleep=3s", "--read-timeout", "0.3")
    assert slow.returncode == 2
    assert "timed out" in slow.stderr
    assert "Traceback" not in slow.stderr
    total = cli(f"{mock.url}/200?drip=2s", "--timeout", "0.5")
    assert total.returncode == 2
    assert "timed out" in total.stderr
    cut = cli(f"{mock.url}/200?abort=before-headers")
    assert cut.returncode == 2
    assert "could not fetch" in cut.stderr


def test_body_cap(mock: MockServer) -> None:
    done = cli(f"{mock.url}/200?body={'x' * 200}", "--max-body", "8", "--json")
    final = json.loads(done.stdout)["responses"][-1]
    assert "body-truncated" in {f["rule"] for f in final["findings"]}


def test_curl_output_piped_in(mock: MockServer) -> None:
    raw = subprocess.run(
        ["curl", "-si", "-L", f"{mock.url}/redirect/2"], capture_output=True, timeout=30
    ).stdout
    done = cli("-", "--json", stdin=raw)
    assert done.returncode == 0, done.stderr
    assert [r["status"] for r in json.loads(done.stdout)["responses"]] == [302, 302, 200]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["ftp://example.org/"], "not an http"),
        (["http://127.0.0.1:9/", "-H", "no colon"], "Name: value"),
        (["http://127.0.0.1:9/", "--timeout", "0"], "positive"),
        (["-", "--fail-on", "maybe"], "invalid choice"),
    ],
)
def test_usage_errors_exit_2(args: list[str], words: str) -> None:
    done = cli(*args, stdin=b"")
    assert done.returncode == 2
    assert words in done.stderr
    assert "Traceback" not in done.stderr
