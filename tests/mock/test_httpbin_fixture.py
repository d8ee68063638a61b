"""The ``httpbin`` fixture: a project's pytest-httpbin tests run unchanged on the statusdex mock
(a separate pytest run, as the project would do it)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

# Written the way pytest-httpbin's users write their tests.
PYTEST_HTTPBIN_STYLE = """
import requests


def test_get(httpbin):
    r = requests.get(httpbin.url + "/get", params={"q": "1"})
    assert r.status_code == 200
    assert r.json()["args"] == {"q": "1"}
    assert r.json()["url"] == httpbin.url + "/get?q=1"


def test_add_and_parts(httpbin):
    assert requests.get(httpbin + "/status/418").status_code == 418
    assert httpbin.host == "127.0.0.1"
    assert httpbin.url == f"http://{httpbin.host}:{httpbin.port}"
    assert httpbin.protocol == "http"


def test_redirects_are_followed(httpbin):
    r = requests.get(httpbin.url + "/redirect/2")
    assert r.status_code == 200
    assert len(r.history) == 2


def test_post_json(httpbin):
    r = requests.post(httpbin.url + "/post", json={"a": 1})
    assert r.json()["json"] == {"a": 1}


def test_same_server_as_statusdex_mock(httpbin, statusdex_mock, statusdex_httpbin):
    assert httpbin is statusdex_mock is statusdex_httpbin
"""

WITH_PYTEST_HTTPBIN = """
import requests


def test_renamed_fixture(statusdex_httpbin):
    r = requests.get(statusdex_httpbin.url + "/anything")
    assert r.json()["method"] == "GET"


def test_httpbin_is_left_to_pytest_httpbin(request):
    try:
        request.getfixturevalue("httpbin")
    except Exception as exc:
        assert "httpbin" in str(exc)
    else:
        raise AssertionError("statusdex defined httpbin next to pytest-httpbin")
"""


SECURE_STYLE = """
import pytest
import requests


def test_https_with_the_ca_bundle(httpbin_secure, httpbin_ca_bundle):
    assert httpbin_secure.url.startswith("https://127.0.0.1:")
    r = requests.get(httpbin_secure.url + "/get")  # verified through REQUESTS_CA_BUNDLE
    assert r.json()["url"] == httpbin_secure.url + "/get"


def test_https_is_really_verified(httpbin_secure):
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(httpbin_secure.url + "/get", verify=True)
    r = requests.get(httpbin_secure + "/headers", verify=httpbin_secure.ca_bundle)
    assert r.status_code == 200
"""


def run_project(tmp: Path, source: str, extra_path: Path | None = None) -> str:
    (tmp / "test_project.py").write_text(textwrap.dedent(source))
    env = dict(os.environ)
    if extra_path is not None:
        env["PYTHONPATH"] = str(extra_path)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp)],
        cwd=tmp,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_pytest_httpbin_tests_run_unchanged(tmp_path: Path) -> None:
    assert "5 passed" in run_project(tmp_path, PYTEST_HTTPBIN_STYLE)


def test_next_to_pytest_httpbin_the_fixture_is_renamed(tmp_path: Path) -> None:
    # Only its presence matters to the plugin: an importable pytest_httpbin module.
    fake = tmp_path / "site"
    fake.mkdir()
    (fake / "pytest_httpbin.py").write_text('"""stands in for pytest-httpbin"""\n')
    project = tmp_path / "project"
    project.mkdir()
    assert "2 passed" in run_project(project, WITH_PYTEST_HTTPBIN, fake)


def test_pytest_httpbin_secure_tests_run_unchanged(tmp_path: Path) -> None:
    assert "2 passed" in run_project(tmp_path, SECURE_STYLE)
