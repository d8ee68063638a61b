"""schemathesis against the live server's /openapi.json: generated requests, in and out of
the schema, never get a 5xx, an undocumented status or media type, or a body that breaks the
documented schema; invalid input is rejected with a 4xx.

Run through schemathesis's own command line: its pytest plugin does not work with pytest 9.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import Server

CHECKS = (
    "not_a_server_error,status_code_conformance,content_type_conformance,"
    "response_schema_conformance,response_headers_conformance,negative_data_rejection"
)
EXAMPLES = 100  # per operation and phase; well under a minute on two cores


def test_api_conforms_to_its_openapi_document(live_server: Server, tmp_path: Path) -> None:
    cli = Path(sys.executable).with_name("schemathesis")
    result = subprocess.run(
        [
            str(cli),
            "run",
            live_server.url + "/openapi.json",
            "--checks",
            CHECKS,
            "--max-examples",
            str(EXAMPLES),
            "--seed",
            "5",
            "--phases",
            "examples,coverage,fuzzing",
            "--generation-database",
            "none",
            "--request-timeout",
            "10",
            "--report-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,  # schemathesis keeps a .schemathesis/ folder in its working directory
        env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "No issues found" in result.stdout, result.stdout[-2000:]
