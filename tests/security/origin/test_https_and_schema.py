"""The report's "also": no HSTS behind HTTPS, and ``vendor=`` refused values its OpenAPI schema
allowed (schemathesis's positive-data check: valid by the schema, yet a 400)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx

from tests.conftest import Server

PAGES = ["/codes/404", "/api/v1/codes/404", "/learn", "/healthz", "/200"]


def test_hsts_behind_a_trusted_https_proxy(http: httpx.Client) -> None:
    # The server trusts X-Forwarded-Proto from 127.0.0.1 (--forwarded-allow-ips), as from a
    # TLS-terminating proxy on the same host.
    for path in PAGES:
        secure = http.get(path, headers={"x-forwarded-proto": "https"})
        assert secure.headers.get("strict-transport-security") == "max-age=31536000", path
        plain = http.get(path)
        assert "strict-transport-security" not in plain.headers, path


def _vendor_parameters(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path, item in schema["paths"].items():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                if parameter["name"] == "vendor" and parameter["in"] == "query":
                    found.append((path, parameter["schema"]))
    return found


def test_vendor_schema_says_which_values_are_accepted(http: httpx.Client) -> None:
    found = _vendor_parameters(http.get("/openapi.json").json())
    assert {p for p, _ in found} == {"/api/v1/codes", "/api/v1/codes/{code}"}
    for _, schema in found:
        assert schema["enum"], schema
        for name in schema["enum"]:
            r = http.get("/api/v1/codes", params={"vendor": name})
            assert r.status_code == 200, name
            assert r.json()["count"] > 0, name
    assert http.get("/api/v1/codes", params={"vendor": "nobody"}).status_code == 400


def test_schemathesis_positive_data_is_accepted(site: Server, tmp_path: Path) -> None:
    cli = Path(sys.executable).with_name("schemathesis")
    result = subprocess.run(
        [
            str(cli),
            "run",
            site.url + "/openapi.json",
            "--checks",
            "positive_data_acceptance,not_a_server_error",
            "--include-path-regex",
            "^/api/v1/codes$",
            "--max-examples",
            "40",
            "--seed",
            "11",
            "--phases",
            "examples,coverage,fuzzing",
            "--generation-database",
            "none",
            "--request-timeout",
            "10",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-1000:]
    assert "No issues found" in result.stdout, result.stdout[-2000:]
