"""Edges of the learning web face: unknown API paths, robots.txt, clients that hang up."""

from __future__ import annotations

import socket
import time
from urllib.parse import urlsplit

import httpx
import pytest

from tests.conftest import Server


@pytest.mark.parametrize(
    ("path", "accept"),
    [
        ("/learn/api/x", "text/html"),
        ("/learn/api/x", "*/*"),
        ("/learn/api/next/extra", "text/html,application/xhtml+xml"),
        ("/th/learn/api/nope", "text/html"),
        ("/fr/learn/api/a/b", "*/*"),
    ],
)
def test_unknown_learning_api_paths_answer_problem_json(
    sqlite_server: Server, path: str, accept: str
) -> None:
    r = httpx.get(sqlite_server.url + path, headers={"Accept": accept})
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["status"] == 404
    assert body["title"] == "Not Found"


def test_unknown_learning_page_stays_html(sqlite_server: Server) -> None:
    r = httpx.get(sqlite_server.url + "/learn/nothing-here", headers={"Accept": "text/html"})
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html")


def test_robots_keep_crawlers_out_of_learning(sqlite_server: Server) -> None:
    r = httpx.get(sqlite_server.url + "/robots.txt")
    assert r.status_code == 200
    lines = [line.strip() for line in r.text.splitlines()]
    assert "Disallow: /learn" in lines


def test_a_client_that_hangs_up_mid_body_leaves_no_error(sqlite_server: Server) -> None:
    url = urlsplit(sqlite_server.url)
    before = sqlite_server.log.read_text(errors="replace").count("Traceback")
    head = (
        "POST /learn/api/answer HTTP/1.1\r\n"
        f"Host: {url.netloc}\r\n"
        "Content-Type: application/json\r\n"
        "Content-Length: 1000\r\n\r\n"
    )
    for _ in range(3):
        with socket.create_connection((url.hostname, url.port), timeout=5) as sock:
            sock.sendall(head.encode() + b'{"key": "4')
            time.sleep(0.1)  # the server is now waiting for the rest of the body
    # The server still answers, and its log holds no new traceback.
    assert httpx.get(sqlite_server.url + "/healthz").status_code == 200
    time.sleep(0.5)
    after = sqlite_server.log.read_text(errors="replace").count("Traceback")
    assert after == before, sqlite_server.log.read_text(errors="replace")[-3000:]
