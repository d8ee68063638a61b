"""Export a deck's content to Anki (``.apkg``) through ``genanki``.

One Anki note per card (direction), so Anki schedules each direction apart as we do. Note ids
(GUIDs) come from the card key and language: re-importing an updated export updates the notes
instead of duplicating them. Anki's format carries content only: progress stays here.
"""

from __future__ import annotations

import hashlib
from html import escape
from pathlib import Path

import genanki  # type: ignore[import-untyped]

from statusdex.learn import cards as _cards
from statusdex.learn import grading
from statusdex.learn.labels import label

_CSS = """
.card { font-family: system-ui, sans-serif; font-size: 20px; text-align: center; }
.q { color: #555; font-size: 15px; }
.prompt { font-size: 26px; margin: 12px 0; }
.why { color: #333; font-size: 16px; text-align: left; }
"""


def _stable_id(*parts: str) -> int:
    """A 31-bit id that stays the same across exports (Anki wants ids for models and decks)."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).digest()
    return int.from_bytes(digest[:4], "big") >> 1 | 1 << 30


def _model(lang: str) -> genanki.Model:
    return genanki.Model(
        _stable_id("statusdex", "model", "v1"),
        "statusdex card",
        fields=[{"name": "Question"}, {"name": "Prompt"}, {"name": "Answer"}, {"name": "Why"}],
        templates=[
            {
                "name": "Card",
                "qfmt": '<div class="q">{{Question}}</div><div class="prompt">{{Prompt}}</div>',
                "afmt": '{{FrontSide}}<hr id="answer"><div class="prompt">{{Answer}}</div>'
                '<div class="why">{{Why}}</div>',
            }
        ],
        css=_CSS,
    )


def write_apkg(deck: _cards.Deck, lang: str, path: Path) -> int:
    """Write ``deck`` in ``lang`` to ``path``; returns the number of notes."""
    model = _model(lang)
    anki_deck = genanki.Deck(
        _stable_id("statusdex", "deck", deck.name, lang), f"statusdex::{deck.name} ({lang})"
    )
    for c in deck.cards:
        subj = _cards.subject(c.subject)
        question = label(_cards.question_label(c), lang)
        prompt = _cards.prompt(c, lang)
        if subj.vendor_name:
            prompt = f"{subj.vendor_name}: {prompt}"
        answer = f"{subj.display} {subj.name(lang)}"
        if c.answer_kind == "name":
            answer = grading.expected(c, lang)
        note = genanki.Note(
            model=model,
            fields=[escape(question), escape(prompt), escape(answer), escape(subj.summary(lang))],
            guid=genanki.guid_for("statusdex", c.key, lang),
            tags=["statusdex", subj.family_id, c.direction],
        )
        anki_deck.add_note(note)
    path.parent.mkdir(parents=True, exist_ok=True)
    genanki.Package(anki_deck).write_to_file(str(path))
    return len(anki_deck.notes)
