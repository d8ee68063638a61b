"""`statusdex logs` run as a user would: outputs, exit codes, stdin, and a lean `statusdex 404`."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.logs import gen

EXE = Path(sys.executable).parent / "statusdex"


def run(
    *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    base = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "STATUSDEX_LANG")}
    base.update({"LANG": "C.UTF-8", **(env or {})})
    return subprocess.run(
        [str(EXE), "logs", *args],
        input=stdin,
        capture_output=True,
        env=base,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def combined_log(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, gen.Truth]:
    text, truth = gen.combined(1500, bad_every=250)
    p = tmp_path_factory.mktemp("logs") / "access.log"
    p.write_text(text)
    return p, truth


def test_json_matches_the_generator(combined_log: tuple[Path, gen.Truth]) -> None:
    path, truth = combined_log
    r = run(str(path), "--output", "json")
    assert r.returncode == 0, r.stderr
    rep = json.loads(r.stdout)
    assert {c["code"]: c["count"] for c in rep["codes"]} == dict(truth.status)
    assert rep["intake"]["files"][0]["malformed_sample"] == truth.malformed[:10]
    assert r.stderr == b""  # no progress when stderr is not a terminal


def test_csv_tables(combined_log: tuple[Path, gen.Truth]) -> None:
    path, truth = combined_log
    r = run(str(path), "--output", "csv")
    rows = list(csv.DictReader(io.StringIO(r.stdout.decode())))
    assert {int(x["code"]): int(x["count"]) for x in rows} == dict(truth.status)
    r = run(str(path), "--output", "csv", "--table", "problems", "--top", "1")
    rows = list(csv.DictReader(io.StringIO(r.stdout.decode())))
    assert {(x["code"], x["kind"]) for x in rows} == {
        (str(c), k) for c in truth.status if c >= 400 for k in ("paths", "clients", "agents")
    }


@pytest.mark.parametrize(
    ("lang", "heading"),
    [("en", "Who is usually at fault"), ("th", "ใครมักเป็นต้นเหตุ"), ("fr", "Qui est en cause")],
)
def test_text_in_three_languages(
    combined_log: tuple[Path, gen.Truth], lang: str, heading: str
) -> None:
    path, _ = combined_log
    r = run(str(path), "--lang", lang)
    out = r.stdout.decode()
    assert r.returncode == 0
    assert heading in out
    assert "\x1b[" not in out  # not a terminal: no colour
    assert "\x1b[31m5" in run(str(path), "--color").stdout.decode()


def test_stdin_gzip(combined_log: tuple[Path, gen.Truth]) -> None:
    import gzip

    path, truth = combined_log
    r = run("-", "--json", stdin=gzip.compress(path.read_bytes()))
    assert json.loads(r.stdout)["summary"]["requests"] == truth.rows


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "syslog"], b"formats we read: combined, common, nginx, iis"),
        (["--format", "nginx"], b"--log-format"),
        (["--where", "nonsense ==="], b"--where"),
        (["--since", "yesterday"], b"--since"),
        (["--top", "0"], b"--top"),
        (["--lang", "de"], b"unknown language"),
    ],
)
def test_usage_errors(
    combined_log: tuple[Path, gen.Truth], args: list[str], message: bytes
) -> None:
    path, _ = combined_log
    r = run(str(path), *args)
    assert r.returncode == 2
    assert message in r.stderr
    assert b"Traceback" not in r.stderr


def test_nothing_readable_names_each_file(tmp_path: Path) -> None:
    (tmp_path / "empty.log").write_text("")
    r = run(str(tmp_path / "empty.log"), str(tmp_path / "missing.log"))
    assert r.returncode == 2
    assert b"empty.log: empty" in r.stderr
    assert b"missing.log: unreadable" in r.stderr
    assert b"Traceback" not in r.stderr


def test_lookup_path_stays_lean() -> None:
    env = {**os.environ, "PYTHONPROFILEIMPORTTIME": "1"}
    r = subprocess.run([str(EXE), "404"], capture_output=True, text=True, env=env, check=True)
    imported = [ln.rsplit("|", 1)[-1].strip() for ln in r.stderr.splitlines() if "|" in ln]
    assert "statusdex.core.lookup" in imported  # the import log is really there
    assert [m for m in imported if m.split(".")[0] in ("duckdb", "zstandard", "pyspark")] == []
    assert [m for m in imported if m.startswith("statusdex.logs")] == []


def test_html_report_in_chromium(tmp_path: Path, page: object) -> None:
    text, truth = gen.alb(800)
    src = tmp_path / "alb.log"
    src.write_text(text)
    out = tmp_path / "report.html"
    r = run(str(src), "--output", "html", "-o", str(out), "--lang", "fr")
    assert r.returncode == 0, r.stderr
    html = out.read_text()
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html
    assert "<script" not in html
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)  # type: ignore[attr-defined]
    page.on("pageerror", lambda e: errors.append(str(e)))  # type: ignore[attr-defined]
    page.on("request", lambda q: requests.append(q.url))  # type: ignore[attr-defined]
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)  # type: ignore[attr-defined]
        page.goto(out.as_uri())  # type: ignore[attr-defined]
        assert page.locator("#codes-chart rect").count() == len(truth.status)  # type: ignore[attr-defined]
        assert page.locator("#timeline-chart rect").count() > 0  # type: ignore[attr-defined]
        bg = page.evaluate("getComputedStyle(document.body).backgroundColor")  # type: ignore[attr-defined]
        assert bg == ("rgb(255, 255, 255)" if scheme == "light" else "rgb(18, 18, 22)")
        assert page.locator("h2", has_text="Le réseau edge et l'origine").count() == 1  # type: ignore[attr-defined]
    assert errors == []
    assert all(u.startswith("file://") for u in requests)
