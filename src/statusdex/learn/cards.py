"""Flash cards made from the registry, and the decks that group them.

A *subject* is one registry entry (``"422"``, ``"nginx/499"``, ``"403.14"``) or one family
(``"4xx"``). Each subject gives up to four cards, one per direction, each with its own schedule:

- ``code-name``: the code is shown, the learner gives its name;
- ``name-code``: the name is shown, the learner gives the code;
- ``description-code``: the one-line summary is shown (the code masked), the learner gives the code;
- ``scenario-code``: a realistic example is shown (the code masked), the learner gives the code.

A card's key is ``"<subject>:<direction>"``, never a hash of its text, so editing a description
or a translation keeps the learner's progress. All text comes from the registry at the moment
a card is shown, in the learner's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import statusdex
from statusdex._compiled import core as _compiled
from statusdex.core.records import Family, Status
from statusdex.learn.errors import UnknownCardError, UnknownDeckError

DIRECTIONS: tuple[str, ...] = ("code-name", "name-code", "description-code", "scenario-code")
# The deck list is registry data (registry/decks.toml), like everything a learner reads.
_DECK_SPECS: dict[str, dict[str, Any]] = {d["id"]: d for d in _compiled.DECKS}
DECKS: tuple[str, ...] = tuple(_DECK_SPECS)
DEFAULT_DECK = DECKS[0]
MASK = "___"


@dataclass(frozen=True, slots=True)
class Card:
    """One card: a subject seen from one direction. Holds keys, not text."""

    subject: str
    direction: str
    order: int  # position in the registry's order, for introducing new cards

    @property
    def key(self) -> str:
        return f"{self.subject}:{self.direction}"

    @property
    def answer_kind(self) -> str:
        """``"name"`` when the learner answers with a name, ``"code"`` otherwise."""
        return "name" if self.direction == "code-name" else "code"


@dataclass(frozen=True, slots=True)
class Subject:
    """A registry entry or a family, as the learning mode sees it."""

    key: str
    entry: Status | Family

    @property
    def is_family(self) -> bool:
        return isinstance(self.entry, Family)

    @property
    def display(self) -> str:
        """What a learner types or reads as the code: ``"404"``, ``"403.14"``, ``"4xx"``."""
        return self.entry.id if isinstance(self.entry, Family) else self.entry.code

    @property
    def family_id(self) -> str:
        if isinstance(self.entry, Family):
            return self.entry.id
        return f"{int(self.entry) // 100}xx"

    @property
    def vendor_name(self) -> str | None:
        entry = self.entry
        if isinstance(entry, Status) and entry.vendor is not None:
            return entry.vendor.name
        return None

    def name(self, lang: str) -> str:
        return self.entry.text(lang).name

    def summary(self, lang: str) -> str:
        return self.entry.text(lang).summary

    def scenarios(self, lang: str) -> tuple[str, ...]:
        return tuple(e.scenario for e in self.entry.text(lang).examples if e.scenario)

    def is_fallback(self, lang: str) -> bool:
        return self.entry.text(lang).is_fallback

    def directions(self) -> tuple[str, ...]:
        """The directions that make sense for this subject."""
        entry = self.entry
        text = entry.text("en")
        out = []
        # A reserved number has a placeholder for a name ("(Unused)"): nothing to recall.
        named = isinstance(entry, Family) or entry.state != "reserved"
        if named:
            out += ["code-name", "name-code"]
        if text.summary:
            out.append("description-code")
        if not isinstance(entry, Family) and text.examples:
            out.append("scenario-code")
        return tuple(out)


@dataclass(frozen=True, slots=True)
class Deck:
    """A named, ordered set of cards."""

    name: str
    cards: tuple[Card, ...]

    @property
    def keys(self) -> frozenset[str]:
        return _deck_keys(self.name)

    def __len__(self) -> int:
        return len(self.cards)


@cache
def subjects() -> dict[str, Subject]:
    """Every subject, keyed by its id: all registry entries, then the five families."""
    out = {s.key: Subject(s.key, s) for s in statusdex.all_statuses()}
    for f in statusdex.families():
        out[f.id] = Subject(f.id, f)
    return out


def subject(key: str) -> Subject:
    try:
        return subjects()[key]
    except KeyError:
        raise UnknownCardError(f"no registry entry or family {key!r}") from None


def deck_sources(name: str) -> tuple[dict[str, str], ...]:
    """Where a deck's order comes from (label, url), when it is measured."""
    return tuple(_spec(name)["sources"])


def deck_share(name: str) -> dict[str, float]:
    """The measured share of traffic (percent) of the deck's measured entries."""
    return dict(_spec(name)["share"])


def _spec(name: str) -> dict[str, Any]:
    spec = _DECK_SPECS.get(name) if isinstance(name, str) else None
    if spec is None:
        raise UnknownDeckError(f"unknown deck {name!r}; decks are {', '.join(DECKS)}")
    return spec


def _deck_subjects(name: str) -> tuple[str, ...]:
    spec = _spec(name)
    if spec["keys"]:
        return tuple(spec["keys"])
    if spec["kind"] == "family":
        return tuple(f.id for f in statusdex.families())
    return tuple(s.key for s in statusdex.all_statuses(kind=spec["kind"]))


@cache
def deck(name: str) -> Deck:
    """The deck ``name`` (one of ``DECKS``), its cards in introduction order."""
    subject_keys = _deck_subjects(name)
    cards: list[Card] = []
    for order, key in enumerate(subject_keys):
        cards.extend(Card(key, d, order) for d in subjects()[key].directions())
    return Deck(name, tuple(cards))


@cache
def _deck_keys(name: str) -> frozenset[str]:
    return frozenset(c.key for c in deck(name).cards)


@cache
def _all_cards() -> dict[str, Card]:
    out: dict[str, Card] = {}
    for name in DECKS:
        for c in deck(name).cards:
            out.setdefault(c.key, c)
    return out


def card(key: str) -> Card:
    """The card with this key; ``UnknownCardError`` if none."""
    found = _all_cards().get(key) if isinstance(key, str) else None
    if found is None:
        raise UnknownCardError(f"no card {key!r}; a card key looks like '422:name-code'")
    return found


def mask(text: str, subj: Subject) -> str:
    """Hide the code itself in a prompt (a scenario may say "with a 301").

    Not inside a longer number (4031). A sub-status of the code (403.14 in a 403 scenario)
    is hidden whole, since it names the answer too.
    """
    code = re.escape(subj.display)
    sub = r"(?:\.\d+)?" if subj.display.isdigit() else ""
    pattern = rf"(?<![\w.]){code}{sub}(?![\w]|\.\d)"
    return re.sub(pattern, MASK, text, flags=re.IGNORECASE)


def prompt(c: Card, lang: str, variant: int = 0) -> str:
    """What the card shows in ``lang``; ``variant`` rotates a code's scenarios."""
    subj = subject(c.subject)
    if c.direction == "code-name":
        return subj.display
    if c.direction == "name-code":
        return subj.name(lang)
    if c.direction == "description-code":
        return mask(subj.summary(lang), subj)
    scenarios = subj.scenarios(lang)
    return mask(scenarios[variant % len(scenarios)], subj)


def question_label(c: Card) -> str:
    """The name of the instruction label for this card (see ``labels.py``)."""
    return ("family-" if subject(c.subject).is_family else "") + c.direction
