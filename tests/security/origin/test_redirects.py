"""Finding 4: no open redirect through ``Refresh`` or ``Location``, whatever the syntax.

Only ``Refresh: 0; url=…`` was checked; browsers also read ``0; //evil``, ``0,http://…``,
``0; URL = //…`` and ``0;url =https://…``, and Chromium followed them. Over HTTP/1.0 without a
Host, ``Location: https:evil.example`` passed as "this host". Now Refresh is accepted only in
the one form every parser reads alike, and a target with a scheme must name its host.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import httpx
import pytest

from tests.conftest import Server
from tests.security.origin.conftest import EVIL, field_values, raw_request, status_line

REFRESH_FORMS = [
    "0; //evil.example/",
    "0,http://evil.example/",
    "0; URL = //evil.example/",
    "0;url =https://evil.example/",
    "0 //evil.example/",
    "0;'//evil.example/'",
    "1.5,  https://evil.example/x",
]


@pytest.mark.parametrize("value", REFRESH_FORMS)
def test_every_refresh_syntax_is_checked(http: httpx.Client, value: str) -> None:
    as_query = http.get("/200", params={"header": f"Refresh:{value}"})
    as_header = http.get("/200", headers={"X-HttpStatus-Response-Refresh": value})
    for r in (as_query, as_header):
        assert "refresh" not in r.headers
        assert r.status_code == 400
        assert r.json()["parameter"] in ("header", "X-HttpStatus-Response-Refresh".lower())


def test_location_with_a_bare_scheme_and_no_host_header(site: Server) -> None:
    # HTTP/1.0 needs no Host; "https:evil.example" then looked like "this host" (none).
    for target in ("https:evil.example", "http:evil.example/x", "HTTPS:%2F%2Fevil.example"):
        for path in ("/302", "/200"):
            for name in ("Location", "Content-Location"):
                query = urlencode({"header": f"{name}:{target}"})
                answer = raw_request(site.url, f"GET {path}?{query} HTTP/1.0\r\n\r\n".encode())
                assert field_values(answer, name) == [], (target, path, name)
                assert status_line(answer).split()[1] == "400"


def _page_went_to_evil(page: Any, url: str) -> bool:
    """Open ``url`` in Chromium; True if the page then asked for evil.example."""
    asked: list[str] = []
    page.route(re.compile(r"https?://evil\.example/.*"), lambda route: route.fulfill(body="evil"))
    page.on("request", lambda request: asked.append(urlsplit(request.url).hostname or ""))
    page.goto(url)
    for _ in range(25):  # a refresh of 0 s happens right after load; 2.5 s at most
        if EVIL in asked:
            break
        page.wait_for_timeout(100)
    return EVIL in asked


@pytest.mark.parametrize("value", REFRESH_FORMS[:4])
def test_chromium_is_not_sent_off_site_by_a_refresh_header(
    site: Server, context: Any, value: str
) -> None:
    url = site.url + "/200?header=" + quote(f"Refresh:{value}")
    assert not _page_went_to_evil(context.new_page(), url)


def test_chromium_is_not_sent_off_site_by_a_meta_refresh_in_a_mock_body(
    site: Server, context: Any
) -> None:
    body = '<!doctype html><meta http-equiv="refresh" content="0; url=http://evil.example/">'
    url = site.url + "/200?" + urlencode({"content_type": "text/html", "body": body})
    assert not _page_went_to_evil(context.new_page(), url)
