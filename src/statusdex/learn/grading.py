"""Grading typed answers and making multiple-choice options. Pure: no I/O, no clock.

Typed answers are compared after the registry's normalisation (``statusdex.core.normalize``):
NFKC, any Unicode decimal digit (Thai ๔๒๒, full-width ４２２) read as ASCII, case-folded,
Latin accents optional, Thai vowel and tone marks kept (they change the word). A name is right
in any of the three languages, under an older name (``Payload Too Large``) or as a constant
(``UNPROCESSABLE_ENTITY``). One slip of a letter in a long Latin-script name is accepted and
flagged, unless the slip spells another code's name.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from rapidfuzz.distance import Levenshtein

import statusdex
from statusdex.core.normalize import digits, fold, has_thai, key
from statusdex.core.records import Family, Status
from statusdex.learn.cards import Card, Subject, deck, subject, subjects

CHOICES = 4
_CODE = re.compile(r"(?<![\d.])([1-5](?:\d\d(?:\.\d{1,3})?|xx))(?![\d])")
_TYPO_MIN_LENGTH = 8


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


def accepted_names(subj: Subject) -> frozenset[str]:
    """Normalised names that count as right for ``subj``, in every language."""
    return _accepted_names(subj.key)


@cache
def _accepted_names(subject_key: str) -> frozenset[str]:
    entry = subject(subject_key).entry
    names = {entry.text(lang).name for lang in statusdex.LANGUAGES}
    names.add(entry.name if isinstance(entry, Family) else entry.phrase)
    if isinstance(entry, Status):
        names.update(h.phrase for h in entry.history)
        names.update(entry.names)
        if entry.iana_description:
            names.add(entry.iana_description)
    return frozenset(k for k in (key(n) for n in names) if k)


@cache
def _name_owners() -> dict[str, frozenset[str]]:
    """Normalised name → the subjects that answer to it."""
    owners: dict[str, set[str]] = {}
    for k in subjects():
        for name in _accepted_names(k):
            owners.setdefault(name, set()).add(k)
    return {name: frozenset(keys) for name, keys in owners.items()}


def read_code(answer: str) -> str | None:
    """The code in a typed answer: ``"๔๒๒"`` → ``"422"``, ``"4XX"`` → ``"4xx"``, else None."""
    found = _CODE.search(fold(digits(answer)))
    return found.group(1) if found else None


def grade(card: Card, answer: str, lang: str) -> Grade:
    """Is ``answer`` right for ``card``?"""
    subj = subject(card.subject)
    if card.answer_kind == "code":
        return Grade(_code_is_right(card, subj, answer, lang))
    given = key(answer)
    if not given:
        return Grade(False)
    right = accepted_names(subj)
    if given in right:
        return Grade(True)
    if has_thai(given) or len(given) < _TYPO_MIN_LENGTH:
        return Grade(False)
    if given in _name_owners():  # the exact name of another code is a real mistake
        return Grade(False)
    if any(Levenshtein.distance(given, name, score_cutoff=1) <= 1 for name in right):
        return Grade(True, typo=True)
    return Grade(False)


def _code_is_right(card: Card, subj: Subject, answer: str, lang: str) -> bool:
    code = read_code(answer)
    if code is None:
        return False
    if subj.is_family:
        code = f"{code[0]}xx"
    if code == subj.display:
        return True
    if card.direction != "name-code":
        return False
    # Two entries may share a name (a vendor reuses a phrase): either code answers it.
    shown = key(subj.name(lang))
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

    Distractors come from the registry's ``related`` list (its first entry is the classic
    confusion: 401 for 403, 422 for 400, 504 for 502…, always offered), then from the same
    family, then from the deck.
    """
    rng = random.Random(f"{card.key}:{seed}")
    subj = subject(card.subject)
    pool = _distractor_pool(subj, deck_name)
    related = list(pool.related)
    order: list[str] = related[:1]
    rest_related = related[1:]
    rng.shuffle(rest_related)
    order += rest_related[:1]
    family = list(pool.family)
    rng.shuffle(family)
    others = list(pool.others)
    rng.shuffle(others)
    order += [*family, *rest_related[1:], *others]
    answer_of = _answer_text(card, lang)
    right = answer_of(subj)
    options = [right]
    seen = {key(right)}
    for k in order:
        text = answer_of(subjects()[k])
        if key(text) not in seen:
            seen.add(key(text))
            options.append(text)
        if len(options) == CHOICES:
            break
    rng.shuffle(options)
    return tuple(Choice(o, o) for o in options)


def _answer_text(card: Card, lang: str) -> Callable[[Subject], str]:
    if card.answer_kind == "name":
        return lambda s: s.name(lang)
    return lambda s: s.display


@dataclass(frozen=True, slots=True)
class _Pool:
    related: tuple[str, ...]
    family: tuple[str, ...]
    others: tuple[str, ...]


@cache
def _distractor_pool(subj: Subject, deck_name: str) -> _Pool:
    everything = subjects()
    if subj.is_family:
        fams = tuple(f.id for f in statusdex.families() if f.id != subj.key)
        return _Pool((), fams, ())
    entry = subj.entry
    assert isinstance(entry, Status)
    in_deck = [c.subject for c in deck(deck_name).cards if c.direction == "code-name"]
    named = {k for k, s in everything.items() if _kind(s) == entry.kind and k != subj.key}
    named = {k for k in named if _named(everything[k])}
    related = tuple(k for k in entry.related_keys if k in named)
    # Same family: the deck's own codes first, then the rest of the registry's.
    family = tuple(
        k
        for k in dict.fromkeys([*in_deck, *everything])
        if k in named and k not in related and everything[k].family_id == subj.family_id
    )
    others = tuple(k for k in everything if k in named and k not in family and k not in related)
    return _Pool(related, family, others)


def _kind(s: Subject) -> str:
    return "family" if isinstance(s.entry, Family) else s.entry.kind


def _named(s: Subject) -> bool:
    return "code-name" in s.directions()
