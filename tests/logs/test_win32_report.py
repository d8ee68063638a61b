"""The logs report explains sc-win32-status from the registry (``registry/win32/``): known
codes with their constant and meaning in the report's language, an unknown code kept with its
number and shown as unknown, in every output and from the command line."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import statusdex
from statusdex.logs import render_data, render_html, render_text
from statusdex.logs.pipeline import make_report
from statusdex.logs.report import labels

EXE = Path(sys.executable).parent / "statusdex"
HEADER = [
    "#Software: Microsoft Internet Information Services 10.0",
    "#Version: 1.0",
    "#Date: 2026-12-07 06:00:00",
    "#Fields: date time cs-method cs-uri-stem c-ip sc-status sc-substatus sc-win32-status "
    "time-taken",
]
# (status, sub-status, win32, how many lines)
LINES = [(200, 0, 64, 5), (200, 0, 1236, 3), (401, 2, 5, 2), (500, 0, 99999, 1), (200, 0, 0, 4)]
KNOWN = {64, 1236, 5}


def _log() -> str:
    out = list(HEADER)
    second = 0
    for status, sub, w32, n in LINES:
        for _ in range(n):
            out.append(
                f"2026-12-07 06:00:{second:02d} GET /a 10.0.0.{second} {status} {sub} {w32} 12"
            )
            second += 1
    return "\r\n".join(out) + "\r\n"


@pytest.fixture(scope="module")
def log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    p = tmp_path_factory.mktemp("iis") / "u_ex261207.log"
    p.write_text(_log(), "utf-8")
    return p


@pytest.mark.parametrize("lang", statusdex.LANGUAGES)
def test_each_win32_code_is_explained_from_the_registry(log: Path, lang: str) -> None:
    rep = make_report([str(log)], lang=lang)
    rows = {r["win32"]: r for r in rep["iis"]}
    # Every line with a sub-status, an error or a Win32 code is there, counted
    assert {w: r["count"] for w, r in rows.items()} == {w: n for _, _, w, n in LINES if w}
    for code in KNOWN:
        w = statusdex.win32(code)
        assert rows[code]["win32_meaning"] == {
            "code": code,
            "constant": w.constant,
            "meaning": w.summary(lang),
            "source": w.sources[0].url,
        }
    assert rows[99999]["win32_meaning"] == {
        "code": 99999,
        "constant": None,
        "meaning": None,
        "source": None,
    }


def test_the_text_report_shows_meanings_and_the_unknown_code(log: Path) -> None:
    rep = make_report([str(log)], lang="fr")
    text = render_text.render(rep)
    lab = labels("fr")
    section = text.split(lab["iis"], 1)[1]
    line = next(ln for ln in section.splitlines() if ln.startswith("500.0 "))
    assert "99999" in line
    assert line.rstrip().endswith(lab["unknown"])
    line = next(ln for ln in section.splitlines() if " 1236 " in ln)
    # The terminal table cuts long cells; the meaning's start is the registry's words.
    assert statusdex.win32(1236).summary("fr")[:30] in line


def test_the_html_report_shows_meanings_and_the_unknown_code(log: Path) -> None:
    rep = make_report([str(log)], lang="th")
    page = render_html.render(rep)
    assert statusdex.win32(64).summary("th") in page
    assert statusdex.win32(5).summary("th") in page
    row = page.split("99999", 1)[1].split("</tr>", 1)[0]
    assert labels("th")["unknown"] in row


def test_json_and_csv_carry_the_constant(log: Path) -> None:
    rep = make_report([str(log)])
    data = json.loads(render_data.to_json(rep))
    constants = {r["win32"]: r["win32_meaning"]["constant"] for r in data["iis"]}
    assert constants == {
        64: "ERROR_NETNAME_DELETED",
        1236: "ERROR_CONNECTION_ABORTED",
        5: "ERROR_ACCESS_DENIED",
        99999: None,
    }
    rows = list(csv.DictReader(io.StringIO(render_data.to_csv(rep, "iis"))))
    assert {r["win32"]: r["win32_constant"] for r in rows} == {
        "64": "ERROR_NETNAME_DELETED",
        "1236": "ERROR_CONNECTION_ABORTED",
        "5": "ERROR_ACCESS_DENIED",
        "99999": "",
    }


def test_the_command_reports_an_unknown_code_without_failing(log: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "STATUSDEX_LANG")}
    env.update({"LANG": "C.UTF-8", "NO_COLOR": "1", "COLUMNS": "200"})
    r = subprocess.run(
        [str(EXE), "logs", str(log), "--lang", "en"],
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    out = r.stdout.decode()
    assert "Traceback" not in out + r.stderr.decode()
    assert labels("en")["iis"] in out
    assert statusdex.win32(64).summary("en")[:30] in out
    assert labels("en")["unknown"] in out.split("99999", 1)[1].splitlines()[0]
