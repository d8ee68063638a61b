"""httpbin compatibility: every row of ``httpbin_rows.ROWS`` with httpx, requests and curl,
against a real ``statusdex mock`` process."""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import requests
import requests.auth

from tests.conftest import Server
from tests.mock.httpbin_rows import ANY, ROWS


@dataclass
class Answer:
    status: int
    headers: dict[str, str]  # lower-case names, repeated fields joined with ", "
    body: bytes


def with_httpx(server: Server, row: dict[str, Any]) -> Answer:
    auth: httpx.Auth | None = None
    if "auth" in row:
        kind, user, password = row["auth"]
        auth = (
            httpx.BasicAuth(user, password) if kind == "basic" else httpx.DigestAuth(user, password)
        )
    r = httpx.request(
        row.get("method", "GET"),
        server.url + row["path"],
        headers=row.get("send_headers", {}),
        content=row.get("data"),
        auth=auth,
        timeout=10,
    )
    headers = {k: ", ".join(r.headers.get_list(k)) for k in r.headers}
    return Answer(r.status_code, headers, r.content)


def with_requests(server: Server, row: dict[str, Any]) -> Answer:
    auth: Any = None
    if "auth" in row:
        kind, user, password = row["auth"]
        auth = (user, password) if kind == "basic" else requests.auth.HTTPDigestAuth(user, password)
    r = requests.request(
        row.get("method", "GET"),
        server.url + row["path"],
        headers=row.get("send_headers", {}),
        data=row.get("data"),
        auth=auth,
        allow_redirects=False,
        timeout=10,
    )
    return Answer(r.status_code, {k.lower(): v for k, v in r.headers.items()}, r.content)


def with_curl(server: Server, row: dict[str, Any], tmp: Path) -> Answer:
    head, out = tmp / "head.txt", tmp / "body.bin"
    method = row.get("method", "GET")
    cmd = ["curl", "-sS", "--compressed", "-D", str(head), "-o", str(out), "--max-time", "10"]
    cmd += ["--head"] if method == "HEAD" else ["-X", method]
    for name, value in row.get("send_headers", {}).items():
        cmd += ["-H", f"{name}: {value}"]
    if "data" in row:
        cmd += ["--data-binary", "@-"]
        if not any(k.lower() == "content-type" for k in row.get("send_headers", {})):
            cmd += ["-H", "Content-Type:"]  # curl would add a form type the others do not
    if "auth" in row:
        kind, user, password = row["auth"]
        cmd += ["--digest"] if kind == "digest" else []
        cmd += ["-u", f"{user}:{password}"]
    cmd.append(server.url + row["path"])
    subprocess.run(cmd, input=row.get("data", b""), check=True, timeout=20)
    blocks = [b for b in head.read_bytes().decode("latin-1").split("\r\n\r\n") if b.strip()]
    lines = blocks[-1].split("\r\n")  # the last response (digest answers 401 first)
    status = int(lines[0].split()[1])
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        key = name.strip().lower()
        headers[key] = f"{headers[key]}, {value.strip()}" if key in headers else value.strip()
    body = out.read_bytes() if out.exists() else b""
    if method == "HEAD":  # with --head curl writes the header block to the output too
        body = body.split(b"\r\n\r\n", 1)[1]
    return Answer(status, headers, body)


def dig(data: Any, dotted: str) -> Any:
    """``headers.X-Test`` → data["headers"]["X-Test"] (a missing key raises KeyError)."""
    for key in dotted.split("."):
        data = data[key]
    return data


def check(answer: Answer, row: dict[str, Any], base: str) -> None:
    assert answer.status == row["status"], answer.body[:300]
    for name, want in row.get("headers", {}).items():
        got = answer.headers.get(name)
        if want is None:
            assert got is None, f"{name}: {got!r}"
        elif isinstance(want, tuple) and want[0] == "has":
            assert got is not None, name
            assert want[1] in got, f"{name}: {got!r}"
        elif isinstance(want, tuple) and want[0] == "re":
            assert got is not None, name
            assert re.search(want[1], got), f"{name}: {got!r}"
        else:
            assert got == want, f"{name}: {got!r}"
    if "keys" in row or "json" in row or "json_re" in row:
        data = json.loads(answer.body)
        if "keys" in row:
            assert set(data) == row["keys"]
        for path, want in row.get("json", {}).items():
            got = dig(data, path)
            if want is not ANY:
                expected = want.replace("{base}", base) if isinstance(want, str) else want
                assert got == expected, f"{path}: {got!r}"
        for path, pattern in row.get("json_re", {}).items():
            assert re.search(pattern, dig(data, path)), f"{path}: {dig(data, path)!r}"
    if "body" in row:
        assert answer.body == row["body"]
    if "length" in row:
        assert len(answer.body) == row["length"]
    if "starts" in row:
        assert answer.body.startswith(row["starts"])
    if "lines" in row:
        lines = answer.body.decode().splitlines()
        assert [json.loads(line)["id"] for line in lines] == list(range(row["lines"]))
    for part in row.get("text", []):
        assert part in answer.body.decode("utf-8"), answer.body[:300]


IDS = [row["id"] for row in ROWS]


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_httpx(mock: Server, row: dict[str, Any]) -> None:
    check(with_httpx(mock, row), row, mock.url)


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_requests(mock: Server, row: dict[str, Any]) -> None:
    check(with_requests(mock, row), row, mock.url)


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_curl(mock: Server, row: dict[str, Any], tmp_path: Path) -> None:
    check(with_curl(mock, row, tmp_path), row, mock.url)


def test_the_table_covers_every_endpoint() -> None:
    from statusdex.mock.httpbin.router import ROUTES

    firsts = {row["path"].split("?")[0].split("/")[1] for row in ROWS}
    assert set(ROUTES) - firsts == set()


def test_no_httpbin_path_shadows_a_code_page_or_a_mock_route() -> None:
    from statusdex.mock.app import ROUTES as MOCK_ROUTES
    from statusdex.mock.app import route
    from statusdex.mock.httpbin.router import ROUTES, find

    for first in ROUTES:
        assert not first[:1].isdigit()
        assert first not in MOCK_ROUTES
        assert route(f"/{first}") is None  # the mock's own routing leaves it alone
        assert find(f"/{first}") is not None
    assert find("/404") is None
    assert route("/404") == ("code", "404")
    assert find("/get/extra") is None  # an exact endpoint takes no sub-path
    assert find("/anything/a/b") is not None
