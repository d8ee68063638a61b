"""Search in the terminal: the issue's examples through the real `statusdex` command."""

from __future__ import annotations

import json

import pytest

from tests.test_cli import run

# args, exit code, text expected on stdout (or stderr when the exit code is not 0)
ROWS: list[tuple[list[str], int, str]] = [
    (["too", "many", "requests"], 0, "429 Too Many Requests"),
    (["cloudflare", "522"], 0, "522 Connection Timed Out"),
    (["cf", "522"], 0, "522 Connection Timed Out"),
    (["nginx", "499"], 0, "499 Client Closed Request"),
    (["aws", "460"], 0, "460 Client Closed Load Balanced Request"),
    (["iis", "403.14"], 0, "403.14 Directory listing denied"),
    (["HTTPStatus.NOT_FOUND"], 0, "404 Not Found"),
    (["site", "under", "maintenance"], 0, "503 Service Unavailable"),
    (["-1"], 2, "neither an option nor a status code"),
    (["-404"], 2, "neither an option nor a status code"),
    (["40"], 1, "the codes that start with 40"),
    (["4O4"], 1, "did you mean 404"),
    (["6xx"], 1, "not a family"),
    (["0"], 1, "no response arrived"),
    (["998"], 1, "not an HTTP status code"),
    (["linkedin", "999"], 0, "999 Request denied"),
    (["not fund"], 1, "did you mean 404 Not Found"),
    (["search", "4"], 0, "4xx"),
    (["search", "too", "many", "requests"], 0, "429"),
    (["search", "4O4"], 0, "did you mean 404"),
    (["search", "6xx"], 1, "not a family"),
]


@pytest.mark.parametrize(("args", "code", "text"), ROWS, ids=lambda v: str(v))
def test_terminal(args: list[str], code: int, text: str) -> None:
    r = run(*args)
    assert r.returncode == code, (r.stdout, r.stderr)
    out = r.stdout if code == 0 else r.stderr
    assert text in out, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr


def test_two_codes_still_give_two_cards() -> None:
    r = run("401", "403")
    assert r.returncode == 0
    assert "401 Unauthorized" in r.stdout
    assert "403 Forbidden" in r.stdout


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", "in the name"), ("th", "อยู่ในชื่อ"), ("fr", "dans le nom")],
)
def test_why_it_matched_in_words_in_the_chosen_language(lang: str, words: str) -> None:
    query = {"en": "not found", "th": "ไม่พบ", "fr": "introuvable"}[lang]
    r = run("search", query, "--lang", lang)
    assert r.returncode == 0, r.stderr
    assert words in r.stdout
    assert "matched:" not in r.stdout
    assert "name:" not in r.stdout


def test_iis_rows_collapse_and_say_how_to_open_them() -> None:
    r = run("search", "401")
    assert r.returncode == 0
    assert "sub-statuses of 401" in r.stdout
    assert 'statusdex search "iis 401"' in r.stdout
    opened = run("search", "iis", "401", "--limit", "20")
    assert "401.1 " in opened.stdout
    assert "401.2 " in opened.stdout


def test_search_json_has_why_and_members() -> None:
    r = run("search", "404", "--json")
    data = json.loads(r.stdout)
    assert data[0]["id"] == "404"
    assert data[0]["why"] == "the code"
    assert any(len(row["members"]) > 5 for row in data)


def test_search_timeout_in_french_has_no_thai_only_hits() -> None:
    data = json.loads(run("search", "timeout", "--lang", "fr", "--json", "--limit", "30").stdout)
    for row in data:
        langs = {m.partition(":")[2].rstrip("~≈") for m in row["matched"]}
        assert langs != {"th"}, row
