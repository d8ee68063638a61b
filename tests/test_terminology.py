"""One term per idea: interface labels use the glossary's words, and no text uses the words
the glossary rules out. The glossary (registry/i18n/GLOSSARY.md) is read, not copied here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from statusdex.core import store
from statusdex.core.labels import table as label_part

REPO = Path(__file__).resolve().parents[1]
GLOSSARY = REPO / "registry" / "i18n" / "GLOSSARY.md"
SRC = REPO / "src" / "statusdex"


def _glossary() -> list[dict[str, list[str]]]:
    rows = []
    for line in GLOSSARY.read_text("utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[0] in ("English", "---"):
            continue
        rows.append(
            {lang: _alternatives(c) for lang, c in zip(("en", "th", "fr"), cells, strict=True)}
        )
    return rows


def _alternatives(cell: str) -> list[str]:
    return [_plain(a) for a in cell.split(" / ") if _plain(a)]


def _plain(text: str) -> str:
    """Lower case, without parenthesised notes, final punctuation or extra spaces."""
    text = re.sub(r"\([^)]*\)", "", text)
    return " ".join(text.replace("\u00a0", " ").strip(" .:").lower().split())


def _labels() -> dict[str, dict[str, dict[str, str]]]:
    return {
        "core": label_part("shared"),
        "learn": label_part("learn"),
        "web": label_part("web"),
        "learn-web": label_part("web_learn"),
        "logs": label_part("logs"),
    }


ROWS = _glossary()
LABELS = _labels()
BY_ENGLISH = {en: row for row in ROWS for en in row["en"]}


def _glossary_labels() -> list[tuple[str, str, str]]:
    """(source, key, English term) for every label whose English text is a glossary term."""
    found = []
    for source, table in LABELS.items():
        for key, value in table["en"].items():
            if _plain(value) in BY_ENGLISH:
                found.append((source, key, _plain(value)))
    return found


GLOSSARY_LABELS = _glossary_labels()


def test_the_glossary_is_read() -> None:
    assert len(ROWS) > 50
    assert BY_ENGLISH["who is at fault"] == {
        "en": ["who is at fault"],
        "th": ["ใครเป็นต้นเหตุ"],
        "fr": ["qui est en cause"],
    }
    # Labels that must follow the glossary are found by their English text.
    keys = {(source, key) for source, key, _ in GLOSSARY_LABELS}
    assert {("core", "fault"), ("web", "field.fault"), ("core", "kind.iis")} <= keys
    assert {("web", "iis_codes"), ("learn-web", "deck.iis"), ("core", "older_names")} <= keys


@pytest.mark.parametrize("lang", ["th", "fr"])
@pytest.mark.parametrize(("source", "key", "term"), GLOSSARY_LABELS, ids=lambda v: str(v))
def test_label_uses_the_glossary_term(source: str, key: str, term: str, lang: str) -> None:
    value = LABELS[source][lang].get(key)
    assert value is not None, f"{source} has no {lang} label {key!r}"
    # The term itself, possibly inside a longer label ("ฝั่ง client", "le serveur").
    words = _plain(value)
    assert any(re.search(rf"(^|\s){re.escape(t)}($|\s)", words) for t in BY_ENGLISH[term][lang]), (
        value,
        BY_ENGLISH[term][lang],
    )


# Words the glossary rules out. In labels every one is wrong; in the registry's prose the
# first group is wrong everywhere, while ผู้รับผิดชอบ / responsable (the person in charge)
# can be right in a sentence about people, so only labels are checked for them.
AVOID = {
    "th": ["ผู้ผลิต", "วางสาย", "สถานะย่อย"],
    "fr": ["raccroch", "code d'état", "codes d'état", "transitaire", "périphérie", "minuterie"],
}
AVOID_IN_LABELS = {"th": ["ผู้รับผิดชอบ"], "fr": ["responsable", "déprécié"]}


def test_the_glossary_names_every_word_to_avoid() -> None:
    text = GLOSSARY.read_text("utf-8")
    for lang in AVOID:
        for word in AVOID[lang] + AVOID_IN_LABELS[lang]:
            if word != "déprécié":
                assert word.rstrip("h").replace("codes", "code") in text, word


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v)]
    return []


@pytest.mark.parametrize("lang", ["th", "fr"])
def test_no_text_uses_a_word_to_avoid(lang: str) -> None:
    found = []
    for entry_id, fields in store.raw_texts(lang).items():
        for text in _strings(fields):
            found += [(entry_id, w) for w in AVOID[lang] if w in text.lower()]
    for source, table in LABELS.items():
        for key, text in table[lang].items():
            bad = AVOID[lang] + AVOID_IN_LABELS[lang]
            found += [(f"{source}:{key}", w) for w in bad if w in text.lower()]
    assert found == []


def test_one_word_for_who_is_at_fault() -> None:
    for lang, words in (("th", "ใครเป็นต้นเหตุ"), ("fr", "qui est en cause")):
        assert _plain(LABELS["core"][lang]["fault"]) == words
        assert _plain(LABELS["web"][lang]["field.fault"]) == words
