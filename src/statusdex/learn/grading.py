"""Grading typed answers and making multiple-choice options. Pure: no I/O, no clock.

Typed answers are compared after the registry's normalisation (``statusdex.core.normalize``):
NFKC, any Unicode decimal digit (Thai ๔๒๒, full-width ４２２) read as ASCII, case-folded,
Latin accents optional, Thai vowel and tone marks kept (they change the word). A name is right
in any of the three languages, under an older name (``Payload Too Large``) or as a constant
(``UNPROCESSABLE_ENTITY``), with or without the card's own code in front (``404 Not Found``), and
without a name's parenthetical part (``ไม่ได้รับอนุญาต`` for ``ไม่ได้รับอนุญาต (ยังไม่ได้ยืนยันตัวตน)``)
or as that part alone, when no other code answers to it. Thai marks typed in another order that
looks the same on screen (a tone mark before the vowel above) count as the same word. One slip in
a name of eight letters or more (a letter missing, extra, wrong, or two neighbours swapped: the
Damerau distance) is accepted and flagged, unless the slip spells another code's name. An answer
with several codes ("401… no, 403") is graded on the last one.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from rapidfuzz.distance import DamerauLevenshtein

import statusdex
from statusdex.core.normalize import digits, fold, has_thai, key
from statusdex.core.records import Family, Status
from statusdex.learn.cards import Card, Subject, deck, subject, subjects

CHOICES = 4
_CODE = re.compile(r"(?<![\d.])([1-5](?:\d\d(?:\.\d{1,3})?|xx))(?![\d])")
_TYPO_MIN_LENGTH = 8
_PARENTHETICAL = re.compile(r"^(.*?)\s*\((.+)\)\s*$")
# Thai marks written above or below a consonant: vowels first, then tone marks, then the
# cancellation mark and nikhahit. Keyboards let a learner type them in any order.
_THAI_MARK_RANK = {
    **dict.fromkeys("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47", 0),
    **dict.fromkeys("\u0e48\u0e49\u0e4a\u0e4b", 1),
    **dict.fromkeys("\u0e4c\u0e4d\u0e4e", 2),
}
_THAI_MARKS = re.compile("[" + "".join(_THAI_MARK_RANK) + "]{2,}")
# SARA AM (ำ) is nikhahit + SARA AA after NFKC; its tone mark belongs before it (น้ำ).
_THAI_AM_TONE = re.compile("\u0e4d\u0e32([\u0e48-\u0e4b])")


@dataclass(frozen=True, slots=True)
class Grade:
    """The verdict on one typed answer."""

    correct: bool
    typo: bool = False  # right, but with a one-letter slip


@dataclass(frozen=True, slots=True)
class Choice:
    """One multiple-choice option; ``value`` is what a face sends back as the answer."""

    value: str
    label: str


def answer_key(text: str) -> str:
    """``normalize.key`` plus one order for Thai marks that look the same on screen."""
    k = key(text)
    if not has_thai(k):
        return k
    k = _THAI_AM_TONE.sub("\\1\u0e4d\u0e32", k)
    return _THAI_MARKS.sub(lambda m: "".join(sorted(m.group(), key=_THAI_MARK_RANK.__getitem__)), k)


def accepted_names(subj: Subject) -> frozenset[str]:
    """Normalised names that count as right for ``subj``, in every language."""
    return _accepted_names(subj.key)


@cache
def _accepted_names(subject_key: str) -> frozenset[str]:
    # A part counts only if no other code is known by it, in full or as a part, unless that
    # code already shares a full name with this one (401 and aws/561 are both Unauthorized).
    full = _full_names(subject_key)
    owners = _name_part_owners()
    unique = {
        p
        for p in _name_parts(subject_key)
        if all(k == subject_key or full & _full_names(k) for k in owners[p])
    }
    return full | unique


@cache
def _name_parts(subject_key: str) -> frozenset[str]:
    """A name's parenthetical part and what is left without it, in every language."""
    parts: set[str] = set()
    for lang in statusdex.LANGUAGES:
        found = _PARENTHETICAL.match(subject(subject_key).name(lang))
        if found:
            parts.update(k for k in map(answer_key, found.groups()) if k)
    return frozenset(parts - _full_names(subject_key))


@cache
def _name_part_owners() -> dict[str, frozenset[str]]:
    owners: dict[str, set[str]] = {}
    for k in subjects():
        for name in _full_names(k) | _name_parts(k):
            owners.setdefault(name, set()).add(k)
    return {name: frozenset(keys) for name, keys in owners.items()}


@cache
def _full_names(subject_key: str) -> frozenset[str]:
    entry = subject(subject_key).entry
    names = {entry.text(lang).name for lang in statusdex.LANGUAGES}
    names.add(entry.name if isinstance(entry, Family) else entry.phrase)
    if isinstance(entry, Status):
        names.update(h.phrase for h in entry.history)
        names.update(entry.names)
        if entry.iana_description:
            names.add(entry.iana_description)
    return frozenset(k for k in (answer_key(n) for n in names) if k)


@cache
def _name_owners() -> dict[str, frozenset[str]]:
    """Normalised name → the subjects that answer to it."""
    owners: dict[str, set[str]] = {}
    for k in subjects():
        for name in _accepted_names(k):
            owners.setdefault(name, set()).add(k)
    return {name: frozenset(keys) for name, keys in owners.items()}


def read_code(answer: str) -> str | None:
    """The code in a typed answer: ``"๔๒๒"`` → ``"422"``, ``"4XX"`` → ``"4xx"``, else None.

    With several codes ("I think 401… no, 403"), the last one is the answer.
    """
    found = _CODE.findall(fold(digits(answer)))
    return str(found[-1]) if found else None


def _without_own_code(answer: str, subj: Subject) -> str:
    """``"404 Not Found"`` → ``"Not Found"`` on 404's card (also ``"HTTP 404: Not Found"``)."""
    own = re.escape(subj.display)
    pattern = rf"^\s*(?:http\s*)?{own}(?![\w.])[\s:\-–—]*"
    return re.sub(pattern, "", fold(digits(answer)), count=1)


def grade(card: Card, answer: str, lang: str) -> Grade:
    """Is ``answer`` right for ``card``?"""
    subj = subject(card.subject)
    if card.answer_kind == "code":
        return Grade(_code_is_right(card, subj, answer, lang))
    given = answer_key(_without_own_code(answer, subj))
    if not given:
        return Grade(False)
    right = accepted_names(subj)
    if given in right:
        return Grade(True)
    if has_thai(given):
        return Grade(False)
    if given in _name_owners():  # the exact name of another code is a real mistake
        return Grade(False)
    for name in right:
        if max(len(given), len(name)) < _TYPO_MIN_LENGTH:
            continue
        if DamerauLevenshtein.distance(given, name, score_cutoff=1) <= 1:
            return Grade(True, typo=True)
    return Grade(False)


def _code_is_right(card: Card, subj: Subject, answer: str, lang: str) -> bool:
    code = read_code(answer)
    if code is None:
        return False
    # A family card wants the family ("4xx"): "404" is one code of it, not its name.
    if code == subj.display:
        return True
    if card.direction != "name-code":
        return False
    # Two entries may share a name (a vendor reuses a phrase): either code answers it.
    shown = answer_key(subj.name(lang))
    return any(
        other.display == code and shown in accepted_names(other)
        for other in subjects().values()
        if other.key != subj.key
    )


def expected(card: Card, lang: str) -> str:
    """The right answer as a face shows it."""
    subj = subject(card.subject)
    return subj.name(lang) if card.answer_kind == "name" else subj.display


def choices(card: Card, lang: str, deck_name: str, seed: int) -> tuple[Choice, ...]:
    """``CHOICES`` options, the right one among them, in an order fixed by ``seed``.

    The registry's first ``related`` entry (the classic confusion: 401 for 403, 422 for 400,
    504 for 502…) is always offered. The other distractors come from the deck first (its
    related codes, then the same family, then the rest of the deck), then from the registry
    in the same order; each tier is shuffled by ``seed``.
    """
    rng = random.Random(f"{card.key}:{seed}")
    subj = subject(card.subject)
    order: list[str] = []
    for tier in _distractor_tiers(subj, deck_name):
        shuffled = list(tier)
        rng.shuffle(shuffled)
        order += shuffled
    answer_of = _answer_text(card, lang)
    right = answer_of(subj)
    options = [right]
    seen = {answer_key(right)}
    for k in order:
        text = answer_of(subjects()[k])
        if answer_key(text) not in seen:
            seen.add(answer_key(text))
            options.append(text)
        if len(options) == CHOICES:
            break
    rng.shuffle(options)
    return tuple(Choice(o, o) for o in options)


def _answer_text(card: Card, lang: str) -> Callable[[Subject], str]:
    if card.answer_kind == "name":
        return lambda s: s.name(lang)
    return lambda s: s.display


@cache
def _distractor_tiers(subj: Subject, deck_name: str) -> tuple[tuple[str, ...], ...]:
    """Candidate distractors in tiers, best first: each tier is shuffled, never mixed."""
    everything = subjects()
    if subj.is_family:
        return (tuple(f.id for f in statusdex.families() if f.id != subj.key),)
    entry = subj.entry
    assert isinstance(entry, Status)
    named = [
        k for k, s in everything.items() if k != subj.key and _kind(s) == entry.kind and _named(s)
    ]
    related = [k for k in entry.related_keys if k in set(named)]
    in_deck = {c.subject for c in deck(deck_name).cards}
    classic = related[:1]
    rest = [k for k in named if k not in classic]
    tiers: list[tuple[str, ...]] = [tuple(classic)]
    for inside in (True, False):
        pool = [k for k in rest if (k in in_deck) == inside]
        tiers.append(tuple(k for k in related if k in pool))
        tiers.append(tuple(k for k in pool if k not in related and _same_family(k, subj)))
        tiers.append(tuple(k for k in pool if k not in related and not _same_family(k, subj)))
    return tuple(t for t in tiers if t)


def _same_family(k: str, subj: Subject) -> bool:
    return subjects()[k].family_id == subj.family_id


def _kind(s: Subject) -> str:
    return "family" if isinstance(s.entry, Family) else s.entry.kind


def _named(s: Subject) -> bool:
    return "code-name" in s.directions()
