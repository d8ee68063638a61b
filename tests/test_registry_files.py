"""The registry as a person edits it: every entry complete, bad edits rejected by name."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import statusdex
from statusdex.registry import build
from tests.conftest import REPO

FAULTS = {"client", "server", "upstream", "network", "nobody"}


def test_compiled_modules_are_up_to_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert build.main(["--check"]) == 0, capsys.readouterr().err


@pytest.mark.parametrize("status", statusdex.all_statuses(), ids=lambda s: s.key)
def test_every_entry_is_complete_in_english(status: statusdex.Status) -> None:
    t = status.text("en")
    assert t.summary
    assert t.explanation
    assert t.fault
    assert t.examples
    assert all(x.scenario for x in t.examples)
    assert t.causes
    assert t.fixes
    assert status.fault
    assert set(status.fault) <= FAULTS
    assert status.sources
    assert all(s.url.startswith("https://") for s in status.sources)
    assert set(t.choose) <= set(status.related_keys)
    for related in status.related:
        assert related.key != status.key


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    root = tmp_path / "registry"
    shutil.copytree(REPO / "registry", root)
    return root


def _problems(root: Path) -> list[str]:
    with pytest.raises(build.RegistryError) as err:
        build.load(root)
    return err.value.problems


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def _drop_lines(path: Path, first: str, count: int) -> None:
    lines = path.read_text("utf-8").splitlines(keepends=True)
    i = next(n for n, line in enumerate(lines) if line.startswith(first))
    path.write_text("".join(lines[:i] + lines[i + count :]), "utf-8")


BAD_EDITS: list[tuple[str, Callable[[Path], None], str]] = [
    (
        "deck: measured codes out of order",
        lambda r: _edit(r / "decks.toml", '"200", "304", "302"', '"304", "200", "302"'),
        "registry/decks.toml: deck[0].keys: measured codes go most frequent first",
    ),
    (
        "deck: an unknown entry",
        lambda r: _edit(r / "decks.toml", '"100", "101",', '"100", "101", "999",'),
        "registry/decks.toml: deck[0].keys: '999' is not an entry id or family",
    ),
    (
        "deck: a share without its source",
        lambda r: _drop_lines(r / "decks.toml", "[[deck.sources]]", 3),
        "registry/decks.toml: deck[0].sources: a measured share needs its source",
    ),
    (
        "unknown field",
        lambda r: _edit(
            r / "codes/404.toml", 'state = "registered"', 'state = "registered"\ncolour = "red"'
        ),
        "registry/codes/404.toml: colour: unknown field",
    ),
    (
        "bad state",
        lambda r: _edit(r / "codes/404.toml", 'state = "registered"', 'state = "retired"'),
        "registry/codes/404.toml: state:",
    ),
    (
        "bad fault",
        lambda r: _edit(
            r / "codes/404.toml", 'fault = ["client", "server"]', 'fault = ["gremlins"]'
        ),
        "registry/codes/404.toml: fault.0:",
    ),
    (
        "related id that does not exist",
        lambda r: _edit(r / "codes/404.toml", 'related = ["410"', 'related = ["999", "410"'),
        "registry/codes/404.toml: related: '999' is not an entry id",
    ),
    (
        "code that does not match its file",
        lambda r: _edit(r / "codes/404.toml", "code = 404", "code = 405"),
        "registry/codes/404.toml: code: 405 does not match the file name",
    ),
    (
        "missing summary",
        lambda r: _edit(r / "codes/404.toml", "summary = ", "summery = "),
        "registry/codes/404.toml: en.summary: Field required",
    ),
    (
        "broken TOML",
        lambda r: _edit(r / "codes/404.toml", "code = 404", "code = = 404"),
        "registry/codes/404.toml: not valid TOML",
    ),
    (
        "translation for an unknown code",
        lambda r: (
            (r / "i18n/th/codes").mkdir(parents=True, exist_ok=True)
            or (r / "i18n/th/codes/299.toml").write_text('name = "x"\n', "utf-8")
        ),
        "registry/i18n/th/codes/299.toml: names no entry",
    ),
    (
        "translation with an unknown field",
        lambda r: (
            (r / "i18n/fr/codes").mkdir(parents=True, exist_ok=True)
            or (r / "i18n/fr/codes/404.toml").write_text(
                'name = "Non trouvé"\nsummary = "x"\nexplanation = "x"\nexamples = ["a", "b"]\n'
                'causes = ["x"]\nfixes = ["x"]\nfault = "x"\nsumary = "typo"\n',
                "utf-8",
            )
        ),
        "registry/i18n/fr/codes/404.toml: sumary: unknown field",
    ),
    (
        "an older name that is today's phrase",
        lambda r: _edit(
            r / "codes/413.toml",
            'phrase = "Payload Too Large"',
            'phrase = "Content Too Large"',
        ),
        "registry/codes/413.toml: history.1.phrase: 'Content Too Large' is today's phrase",
    ),
    (
        "deprecated without saying by whom",
        lambda r: _edit(r / "codes/305.toml", "deprecated_by = ", "# deprecated_by = "),
        "registry/codes/305.toml: deprecated_by: give deprecated_by exactly when",
    ),
    (
        "also used by an entry that does not exist",
        lambda r: _edit(r / "codes/308.toml", 'entry = "google/308"', 'entry = "google/309"'),
        "registry/codes/308.toml: also_used.entry: 'google/309' is not an entry id",
    ),
    (
        "an IANA code outside 100–599",
        lambda r: (r / "codes/999.toml").write_text(
            (r / "codes/404.toml").read_text("utf-8").replace("code = 404", "code = 999", 1),
            "utf-8",
        ),
        "registry/codes/999.toml: code: Input should be less than or equal to 599",
    ),
    (
        "a vendor code outside 100–599 that does not say so",
        lambda r: _edit(
            r / "vendors/linkedin/999.toml", "outside_range = true", "outside_range = false"
        ),
        "registry/vendors/linkedin/999.toml: outside_range: 999: give outside_range = true",
    ),
    (
        "a vendor code inside 100–599 that claims to be outside",
        lambda r: _edit(
            r / "vendors/nginx/499.toml", 'wire = "never"', 'wire = "never"\noutside_range = true'
        ),
        "registry/vendors/nginx/499.toml: outside_range: 499: give outside_range = true",
    ),
    (
        "an IIS sub-status under a code outside 100–599",
        lambda r: _edit(r / "iis/403.14.toml", "parent = 403", "parent = 999"),
        "registry/iis/403.14.toml: parent: Input should be less than or equal to 599",
    ),
    (
        "a known name beside a phrase that is not a state",
        lambda r: _edit(r / "codes/404.toml", "[en]\n", '[en]\nname = "Nope"\n'),
        "registry/codes/404.toml: en.name: only a code whose phrase is a state",
    ),
    (
        "a Win32 constant that is neither ERROR_ nor WSAE",
        lambda r: _edit(r / "win32/64.toml", '"ERROR_NETNAME_DELETED"', '"NETNAME_DELETED"'),
        "registry/win32/64.toml: constant: String should match pattern",
    ),
    (
        "a Win32 code without its source",
        lambda r: _drop_lines(r / "win32/64.toml", "[[sources]]", 3),
        "registry/win32/64.toml: sources: Field required",
    ),
    (
        "a Win32 code that does not match its file",
        lambda r: _edit(r / "win32/64.toml", "code = 64", "code = 65"),
        "registry/win32/64.toml: code: 65 does not match the file name",
    ),
    (
        "a Win32 constant given twice",
        lambda r: _edit(r / "win32/121.toml", '"ERROR_SEM_TIMEOUT"', '"ERROR_NETNAME_DELETED"'),
        "registry/win32/64.toml: constant: ERROR_NETNAME_DELETED is already the constant of",
    ),
    (
        "a Win32 code without its French meaning",
        lambda r: (r / "i18n/fr/win32/1236.toml").unlink(),
        "registry/i18n/fr/win32/1236.toml: missing: Win32 code 1236 needs its fr summary",
    ),
    (
        "a Win32 translation with a field the schema does not know",
        lambda r: _edit(r / "i18n/th/win32/5.toml", "summary = ", 'name = "x"\nsummary = '),
        "registry/i18n/th/win32/5.toml: name: unknown field",
    ),
]


@pytest.mark.parametrize(("what", "edit", "message"), BAD_EDITS, ids=[b[0] for b in BAD_EDITS])
def test_bad_edit_is_rejected_with_file_and_field(
    registry: Path, what: str, edit: Callable[[Path], None], message: str
) -> None:
    edit(registry)
    problems = _problems(registry)
    assert any(p.startswith(message) for p in problems), problems


def test_check_mode_reports_a_stale_artifact(registry: Path, tmp_path: Path) -> None:
    target = tmp_path / "compiled"
    assert build.main(["--source", str(registry), "--target", str(target)]) == 0
    assert build.main(["--check", "--source", str(registry), "--target", str(target)]) == 0
    _edit(registry / "codes/404.toml", "Nothing answers", "Nothing at all answers")
    assert build.main(["--check", "--source", str(registry), "--target", str(target)]) == 1
