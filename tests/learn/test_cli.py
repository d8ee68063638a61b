"""``statusdex learn`` in a subprocess (plain mode, stats, export, import) and the Textual
review driven by its Pilot."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from statusdex.learn.service import LearnService
from statusdex.learn.storage import Storage

REPO = Path(__file__).resolve().parents[2]


def learn(
    args: list[str], db: Path, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "STATUSDEX_DATABASE_URL": f"sqlite:///{db}", "TERM": "dumb"}
    full.pop("LANG", None)
    full.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "statusdex", "learn", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=full,
        timeout=60,
        cwd=REPO,
    )


def test_plain_typed_session(tmp_path: Path) -> None:
    db = tmp_path / "learn.db"
    # The starter deck begins with 200 then 304 (most met first), asked code → name.
    r = learn(["--plain", "--lang", "fr"], db, "OK\nmauvaise réponse\nu\nq\n")
    assert r.returncode == 0, r.stderr
    assert "Comment s'appelle ce code\u00a0?" in r.stdout
    assert "✓ Exact — 200 OK" in r.stdout
    assert "✗ Pas tout à fait — 304 Non modifié" in r.stdout
    assert "Dernière réponse annulée" in r.stdout
    assert r.stderr == ""
    exported = learn(["export", "--format", "json"], db)
    reviews = json.loads(exported.stdout)["reviews"]
    assert [(x["card"], x["correct"]) for x in reviews] == [("200:code-name", True)]


def test_plain_is_automatic_when_piped_and_choice_mode(tmp_path: Path) -> None:
    db = tmp_path / "learn.db"
    r = learn(["--mode", "choice", "--limit", "2", "--lang", "en"], db, "a\nz\nb\n")
    assert r.returncode == 0, r.stderr
    assert "a) " in r.stdout
    assert "d) " in r.stdout
    assert "a-d, u, q" in r.stdout  # "z" is not an option
    assert r.stdout.count("Next card due") == 2


def test_flip_mode_in_plain(tmp_path: Path) -> None:
    db = tmp_path / "learn.db"
    r = learn(["--mode", "flip", "--plain", "--limit", "1", "--lang", "th"], db, "\n4\n")
    assert r.returncode == 0, r.stderr
    assert "→ 200" in r.stdout
    s = Storage(f"sqlite:///{db}")
    try:
        svc = LearnService(s)
        record = next(s.log(svc.local_learner()))
        assert (record.entry.card, record.entry.rating, record.entry.mode) == (
            "200:code-name",
            4,
            "flip",
        )
    finally:
        s.close()


def test_stats_export_import(tmp_path: Path) -> None:
    db = tmp_path / "learn.db"
    learn(["--plain", "--limit", "3", "--lang", "en"], db, "OK\nNot Modified\nFound\n")
    stats = learn(["stats", "--json"], db)
    assert stats.returncode == 0, stats.stderr
    data = json.loads(stats.stdout)
    assert data["reviews_today"] == 3
    assert data["new_today"] == 3
    text = learn(["stats", "--lang", "en"], db)
    assert "Retention (observed / target)" in text.stdout
    assert "Accuracy by family" in text.stdout
    out = tmp_path / "log.csv"
    assert learn(["export", "--format", "csv", "-o", str(out)], db).returncode == 0
    assert out.read_text().count("\n") == 4
    other = tmp_path / "other.db"
    r = learn(["import", str(out)], other)
    assert r.returncode == 0, r.stderr
    assert "imported 3 new answers (3 in all)" in r.stdout
    apkg = tmp_path / "deck.apkg"
    r = learn(["export", "--format", "apkg", "-o", str(apkg), "--deck", "families"], db)
    assert r.returncode == 0
    assert apkg.stat().st_size > 0


@pytest.mark.parametrize(
    ("args", "stdin", "code", "message"),
    [
        (["--deck", "nope"], "", 2, "invalid choice: 'nope'"),
        (["--lang", "de", "--plain"], "", 2, "unknown language 'de'"),
        (["--retention", "3", "--plain"], "", 2, "desired retention"),
        (["import", "/no/such/file"], "", 1, "cannot read /no/such/file"),
        (["import", "-"], "card,reviewed_at,rating\nx:y,soon,3\n", 1, "bad reviewed_at"),
        (["export", "--format", "apkg"], "", 2, "needs -o FILE.apkg"),
        (["stats", "--deck", "x"], "", 2, "invalid choice"),
    ],
)
def test_bad_input_is_one_line_and_non_zero(
    tmp_path: Path, args: list[str], stdin: str, code: int, message: str
) -> None:
    r = learn(args, tmp_path / "learn.db", stdin)
    assert r.returncode == code
    assert message in r.stderr
    assert "Traceback" not in r.stderr
    assert r.stderr.startswith("statusdex learn: ")


def test_bad_database_url(tmp_path: Path) -> None:
    r = learn(["stats"], tmp_path / "x.db", env={"STATUSDEX_DATABASE_URL": "mysql://h/db"})
    assert r.returncode == 1
    assert "unsupported database" in r.stderr
    assert "Traceback" not in r.stderr


def test_textual_review_keys(tmp_path: Path) -> None:
    asyncio.run(_drive_review(tmp_path))


async def _drive_review(tmp_path: Path) -> None:
    from datetime import timedelta

    from textual.widgets import Static

    from statusdex.learn.tui import ReviewApp

    from .conftest import T0

    storage = Storage(f"sqlite:///{tmp_path / 'learn.db'}")
    svc = LearnService(storage, fuzz=False)
    learner = svc.local_learner()
    clock = iter(T0 + timedelta(seconds=10 * i) for i in range(100))
    app = ReviewApp(svc, learner, "starter", "en", lambda: next(clock))
    try:
        async with app.run_test() as pilot:
            prompt = app.query_one("#prompt", Static)
            assert "200" in str(prompt.render())
            await pilot.press("3")  # rating before flipping does nothing
            assert storage.log_count(learner) == 0
            await pilot.press("space")
            assert "OK" in str(app.query_one("#answer", Static).render())
            await pilot.press("3")  # Good
            assert storage.log_count(learner) == 1
            assert "304" in str(app.query_one("#prompt", Static).render())
            await pilot.press("space", "1")  # Again
            assert [r.entry.rating for r in storage.log(learner)] == [3, 1]
            await pilot.press("u")  # undo the Again
            assert storage.log_count(learner) == 1
            assert "304" in str(app.query_one("#prompt", Static).render())
            await pilot.press("q")
        assert app.return_value == 2
    finally:
        storage.close()


def _learner_settings(db: Path) -> tuple[dict[str, object], int]:
    s = Storage(f"sqlite:///{db}")
    try:
        svc = LearnService(s)
        learner = svc.local_learner()
        return s.load_settings(learner), s.log_count(learner)
    finally:
        s.close()


def test_the_terminal_uses_the_system_time_zone(tmp_path: Path) -> None:
    db = tmp_path / "learn.db"
    r = learn(["--plain", "--limit", "1"], db, "Continue\n", env={"TZ": "Asia/Bangkok"})
    assert r.returncode == 0, r.stderr
    stored, _ = _learner_settings(db)
    assert stored["timezone"] == "Asia/Bangkok"
    # Set once: a run from another zone does not move the learner's day.
    learn(["--plain", "--limit", "1"], db, "Switching Protocols\n", env={"TZ": "Europe/Paris"})
    assert _learner_settings(db)[0]["timezone"] == "Asia/Bangkok"
    shown = learn(["settings"], db)
    assert "Asia/Bangkok (the day starts at 04:00)" in shown.stdout


def test_undo_stays_within_the_run_that_answered(tmp_path: Path) -> None:
    db = tmp_path / "learn.db"
    learn(["--plain", "--lang", "en"], db, "Continue\nq\n")
    r = learn(["--plain", "--lang", "en"], db, "u\nq\n")
    assert r.returncode == 0, r.stderr
    assert "Nothing to undo" in r.stdout
    assert _learner_settings(db)[1] == 1


def test_settings_command(tmp_path: Path) -> None:
    db = tmp_path / "learn.db"
    changes = ["--new-per-day", "20", "--steps", "1m,10m,1h", "--leech-action", "suspend"]
    r = learn(["settings", "--deck", "iana", *changes], db)
    assert r.returncode == 0, r.stderr
    assert "new cards per day    20 (this deck)" in r.stdout
    assert "learning steps       1m,10m,1h (this deck)" in r.stdout
    assert "leech action         suspend (this deck)" in r.stdout
    mine = learn(["settings", "--json"], db)
    data = json.loads(mine.stdout)
    assert data["new_per_day"] == 10
    assert data["decks"]["iana"] == {
        "new_per_day": 20,
        "learning_steps": [60, 600, 3600],
        "leech_action": "suspend",
    }
    learn(["settings", "--deck", "iana", "--new-per-day", "default"], db)
    data = json.loads(learn(["settings", "--json"], db).stdout)
    assert "new_per_day" not in data["decks"]["iana"]
    r = learn(["settings", "--retention", "0.85", "--timezone", "America/Los_Angeles"], db)
    assert "desired retention    0.85" in r.stdout
    assert "America/Los_Angeles" in r.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["settings", "--new-per-day", "many"], "--new-per-day needs a number"),
        (["settings", "--steps", "1x"], "bad step '1x'"),
        (["settings", "--leech-action", "delete"], "leech action must be"),
        (["settings", "--timezone", "Mars/Olympus"], "unknown time zone"),
        (["settings", "--retention", "1.5"], "desired retention"),
        (["settings", "--deck", "nope"], "invalid choice"),
    ],
)
def test_bad_settings_are_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    r = learn(args, tmp_path / "learn.db")
    assert r.returncode == 2
    assert message in r.stderr
    assert "Traceback" not in r.stderr


def test_optimize_command(tmp_path: Path) -> None:
    from statusdex.learn import log as _log

    from .test_optimize import strong_memory_log

    db = tmp_path / "learn.db"
    r = learn(["optimize"], db)
    assert r.returncode == 0, r.stderr
    assert "a fit needs 400: the parameters in use stay" in r.stdout
    log_file = tmp_path / "sim.csv"
    log_file.write_text(_log.dumps(strong_memory_log(), "csv"))
    assert learn(["import", str(log_file)], db).returncode == 0
    r = learn(["optimize"], db)
    assert "fitted parameters kept; every card rescheduled with them" in r.stdout
    assert "FSRS parameters      fitted to your reviews" in learn(["settings"], db).stdout
    again = json.loads(learn(["optimize", "--json"], db).stdout)
    assert (again["accepted"], again["reason"]) == (False, "not better")


@pytest.mark.parametrize(
    ("lang", "heading", "monday"),
    [
        ("en", "Reviews by weekday", "Mon"),
        ("th", "การทบทวนตามวันในสัปดาห์", "จ."),
        ("fr", "Révisions par jour de la semaine", "lun."),
    ],
)
def test_stats_heatmap_has_a_heading_and_no_stray_row(
    tmp_path: Path, lang: str, heading: str, monday: str
) -> None:
    db = tmp_path / "learn.db"
    learn(["--plain", "--limit", "2", "--lang", "en"], db, "OK\nNot Modified\n")
    lines = learn(["stats", "--lang", lang], db).stdout.splitlines()
    top = next(i for i, line in enumerate(lines) if line.startswith(heading))
    rows = lines[top + 1 : top + 8]
    assert rows[0].split()[0] == monday
    assert all(row.startswith("  ") and row.split()[0] for row in rows)
    # Above the heading: a blank line, then the 28-day line under its own heading.
    assert lines[top - 1] == ""
    days = lines[top - 2].strip()
    assert len(days) == 28
    assert set(days) <= set("·▁▂▃▄▅▆▇█")
    assert lines[top - 3].endswith(":")
