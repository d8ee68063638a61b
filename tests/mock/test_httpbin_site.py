"""httpbin endpoints inside ``statusdex serve``, on the site's own origin: every mock answer is
sandboxed (an echoed page cannot run script as the site), and no cookie can be set there.
Beside each, the same request to ``statusdex mock`` alone, which sets any cookie."""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest

from statusdex.mock.httpbin.common import is_site_cookie
from tests.conftest import Server

SCRIPT_PAGE = b"<!DOCTYPE html><title>echo</title><script>document.title = 'ran'</script>"
SCRIPT_B64 = base64.urlsafe_b64encode(SCRIPT_PAGE).decode()
HTML_ECHO = f"/base64/{SCRIPT_B64}?content-type=text/html"

# One row per way a mock answer leaves the app: httpbin whole replies and streams, the mock's
# own planned answers and its ready-made fast path.
SANDBOXED = [
    "/anything?x=<script>1</script>",
    "/get",
    HTML_ECHO,
    "/response-headers?Content-Type=text/html&X-A=%3Cscript%3E",
    "/html",
    "/forms/post",
    "/stream/2",
    "/drip?numbytes=2&duration=0.1",
    "/image/svg",
    "/404",
    "/404?body=%3Cscript%3E",
    "/delay/0.05",
]


@pytest.mark.parametrize("path", SANDBOXED)
def test_every_mock_answer_in_serve_is_sandboxed(live_server: Server, path: str) -> None:
    r = httpx.get(live_server.url + path, timeout=10)
    assert r.status_code < 500
    assert "sandbox" in r.headers.get_list("content-security-policy")
    assert r.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("path", SANDBOXED[:3])
def test_the_mock_alone_is_sandboxed_too(mock: Server, path: str) -> None:
    r = httpx.get(mock.url + path, timeout=10)
    assert "sandbox" in r.headers.get_list("content-security-policy")


def test_the_echoed_page_carries_a_script_that_runs(page: Any, mock: Server) -> None:
    """The control: the same bytes, loaded without the mock's sandbox, do run their script."""
    body = httpx.get(mock.url + HTML_ECHO, timeout=10).content
    assert body == SCRIPT_PAGE
    page.set_content(body.decode())
    assert page.title() == "ran"


def test_an_echoed_script_cannot_run_on_the_mock_alone(page: Any, mock: Server) -> None:
    page.goto(mock.url + HTML_ECHO)
    assert page.title() == "echo"


def test_an_echoed_script_cannot_run_on_the_site(page: Any, live_server: Server) -> None:
    page.goto(live_server.url + "/codes/404")  # the site itself, where its cookies live
    response = page.goto(live_server.url + HTML_ECHO)
    assert response.status == 200
    assert page.title() == "echo"  # the script did not run
    # and the page's origin is opaque: it cannot reach the site's storage
    assert page.evaluate("() => window.origin") == "null"


SITE_COOKIES = [
    "/cookies/set?statusdex_learner=forged",
    "/cookies/set/statusdex_learner/forged",
    "/cookies/set?Statusdex_Learner=forged",
    "/cookies/set?ok=1&statusdex_learner=forged",
    "/cookies/delete?statusdex_learner",
    "/cookies/set?__Host-session=x",
    "/response-headers?Set-Cookie=statusdex_learner%3Dforged",
]


@pytest.mark.parametrize("path", SITE_COOKIES)
def test_serve_refuses_the_site_cookies(live_server: Server, path: str) -> None:
    r = httpx.get(live_server.url + path, timeout=10)
    assert r.status_code == 400
    assert "set-cookie" not in r.headers
    assert r.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    "path",
    ["/cookies/set?flavour=oat", "/cookies/delete?flavour", "/response-headers?Set-Cookie=a%3Db"],
)
def test_serve_sets_no_cookie_at_all(live_server: Server, path: str) -> None:
    """Any cookie would land on the site's origin (enough of them and every page is refused)."""
    r = httpx.get(live_server.url + path, timeout=10)
    assert r.status_code == 400
    assert "set-cookie" not in r.headers


def test_the_mock_alone_sets_any_cookie(mock: Server) -> None:
    r = httpx.get(mock.url + "/cookies/set?statusdex_learner=x", timeout=10)
    assert r.status_code == 302
    assert r.headers["set-cookie"] == "statusdex_learner=x; Path=/"


def test_the_learner_cookie_is_a_site_cookie() -> None:
    from statusdex.web.learn.accounts import COOKIE

    assert is_site_cookie(COOKIE)
    assert not is_site_cookie("flavour")


def test_redirect_to_stays_on_the_allow_list_in_serve(live_server: Server) -> None:
    r = httpx.get(live_server.url + "/redirect-to?url=https://evil.example.com/", timeout=10)
    assert r.status_code == 400
    assert "location" not in r.headers


SITE_COOKIE_HEADER = {"Cookie": "statusdex_learner=secret-token; flavour=oat"}


@pytest.mark.parametrize("path", ["/anything", "/headers", "/cookies", "/dump/request"])
def test_echoes_in_serve_leave_out_the_site_cookies(live_server: Server, path: str) -> None:
    r = httpx.get(live_server.url + path, headers=SITE_COOKIE_HEADER, timeout=10)
    assert r.status_code == 200
    assert "flavour" in r.text
    assert "secret-token" not in r.text


def test_the_mock_alone_echoes_every_cookie(mock: Server) -> None:
    r = httpx.get(mock.url + "/cookies", headers=SITE_COOKIE_HEADER, timeout=10)
    assert r.json()["cookies"] == {"statusdex_learner": "secret-token", "flavour": "oat"}
