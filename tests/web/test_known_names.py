"""Names beside the registered phrase, on a live ``statusdex serve`` and in the terminal:
418 is "(Unused)" at IANA and "I'm a teapot" to everyone; 308's "Resume Incomplete" is
Google's, shown as used elsewhere, not as an older name; 305 says who deprecated it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.web.html_tools import Page

EXE = Path(sys.executable).parent / "statusdex"
PREFIX = {"en": "", "th": "/th", "fr": "/fr"}


def _page(client: httpx.Client, path: str) -> tuple[str, Page]:
    r = client.get(path)
    assert r.status_code == 200, path
    title = re.search(r"<title>(.*?)</title>", r.text, re.S)
    assert title
    return " ".join(title.group(1).split()), Page(r.text)


@pytest.mark.parametrize("lang", ["en", "th", "fr"])
def test_418_page_title_and_heading(client: httpx.Client, lang: str) -> None:
    title, page = _page(client, f"{PREFIX[lang]}/codes/418")
    assert "I'm a teapot" in title or "I&#39;m a teapot" in title
    assert "(Unused)" in title
    assert "418 I'm a teapot" in page.text
    assert "(Unused)" in page.text


@pytest.mark.parametrize("lang", ["en", "th", "fr"])
def test_search_shows_the_name_people_know(client: httpx.Client, lang: str) -> None:
    r = client.get("/api/v1/search", params={"q": "teapot", "lang": lang})
    hit = r.json()["hits"][0]
    assert (hit["id"], hit["name"], hit["phrase"]) == ("418", "I'm a teapot", "(Unused)")


def test_also_used_elsewhere_is_its_own_section(client: httpx.Client) -> None:
    r = client.get("/codes/308")
    page = Page(r.text)
    assert page.find("h2", id="also-used")
    assert not page.find("h2", id="history"), "308 has no earlier name"
    assert any(a.get("href") == "/vendors/google/308" for a in page.find("a"))
    assert "Resume Incomplete" in page.text


def test_305_names_who_deprecated_it(client: httpx.Client) -> None:
    page = Page(client.get("/codes/305").text)
    assert "RFC 7231, Section 6.4.5; RFC 9110, Section 15.4.6" in page.text
    assert "IANA deprecated" not in page.text


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "STATUSDEX_LANG")}
    env.update({"NO_COLOR": "1", "LANG": "C.UTF-8"})
    return subprocess.run(
        [str(EXE), *args], capture_output=True, text=True, env=env, check=False, timeout=60
    )


@pytest.mark.parametrize("lang", ["en", "th", "fr"])
def test_statusdex_teapot(lang: str) -> None:
    r = _run("teapot", "--lang", lang)
    assert r.returncode == 0, r.stderr
    heading = r.stdout.splitlines()[0]
    assert heading.startswith("418 I'm a teapot (Unused)"), heading
