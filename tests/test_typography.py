"""French typography (a no-break space before ; : ! ? and inside « »), the French infinitive on
buttons, and Thai's ๆ: in the registry, every label, and what the terminal prints.
The rules are written in registry/i18n/STYLE.md."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from statusdex.core import store
from statusdex.core.labels import table as label_part

NBSP = "\u00a0"
SRC = Path(__file__).resolve().parents[1] / "src" / "statusdex"
EXE = Path(sys.executable).parent / "statusdex"

# "Depth: 1", "Retry-After: 120", "(110: Connection timed out)": header and error syntax,
# where the colon follows the name directly. A French word never does.
FIELD_NAMES = {
    "Accept", "Connection", "DAV", "Depth", "Destination", "Expect", "If", "Link", "Location",
    "Overwrite", "Range", "Server", "Timeout", "Translate", "Upgrade",
}  # fmt: skip


def _field_syntax(word: str) -> bool:
    name = word.lstrip('"“«(`{')
    return "-" in name or name in FIELD_NAMES or name.isdigit() or name.startswith('"')


def french_problems(text: str) -> list[str]:
    """Where ``text`` breaks the French rule (code between backticks is left alone)."""
    problems = []
    for i, part in enumerate(text.split("`")):
        if i % 2:
            continue
        for m in re.finditer(r"(\S*?)(\s?)([;:!?])(?=\s|$)", part):
            word, space, sign = m.groups()
            if space == NBSP:
                continue
            if sign == ":" and not space and _field_syntax(word):
                continue
            problems.append(f"{word}{space}{sign} needs a no-break space")
        problems += [f"«{c}" for c in re.findall(r"«(.)", part) if c != NBSP]
        problems += [f"{c}»" for c in re.findall(r"(.)»", part) if c != NBSP]
        if "\u202f" in part:
            problems.append("U+202F: use U+00A0")
    return problems


def test_the_rule_finds_each_kind_of_mistake() -> None:
    assert french_problems(f"Vérifier ceci{NBSP}: le chemin{NBSP}; puis «{NBSP}x{NBSP}».") == []
    assert french_problems("Envoyer Depth: 1 et `return 444;` ou Retry-After: 120.") == []
    assert len(french_problems("Voir : le chemin")) == 1
    assert len(french_problems("Voir: le chemin")) == 1
    assert len(french_problems("un 400; la ligne")) == 1
    assert len(french_problems("Vraiment ? Oui !")) == 2
    assert len(french_problems("« x »")) == 2
    assert len(french_problems(f"deux\u202f;{NBSP}x")) == 2


def _strings(value: object) -> list[str]:
    """Every text in ``value``; an example gives its scenario, not its raw HTTP."""
    if isinstance(value, dict) and "scenario" in value:
        return [value["scenario"]]
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v)]
    return []


def _label_tables(lang: str) -> dict[str, dict[str, str]]:
    return {
        "core": label_part("shared")[lang],
        "learn": label_part("learn")[lang],
        "web": label_part("web")[lang],
        "learn-web": label_part("web_learn")[lang],
        "logs": label_part("logs")[lang],
    }


def test_french_registry_text() -> None:
    found = {}
    for entry_id, fields in store.raw_texts("fr").items():
        for text in _strings(fields):
            if problems := french_problems(text):
                found[entry_id] = problems
    assert found == {}


def test_french_labels() -> None:
    found = {}
    for source, table in _label_tables("fr").items():
        for key, text in table.items():
            if problems := french_problems(text):
                found[f"{source}:{key}"] = problems
    assert found == {}


# Buttons, links and prompts are in the infinitive: a verb in -ez is an imperative unless
# "vous" stands before it ("Vous apprenez") or it is one of these words.
NOT_IMPERATIVE = {"chez", "assez", "vouliez", "oubliiez"}


def test_french_labels_use_the_infinitive() -> None:
    found = []
    for source, table in _label_tables("fr").items():
        for key, text in table.items():
            for m in re.finditer(r"(\w+\s)?(\w+ez)\b", text):
                before, verb = m.groups()
                if verb.lower() in NOT_IMPERATIVE or (before or "").lower().strip() == "vous":
                    continue
                found.append(f"{source}:{key}: {verb}")
    assert found == []


def test_thai_repetition_mark_is_attached() -> None:
    texts = [s for fields in store.raw_texts("th").values() for s in _strings(fields)]
    texts += [s for table in _label_tables("th").values() for s in table.values()]
    assert [t for t in texts if " ๆ" in t] == []


def _run(*args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "STATUSDEX_LANG")}
    env.update({"NO_COLOR": "1", "LANG": "C.UTF-8", "COLUMNS": "100"})
    r = subprocess.run([str(EXE), *args], capture_output=True, text=True, env=env, check=False)
    assert r.returncode == 0, r.stderr
    return r.stdout


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", [f"En-têtes{NBSP}: aucun obligatoire", f"Qui est en cause{NBSP}: "]),
        ("en", ["Headers: none required", "Who is at fault: "]),
        ("th", ["Header: ไม่มี header ที่ต้องส่ง", "ใครเป็นต้นเหตุ: "]),
    ],
)
def test_the_terminal_joins_label_and_value_the_way_each_language_does(
    lang: str, expected: list[str]
) -> None:
    out = _run("403.14", "--full", "--lang", lang)
    short = _run("403.14", "--lang", lang)
    assert expected[1] in short, short
    for line in expected:
        assert line in out, out
    if lang == "fr":
        # French prose and labels; raw HTTP (indented) and the English source titles excepted.
        prose = out.split("\nSources\n")[0].splitlines()
        assert not [ln for ln in prose if not ln.startswith("      ") and french_problems(ln)]
