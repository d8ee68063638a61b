"""``statusdex build-site``: the static reference, served by a plain static server
(``python -m http.server``), works in Chromium: every link, hreflang and the search box."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import statusdex
from statusdex.web.sitebuild import page_paths
from tests.conftest import free_port

LINK = re.compile(r'(?:href|src)="(/[^"#?]*)[^"]*"')


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "public"
    done = subprocess.run(
        [sys.executable, "-m", "statusdex", "build-site", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def static_url(site: Path) -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=site,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


def test_every_page_in_every_language_is_there(site: Path) -> None:
    paths = page_paths()
    assert len(paths) > len(statusdex.all_statuses())
    for prefix in ("", "/th", "/fr"):
        for path in paths:
            file = site / (prefix + path).strip("/") / "index.html"
            assert file.is_file(), f"{prefix}{path} missing"
    assert (site / "search-index.json").is_file()
    assert (site / "static" / "search.js").is_file()


def test_every_link_resolves_on_the_static_server(site: Path, static_url: str) -> None:
    targets: set[str] = set()
    for page in site.rglob("index.html"):
        targets.update(LINK.findall(page.read_text("utf-8")))
    assert any(t.startswith("/th/") for t in targets)
    assert not [t for t in targets if re.match(r"(/[a-z]{2})?/(learn|docs|api)", t)]
    broken = []
    for target in sorted(targets):
        try:
            with urllib.request.urlopen(static_url + target, timeout=5) as r:
                if r.status != 200:
                    broken.append(f"{target}: {r.status}")
        except urllib.error.HTTPError as e:
            broken.append(f"{target}: {e.code}")
    assert broken == []


def test_hreflang_and_language_links_in_chromium(page: Any, static_url: str) -> None:
    page.goto(static_url + "/th/codes/404")
    assert page.locator("html").get_attribute("lang") == "th"
    alternates = page.locator("link[rel=alternate][hreflang]")
    hrefs = {
        alternates.nth(i).get_attribute("hreflang"): alternates.nth(i).get_attribute("href")
        for i in range(alternates.count())
    }
    assert hrefs == {
        "en": "/codes/404",
        "th": "/th/codes/404",
        "fr": "/fr/codes/404",
        "x-default": "/codes/404",
    }
    for href in hrefs.values():
        assert page.request.get(static_url + href).status == 200
    page.locator('a[hreflang="fr"][lang="fr"]').first.click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.url.rstrip("/").endswith("/fr/codes/404")


@pytest.mark.parametrize(
    ("lang_prefix", "query", "expected"),
    [("", "teapot", "/codes/418"), ("/th", "not found", "/th/codes/404"), ("/fr", "4", None)],
)
def test_search_box_works_without_the_api(
    page: Any, static_url: str, lang_prefix: str, query: str, expected: str | None
) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(static_url + (lang_prefix or "") + "/")
    box = page.get_by_role("combobox").first
    box.fill(query)
    options = page.get_by_role("option")
    options.first.wait_for(timeout=5000)
    assert options.count() >= 1
    if expected is None:
        assert options.count() == 8
        return
    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url(re.compile(re.escape(expected) + "/?$"), timeout=5000)
    assert errors == []


@pytest.mark.parametrize(
    "args", [["--base-url", "ftp://example.org", "out"], ["--server-url", "example.org", "out"], []]
)
def test_build_site_usage_errors(tmp_path: Path, args: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "statusdex", "build-site", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("statusdex build-site: ")
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()
