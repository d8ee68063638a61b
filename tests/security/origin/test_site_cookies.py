"""Findings 1 and 2, the cookie side: a link to the mock can neither plant (fix), clear nor
expose the site's cookies, nor change other state browsers keep for the whole site.

The attacks from the report: ``?header=Set-Cookie:statusdex_learner=<token>; Path=/`` planted
the attacker's learner token in the victim's browser, who then registered into an account the
attacker shared; ``?header=Clear-Site-Data:"cookies"`` wiped an anonymous learner's progress.
``statusdex mock`` alone has no site to protect and still lets a test set cookies.
"""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from tests.conftest import Server
from tests.security.origin.conftest import COOKIE, learner_cookie

# Fields that would change what browsers keep for the whole site, in the spellings an
# attacker would try.
SITE_WIDE = [
    ("Set-Cookie", f"{COOKIE}={'a' * 43}; Path=/"),
    ("set-cookie", "other=1; Path=/; Max-Age=99999999"),
    ("SET-COOKIE2", "legacy=1"),
    ("Clear-Site-Data", '"cookies"'),
    ("Clear-Site-Data", '"*"'),
    ("Strict-Transport-Security", "max-age=63072000; includeSubDomains"),
    ("Alt-Svc", 'h2="evil.example:443"; ma=2592000'),
    ("NEL", '{"report_to":"x","max_age":31536000,"include_subdomains":true}'),
    ("Report-To", '{"group":"x","max_age":31536000,"endpoints":[{"url":"https://evil.example/"}]}'),
    ("Reporting-Endpoints", 'x="https://evil.example/"'),
    ("Service-Worker-Allowed", "/"),
    ("Accept-CH", "Sec-CH-UA-Full-Version-List"),
    ("Access-Control-Allow-Origin", "https://evil.example"),
    ("Access-Control-Allow-Credentials", "true"),
    ("Access-Control-Expose-Headers", "Set-Cookie"),
]


@pytest.mark.parametrize(("name", "value"), SITE_WIDE, ids=lambda x: str(x)[:30])
def test_site_wide_fields_are_refused_inside_serve(
    http: httpx.Client, name: str, value: str
) -> None:
    as_query = http.get("/200", params={"header": f"{name}:{value}"})
    as_header = http.get("/200", headers={f"X-HttpStatus-Response-{name}": value})
    for r in (as_query, as_header):
        assert r.status_code == 400, (name, r.status_code)
        assert r.headers["x-statusdex-mock-error"] == "invalid-request"
        assert name.lower() in r.json()["detail"]
        assert value not in r.headers.get_list(name)
        assert "set-cookie" not in r.headers
        assert "clear-site-data" not in r.headers


def test_a_planted_learner_cookie_never_reaches_the_victims_browser(
    site: Server, context: Any
) -> None:
    # The attacker starts a learner of their own and wants the victim to use its token.
    with httpx.Client(base_url=site.url, timeout=10) as attacker:
        attacker.get("/learn/api/session")
        planted = attacker.cookies[COOKIE]
        page = context.new_page()
        link = "/200?header=" + quote(f"Set-Cookie:{COOKIE}={planted}; Path=/; Max-Age=86400")
        answer = page.goto(site.url + link)
        assert learner_cookie(context, site.url) is None
        assert answer is not None
        assert answer.status == 400
        # The victim then signs up on the site itself, from the learning page.
        page.goto(site.url + "/learn")
        assert learner_cookie(context, site.url) not in (None, planted)
        victim = "victim-" + secrets.token_hex(4)
        status = page.evaluate(
            """async (name) => {
                const s = await (await fetch('/learn/api/session')).json();
                const r = await fetch('/learn/api/register', {method: 'POST',
                    headers: {'content-type': 'application/json', 'x-csrf-token': s.csrf},
                    body: JSON.stringify({username: name, password: 'a long enough password'})});
                return r.status;
            }""",
            victim,
        )
        assert status == 201
        # The attacker's token is still only the attacker's.
        assert attacker.get("/learn/api/session").json()["username"] is None


def test_a_link_cannot_clear_an_anonymous_learners_cookie(site: Server, context: Any) -> None:
    page = context.new_page()
    page.goto(site.url + "/learn")
    before = learner_cookie(context, site.url)
    assert before is not None
    for value in ('"cookies"', '"*"', '"storage", "cookies"'):
        answer = page.goto(site.url + "/200?header=" + quote(f"Clear-Site-Data:{value}"))
        assert learner_cookie(context, site.url) == before
        assert answer is not None
        assert answer.status == 400


def test_cookies_stay_possible_on_the_mock_alone_but_are_never_exposed(
    mock_alone: Server,
) -> None:
    # statusdex mock on its own origin: a test of a client's cookie handling needs Set-Cookie.
    # Browsers never let page code read Set-Cookie, so CORS never lists it.
    with httpx.Client(base_url=mock_alone.url, timeout=10) as c:
        r = c.get("/200", params=[("header", "Set-Cookie:a=1; Path=/"), ("header", "X-A:1")])
        assert r.status_code == 200
        assert r.headers["set-cookie"] == "a=1; Path=/"
        exposed = [h.strip().lower() for h in r.headers["access-control-expose-headers"].split(",")]
        assert "x-a" in exposed
        assert "set-cookie" not in exposed
        assert "sandbox" in r.headers.get_list("content-security-policy")
