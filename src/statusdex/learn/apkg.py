"""Export a deck to Anki (``.apkg``) through ``genanki``, with the learner's progress if asked.

One Anki note per code, with four card templates (code → name, name → code, description →
code, situation → code), so Anki knows a code's cards are siblings and buries them as we do.
A note's first field is the code's own key (``404``, ``nginx/499``, ``403.14``, ``4xx``), so
Anki's duplicate check sees distinct notes. Note GUIDs come from the key and the language:
re-importing an updated export updates the notes instead of duplicating them.

With a learner's states and log, each card carries its schedule (new, learning, review,
relearning or suspended; due date, interval, reps, lapses), its FSRS memory (stability,
difficulty, desired retention in ``cards.data``, as Anki 23.10+ keeps it) and its review log
(``revlog``): Anki continues where the learner left off.
"""

from __future__ import annotations

import hashlib
import html
import json
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from html import escape
from pathlib import Path

import genanki  # type: ignore[import-untyped]

from statusdex.learn import cards as _cards
from statusdex.learn import scheduler
from statusdex.learn.labels import label
from statusdex.learn.log import LogEntry
from statusdex.learn.scheduler import CardState, Settings

# The template of each direction, in Anki's card order (``ord``).
ORDS = {d: i for i, d in enumerate(_cards.DIRECTIONS)}

_CSS = """
.card { font-family: system-ui, sans-serif; font-size: 20px; text-align: center; }
.q { color: #555; font-size: 15px; }
.prompt { font-size: 26px; margin: 12px 0; }
.why { color: #333; font-size: 16px; text-align: left; }
"""
_FIELDS = (
    "Key",  # the code's own key: Anki's sort and duplicate-check field
    "Code",  # as shown: 404, 403.14, 4xx
    "Name",
    "Label",  # "404 Not Found"
    "Why",  # the one-line summary
    "Vendor",
    "CodeFront",  # the code, if the code → name card exists (reserved codes have no name)
    "NameFront",  # the name, if the name → code card exists
    "Description",  # the summary with the code masked, if that card exists
    "Scenario",  # a situation with the code masked, if that card exists
    "QCodeName",
    "QNameCode",
    "QDescription",
    "QScenario",
)


def _stable_id(*parts: str) -> int:
    """A 31-bit id that stays the same across exports (Anki wants ids for models and decks)."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).digest()
    return int.from_bytes(digest[:4], "big") >> 1 | 1 << 30


def _template(name: str, front_field: str, question: str, back: str) -> dict[str, str]:
    vendor = '{{#Vendor}}<div class="q">{{Vendor}}</div>{{/Vendor}}'
    front = (
        f'{{{{#{front_field}}}}}<div class="q">{{{{{question}}}}}</div>{vendor}'
        f'<div class="prompt">{{{{{front_field}}}}}</div>{{{{/{front_field}}}}}'
    )
    return {"name": name, "qfmt": front, "afmt": '{{FrontSide}}<hr id="answer">' + back}


def _model() -> genanki.Model:
    answer_name = '<div class="prompt">{{Name}}</div><div class="why">{{Why}}</div>'
    answer_code = '<div class="prompt">{{Label}}</div><div class="why">{{Why}}</div>'
    return genanki.Model(
        _stable_id("statusdex", "model", "v2"),
        "statusdex code",
        fields=[{"name": f} for f in _FIELDS],
        templates=[
            _template("code → name", "CodeFront", "QCodeName", answer_name),
            _template("name → code", "NameFront", "QNameCode", answer_code),
            _template("description → code", "Description", "QDescription", answer_code),
            _template("situation → code", "Scenario", "QScenario", answer_code),
        ],
        css=_CSS,
        sort_field_index=0,
    )


def _note_fields(subject_key: str, lang: str) -> list[str]:
    subj = _cards.subject(subject_key)
    directions = subj.directions()
    scenarios = subj.scenarios(lang)
    fam = subj.is_family

    def q(direction: str) -> str:
        return (
            label(("family-" if fam else "") + direction, lang)
            if not (fam and direction == "scenario-code")
            else ""
        )

    values = {
        "Key": subject_key,
        "Code": subj.display,
        "Name": subj.name(lang),
        "Label": f"{subj.display} {subj.name(lang)}",
        "Why": subj.summary(lang),
        "Vendor": subj.vendor_name or "",
        "CodeFront": subj.display if "code-name" in directions else "",
        "NameFront": subj.name(lang) if "name-code" in directions else "",
        "Description": (
            _cards.mask(subj.summary(lang), subj) if "description-code" in directions else ""
        ),
        "Scenario": (
            _cards.mask(scenarios[0], subj) if "scenario-code" in directions and scenarios else ""
        ),
        "QCodeName": q("code-name"),
        "QNameCode": q("name-code"),
        "QDescription": q("description-code"),
        "QScenario": q("scenario-code"),
    }
    return [escape(values[f]) for f in _FIELDS]


def write_apkg(
    deck: _cards.Deck,
    lang: str,
    path: Path,
    *,
    states: Mapping[str, CardState] | None = None,
    log: Iterable[LogEntry] = (),
    settings: Settings | None = None,
) -> int:
    """Write ``deck`` in ``lang`` to ``path``; returns the number of notes (codes). With
    ``states`` (and ``log``), the learner's schedule, FSRS memory and review log go along."""
    model = _model()
    anki_deck = genanki.Deck(
        _stable_id("statusdex", "deck", deck.name, lang), f"statusdex::{deck.name} ({lang})"
    )
    for subject_key in dict.fromkeys(c.subject for c in deck.cards):
        note = genanki.Note(
            model=model,
            fields=_note_fields(subject_key, lang),
            guid=genanki.guid_for("statusdex", subject_key, lang),
            tags=["statusdex", _cards.subject(subject_key).family_id],
        )
        anki_deck.add_note(note)
    path.parent.mkdir(parents=True, exist_ok=True)
    genanki.Package(anki_deck).write_to_file(str(path))
    if states is not None:
        _add_progress(path, deck, states, list(log), settings or Settings())
    return len(anki_deck.notes)


# Progress ----------------------------------------------------------------------------------

_LEARN, _REVIEW, _RELEARN = 1, 2, 3  # cards.type and cards.queue (learning: queue 1)


def _add_progress(
    path: Path,
    deck: _cards.Deck,
    states: Mapping[str, CardState],
    log: list[LogEntry],
    settings: Settings,
) -> None:
    keys = {c.key for c in deck.cards}
    with tempfile.TemporaryDirectory(prefix="statusdex-apkg-") as tmp:
        with zipfile.ZipFile(path) as z:
            z.extractall(tmp)
            names = z.namelist()
        db = sqlite3.connect(Path(tmp) / "collection.anki2")
        try:
            _write_progress(db, keys, states, log, settings)
            db.commit()
        finally:
            db.close()
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name in names:
                z.write(Path(tmp) / name, name)


def _write_progress(
    db: sqlite3.Connection,
    keys: set[str],
    states: Mapping[str, CardState],
    log: list[LogEntry],
    settings: Settings,
) -> None:
    first = min((e.reviewed_at for e in log), default=None)
    first = first or min((s.due for s in states.values()), default=None)
    if first is None:
        return
    # The collection's day 0: the start of the learner's first study day.
    day0 = scheduler.study_day(first, settings) - 1
    crt = scheduler.day_start(day0, settings)
    db.execute("UPDATE col SET crt = ?", (int(crt.timestamp()),))
    anki_ids: dict[str, int] = {}
    for cid, fields, ordinal in db.execute(
        "SELECT cards.id, notes.flds, cards.ord FROM cards JOIN notes ON notes.id = cards.nid"
    ):
        subject_key = html.unescape(str(fields).split("\x1f", 1)[0])
        anki_ids[f"{subject_key}:{_cards.DIRECTIONS[ordinal]}"] = cid
    for key, st in states.items():
        cid = anki_ids.get(key)
        if key not in keys or cid is None:
            continue
        _write_card(db, cid, st, settings, day0)
    used: set[int] = set()
    for e in sorted(log, key=lambda e: e.reviewed_at):
        cid = anki_ids.get(e.card)
        if e.card not in keys or cid is None:
            continue
        rid = int(e.reviewed_at.timestamp() * 1000)
        while rid in used:
            rid += 1
        used.add(rid)
        db.execute(
            "INSERT INTO revlog VALUES (?,?,?,?,?,?,?,?,?)",
            (
                rid,
                cid,
                -1,
                e.rating,
                _interval(e.state_after, e.reviewed_at),
                _interval(e.state_before, e.state_before.last_review if e.state_before else None),
                2500,
                min(e.duration_ms or 0, 60_000),
                _revlog_type(e.state_before),
            ),
        )


def _interval(state: CardState | None, since: datetime | None) -> int:
    """Anki's interval: days for a card in review, minus seconds for a learning step."""
    if state is None or since is None:
        return 0
    span = state.due - since
    if state.state == scheduler.REVIEW:
        return max(1, round(span / timedelta(days=1)))
    return -max(1, round(span.total_seconds()))


def _revlog_type(before: CardState | None) -> int:
    if before is None or before.state == scheduler.LEARNING:
        return 0  # learning
    if before.state == scheduler.REVIEW:
        return 1
    return 2  # relearning


def _write_card(
    db: sqlite3.Connection, cid: int, st: CardState, settings: Settings, day0: int
) -> None:
    memory = {"s": round(st.stability or 0.0, 4), "d": round(st.difficulty or 0.0, 4)}
    memory["dr"] = settings.desired_retention
    if st.last_review is not None:
        memory["lrt"] = int(st.last_review.timestamp())
    if st.state == scheduler.REVIEW:
        kind = queue = _REVIEW
        due = scheduler.study_day(st.due, settings) - day0
        ivl = _interval(st, st.last_review)
        left = 0
    else:
        kind = _LEARN if st.state == scheduler.LEARNING else _RELEARN
        queue = 1
        due = int(st.due.timestamp())
        ivl = 0
        steps = settings.learning_steps if kind == _LEARN else settings.relearning_steps
        left = max(1, len(steps) - (st.step or 0))
    if st.suspended:
        queue = -1
    db.execute(
        "UPDATE cards SET type = ?, queue = ?, due = ?, ivl = ?, factor = 2500, reps = ?,"
        " lapses = ?, left = ?, data = ? WHERE id = ?",
        (kind, queue, due, ivl, st.reps, st.lapses, left, json.dumps(memory), cid),
    )
