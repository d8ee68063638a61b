"""``LearnService``: the one API the terminal and the web faces of learning use.

>>> svc = LearnService(Storage("sqlite:///:memory:"))  # doctest: +SKIP
>>> learner, token = svc.create_learner()               # doctest: +SKIP
>>> card = svc.next_card(learner, "starter", lang="fr")  # doctest: +SKIP
>>> svc.answer(learner, card.key, answer="422")          # doctest: +SKIP

Every method takes the learner id first and touches only that learner's data. Times are
UTC ``datetime``s; ``now`` defaults to the current time and tests pass their own clock.
Bad input raises a ``LearnError`` (``statusdex.learn.errors``): a face answers it with a 4xx
or a one-line message; ``docs/learn-api.md`` maps each to its status.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from statusdex.core import lang as _lang
from statusdex.errors import UnknownLanguageError
from statusdex.learn import answering, browsing, grading, importing, scheduler
from statusdex.learn import cards as _cards
from statusdex.learn import log as _log
from statusdex.learn import optimize as _optimize
from statusdex.learn import stats as _stats
from statusdex.learn.cards import Card
from statusdex.learn.errors import (
    BadCredentialsError,
    CurrentPasswordError,
    InvalidAnswerError,
    LearnError,
    LogFormatError,
    SettingsError,
    StaleAnswerError,
    UnknownCardError,
    UnknownDeckError,
    UsernameTakenError,
)
from statusdex.learn.importing import IMPORT_BATCH
from statusdex.learn.labels import label
from statusdex.learn.learners import (
    LOCAL_LEARNER,
    MIN_PASSWORD,
    TOKEN_SECRET,
    Learners,
    hash_token,
)
from statusdex.learn.log import LogEntry
from statusdex.learn.pacing import no_pause
from statusdex.learn.results import AnswerResult, BrowseRow, CardProgress, Presented
from statusdex.learn.scheduler import CardState, DueCounts, Settings
from statusdex.learn.scheduler import utc_now as _now
from statusdex.learn.storage import Storage

__all__ = [
    "IMPORT_BATCH",
    "LOCAL_LEARNER",
    "MAX_ANSWER",
    "MIN_PASSWORD",
    "TOKEN_SECRET",
    "AnswerResult",
    "BadCredentialsError",
    "BrowseRow",
    "CardProgress",
    "CurrentPasswordError",
    "InvalidAnswerError",
    "LearnError",
    "LearnService",
    "LogFormatError",
    "Presented",
    "SettingsError",
    "StaleAnswerError",
    "UnknownCardError",
    "UnknownDeckError",
    "UsernameTakenError",
    "hash_token",
    "resolve_lang",
]

MAX_ANSWER = answering.MAX_ANSWER


class LearnService:
    """Learning mode over one ``Storage``. Thread-safe; one per process is enough.

    Accounts are ``learners.Learners``'s, an import is ``importing``'s, the card browser is
    ``browsing``'s and an answer's steps are ``answering``'s: the methods here hand them the
    call, so this class stays the one API of both faces."""

    def __init__(self, storage: Storage, *, fuzz: bool = True, session: str | None = None):
        self.storage = storage
        self.fuzz = fuzz  # FSRS interval fuzz (off in tests for exact intervals)
        # The study session of this object (a terminal run): undo takes back only its answers.
        # The web names one per browser and passes it with each answer and undo.
        self.session = session or secrets.token_hex(8)
        self.learners = Learners(storage)

    # Learners (``learners.py``) -------------------------------------------------------------

    def create_learner(self, now: datetime | None = None) -> tuple[int, str]:
        """A new anonymous learner and its secret token (only its hash is stored)."""
        return self.learners.create_learner(now)

    def issue_token(self) -> str:
        """A fresh token for a visitor who has no learner yet, signed by this server."""
        return self.learners.issue_token()

    def is_issued(self, token: object) -> bool:
        """Whether ``token`` came from ``issue_token`` (of any process sharing the database)."""
        return self.learners.is_issued(token)

    def create_learner_with_token(self, token: str, now: datetime | None = None) -> int:
        """A new anonymous learner bound to ``token``, a token from ``issue_token``
        (``BadCredentialsError`` for any other); the same learner for the same token."""
        return self.learners.create_learner_with_token(token, now)

    def learner_by_token(self, token: str) -> int | None:
        return self.learners.learner_by_token(token)

    def new_token(self, learner: int, now: datetime | None = None) -> str:
        return self.learners.new_token(learner, now)

    def logout(self, token: str) -> None:
        """Forget one token (the learner's other devices stay signed in)."""
        self.learners.logout(token)

    def register(
        self,
        learner: int,
        username: str,
        password: str,
        *,
        current_password: str | None = None,
        now: datetime | None = None,
    ) -> str:
        """Give ``learner`` a username and password, or change them (with the current
        password); returns the learner's only token from now on."""
        return self.learners.register(
            learner, username, password, current_password=current_password, now=now
        )

    @staticmethod
    def check_credentials(username: str, password: str) -> str:
        """The normalised username if both are acceptable; ``BadCredentialsError`` else."""
        return Learners.check_credentials(username, password)

    def login(self, username: str, password: str, now: datetime | None = None) -> tuple[int, str]:
        """The learner with these credentials and a fresh token; ``BadCredentialsError`` else."""
        return self.learners.login(username, password, now)

    def username(self, learner: int) -> str | None:
        return self.learners.username(learner)

    def local_learner(self) -> int:
        """The terminal's learner in this database, created on first use."""
        return self.learners.local_learner()

    # Settings -----------------------------------------------------------------------------

    def settings(self, learner: int) -> Settings:
        data = self.storage.load_settings(learner)
        try:
            return Settings.from_dict(data)
        except (SettingsError, TypeError, ValueError):
            return Settings()

    def deck_settings(self, learner: int, deck: str) -> Settings:
        """The settings that apply in ``deck``: the learner's, with the deck's own changes."""
        return self.settings(learner).for_deck(_cards.deck(deck).name)

    def update_deck_settings(self, learner: int, deck: str, **changes: Any) -> Settings:
        """Change settings for ``deck`` only (its limits, retention, steps, leech action);
        a value of None goes back to the learner's own setting."""
        _cards.deck(deck)  # raises UnknownDeckError
        unknown = set(changes) - set(scheduler.DECK_FIELDS)
        if unknown:
            raise SettingsError(f"not a deck setting: {', '.join(sorted(unknown))}")
        try:
            new = self.settings(learner).with_deck_changes(deck, **changes)
        except (TypeError, ValueError) as e:
            raise SettingsError(str(e)) from None
        self.storage.save_settings(learner, new.to_dict())
        return new

    def ensure_timezone(self, learner: int, zone: str | None) -> bool:
        """Set the learner's time zone to ``zone`` unless one was set already (a browser sends
        its zone on first use; the terminal, the system's). An unknown zone is ignored.
        Returns whether it was set now."""
        if not zone or not isinstance(zone, str) or len(zone) > 64:
            return False
        stored = self.storage.load_settings(learner)
        if "timezone" in stored:
            return False
        try:
            new = self.settings(learner).with_changes(timezone=zone)
        except SettingsError:
            return False
        self.storage.save_settings(learner, new.to_dict())
        return True

    def change_settings(self, learner: int, scope: str | None, /, **changes: Any) -> Settings:
        """What a settings form does: with a deck as ``scope``, the settings in ``changes``
        become that deck's own where they differ from the learner's (and stop being its own
        where they match); without, every change is the learner's."""
        if scope is None:
            return self.update_settings(learner, **changes)
        mine = self.settings(learner)
        try:
            typed = Settings.from_dict({**mine.to_dict(), **changes})  # checks every value
        except (TypeError, ValueError) as e:
            raise SettingsError(str(e)) from None
        own = {
            k: (None if getattr(typed, k) == getattr(mine, k) else getattr(typed, k))
            for k in changes
        }
        return self.update_deck_settings(learner, scope, **own)

    def update_settings(self, learner: int, **changes: Any) -> Settings:
        """Change some settings (``desired_retention=0.85, new_per_day=20, lang="th"``…)."""
        unknown = set(changes) - set(Settings.__dataclass_fields__)
        if unknown:
            raise SettingsError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        if "deck" in changes:
            _cards.deck(str(changes["deck"]))  # raises UnknownDeckError
        if "lang" in changes:
            changes["lang"] = resolve_lang(changes["lang"])
        try:
            new = self.settings(learner).with_changes(**changes)
        except (TypeError, ValueError) as e:
            raise SettingsError(str(e)) from None
        data = new.to_dict()
        stored = self.storage.load_settings(learner)
        if "timezone" not in changes and "timezone" not in stored:
            del data["timezone"]  # still unset: a face may fill it in on first use
        self.storage.save_settings(learner, data)
        return new

    # Playing ------------------------------------------------------------------------------

    def _deck(self, deck: str | None, st: Settings) -> _cards.Deck:
        return _cards.deck(deck or st.deck)

    def _today(self, learner: int, now: datetime, st: Settings, deck: str) -> scheduler.Today:
        """Today's answers: the deck's own new cards and reviews (limits are per deck), and
        every code answered in any deck (siblings stay buried across decks)."""
        new = reviews = 0
        answered: dict[str, set[str]] = {}
        keys = _cards.deck(deck).keys
        for key, studied_in, before in self.storage.day_answers(
            learner, scheduler.study_day(now, st)
        ):
            answered.setdefault(key.rsplit(":", 1)[0], set()).add(key)
            # An answer from before decks were logged counts in every deck holding its card.
            if studied_in == deck or (studied_in is None and key in keys):
                new += before is None
                reviews += before == scheduler.REVIEW
        return scheduler.Today(
            new_cards=new,
            reviews=reviews,
            answered={k: frozenset(v) for k, v in answered.items()},
        )

    def next_card(
        self,
        learner: int,
        deck: str | None = None,
        now: datetime | None = None,
        lang: str | None = None,
    ) -> Presented | None:
        """The card to study now in ``deck`` (default: the learner's), or None if none is due."""
        now = _now(now)
        d = self._deck(deck, self.settings(learner))
        st = self.settings(learner).for_deck(d.name)
        states = self.storage.card_states(learner)
        today = self._today(learner, now, st, d.name)
        learning, reviews, new, soon = scheduler.queues(d.cards, states, today, now, st)
        for queue in (learning, reviews, new, soon):
            if queue:
                counts = DueCounts(new=len(new), learning=len(learning), review=len(reviews))
                return self._present(queue[0], states.get(queue[0].key), d.name, lang, st, counts)
        return None

    def present(
        self,
        learner: int,
        key: str,
        deck: str | None = None,
        now: datetime | None = None,
        lang: str | None = None,
    ) -> Presented:
        """Show one given card (``UnknownCardError`` if the key names none)."""
        c = _cards.card(key)
        st = self.settings(learner)
        d = self._deck(deck, st)
        counts = self.due_counts(learner, d.name, now)
        return self._present(c, self.storage.card_state(learner, key), d.name, lang, st, counts)

    def _present(
        self,
        c: Card,
        state: CardState | None,
        deck: str,
        lang: str | None,
        st: Settings,
        counts: DueCounts,
    ) -> Presented:
        language = resolve_lang(lang or st.lang)
        subj = _cards.subject(c.subject)
        reps = state.reps if state else 0
        question = label(_cards.question_label(c), language)
        context = subj.vendor_name
        return Presented(
            key=c.key,
            subject=c.subject,
            direction=c.direction,
            deck=deck,
            lang=language,
            question=question,
            prompt=_cards.prompt(c, language, reps),
            context=context,
            answer_kind=c.answer_kind,
            choices=grading.choices(c, language, deck, reps),
            state=state.state if state else scheduler.NEW,
            fallback=subj.is_fallback(language),
            counts=counts,
        )

    def answer(
        self,
        learner: int,
        card_key: str,
        *,
        answer: str | None = None,
        rating: int | None = None,
        mode: str | None = None,
        now: datetime | None = None,
        lang: str | None = None,
        duration_ms: int | None = None,
        expect_reps: int | None = None,
        deck: str | None = None,
        session: str | None = None,
    ) -> AnswerResult:
        """Grade and record one answer; it is committed before this returns.

        Give ``answer`` (typed text, or a choice's value with ``mode="choice"``): a right
        answer is rated Good (or ``rating`` if given, Hard or Easy), a wrong one Again. Or give
        only ``rating`` (1 Again … 4 Easy) for a flip card the learner graded themselves.
        ``expect_reps`` (the card's ``card_reps`` when it was shown) is checked in the same
        transaction as the write: if the card was answered since, ``StaleAnswerError`` and
        nothing is recorded. ``deck`` (default: the learner's) is the deck being studied: its
        limits and settings apply. ``session`` (default: this object's) is who may undo it.
        """
        c = _cards.card(card_key)
        now = _now(now)
        studied = self._deck(deck, self.settings(learner)).name
        st = self.settings(learner).for_deck(studied)
        language = resolve_lang(lang or st.lang)
        given = answering.check(answer, rating, mode, duration_ms, expect_reps)  # 1. validate
        graded = answering.grade(c, given, language)  # 2. grade

        def compute(before: CardState | None) -> tuple[CardState, LogEntry]:  # 3. schedule
            return answering.schedule(
                c,
                before,
                given,
                graded,
                now=now,
                settings=st,
                fuzz=self.fuzz,
                deck=studied,
                session=session or self.session,
            )

        day = scheduler.study_day(now, st)
        family = _cards.subject(c.subject).family_id
        # 4. persist: the card's state is read, ``compute`` run and the result committed in
        # one locked transaction.
        after, entry = self.storage.record_answer(learner, c.key, compute, day, family)
        return answering.result(c, given, graded, after, entry, st, language)  # 5. present

    def card_reps(self, learner: int, card_key: str) -> int:
        """How many times ``learner`` has answered the card (0 if never): a face sends it with
        an answer so that a second copy of one answer (a form sent twice) can be refused."""
        _cards.card(card_key)  # UnknownCardError for a key that names no card
        state = self.storage.card_state(learner, card_key)
        return state.reps if state else 0

    def undo_last(self, learner: int, session: str | None = None) -> str | None:
        """Take back the learner's last answer if ``session`` (default: this object's) gave
        it; returns its card key, or None if there is none to take back."""
        record = self.storage.undo_last(learner, session or self.session)
        return record.entry.card if record else None

    def due_counts(
        self, learner: int, deck: str | None = None, now: datetime | None = None
    ) -> DueCounts:
        now = _now(now)
        d = self._deck(deck, self.settings(learner))
        st = self.settings(learner).for_deck(d.name)
        states = self.storage.card_states(learner)
        today = self._today(learner, now, st, d.name)
        return scheduler.due_counts(d.cards, states, today, now, st)

    def next_due(
        self, learner: int, deck: str | None = None, now: datetime | None = None
    ) -> datetime | None:
        """When the next card of ``deck`` comes due (ignoring today's limits), if ever."""
        st = self.settings(learner)
        keys = self._deck(deck, st).keys
        states = self.storage.card_states(learner)
        dues = [s.due for k, s in states.items() if k in keys and not s.suspended]
        return min(dues) if dues else None

    # Consulting ---------------------------------------------------------------------------

    def stats(
        self, learner: int, now: datetime | None = None, deck: str | None = None
    ) -> _stats.Stats:
        """Retention, reviews per day, forecast, accuracy by family, leeches.

        ``deck`` limits the forecast and leeches to that deck; the day totals cover all decks.
        """
        st = self.settings(learner)
        states: Iterable[CardState] = self.storage.card_states(learner).values()
        if deck is not None:
            keys = _cards.deck(deck).keys
            states = [s for s in states if s.key in keys]
        return _stats.compute(self.storage.day_totals(learner), states, _now(now), st)

    def browse(
        self,
        learner: int,
        deck: str | None = None,
        lang: str | None = None,
        now: datetime | None = None,
        query: str | None = None,
    ) -> list[BrowseRow]:
        """Every code of ``deck`` with its text and the learner's progress on each card;
        ``query`` keeps the codes whose code, name (in any language) or summary holds it."""
        now = _now(now)
        st = self.settings(learner)
        d = self._deck(deck, st)
        language = resolve_lang(lang or st.lang)
        states = self.storage.card_states(learner)
        return browsing.rows(d, states, language, now, st, query)

    # One card ---------------------------------------------------------------------------

    def suspend(self, learner: int, card_key: str, suspended: bool = True) -> CardState:
        """Take a card out of study (or back in). Only a card already studied has a state to
        suspend; ``InvalidAnswerError`` for one never seen."""
        _cards.card(card_key)
        state = self.storage.card_state(learner, card_key)
        if state is None:
            raise InvalidAnswerError(f"{card_key} has not been studied yet: nothing to suspend")
        new = replace(state, suspended=suspended)
        self.storage.set_states(learner, [new])
        return new

    def reset(self, learner: int, card_key: str) -> int:
        """Forget a card: it is new again and its answers leave the log (the day totals keep
        what was done on those days). Returns the number of answers removed."""
        _cards.card(card_key)
        return self.storage.forget_card(learner, card_key)

    def history(self, learner: int, card_key: str) -> list[LogEntry]:
        """The card's answers, oldest first, each with the state it left the card in."""
        _cards.card(card_key)
        return [r.entry for r in self.storage.card_log(learner, card_key)]

    # Fitted parameters --------------------------------------------------------------------

    def optimize(self, learner: int) -> _optimize.Fit:
        """Fit FSRS's parameters to the learner's review log (``optimize.fit``). When the fit
        beats the parameters in use, keep it and reschedule every card with it: each card's
        answers are replayed (same seeded fuzz), so stability, difficulty and due date follow
        the new parameters. Otherwise nothing changes."""
        st = self.settings(learner)
        entries = [r.entry for r in self.storage.log(learner)]
        result = _optimize.fit(entries, st)
        if not result.accepted or result.parameters is None:
            return result
        new = self.update_settings(learner, parameters=list(result.parameters))
        self.storage.set_states(learner, self._replayed(learner, entries, new).values())
        return result

    def _replayed(
        self, learner: int, entries: Iterable[LogEntry], st: Settings
    ) -> dict[str, CardState]:
        """Every card's state from its answers under ``st``, its suspension kept."""
        states: dict[str, CardState] = {}
        for e in sorted(entries, key=lambda e: e.reviewed_at):
            own = st.for_deck(e.deck) if e.deck else st
            states[e.card] = scheduler.review(
                e.card, states.get(e.card), e.rating, e.reviewed_at, own, fuzz=self.fuzz
            )
        for key, now in self.storage.card_states(learner).items():
            if key in states:
                states[key] = replace(states[key], suspended=now.suspended)
        return states

    # Import and export --------------------------------------------------------------------

    def export_log(self, learner: int, fmt: str = "csv") -> str:
        """The learner's review log as CSV or JSON (``LogFormatError`` for another format)."""
        if fmt not in _log.FORMATS:
            raise LogFormatError(f"unknown format {fmt!r}; use one of {', '.join(_log.FORMATS)}")
        return _log.dumps((r.entry for r in self.storage.log(learner)), fmt)

    def import_log(
        self,
        learner: int,
        text: str,
        fmt: str | None = None,
        *,
        now: datetime | None = None,
        pace: Callable[[], None] = no_pause,
    ) -> int:
        """Merge an exported log into the learner's and rebuild every card from the result.

        Every row is checked as an answer played at ``now`` would be (``log.loads``); one bad
        row is a ``LogFormatError`` and nothing changes. Answers already present (same card,
        time and rating) are not doubled. A row that carries the card's state after the answer
        (every exported row does) gives that state; a row without one is replayed through the
        scheduler (seeded fuzz, the deck's settings). The new answers are written in batches
        of ``IMPORT_BATCH``, each its own short transaction, so other learners are not held up;
        meanwhile the learner's own answers are refused (``ImportRunningError``). ``pace`` is
        called once per row (the web passes a ``Pacer``). Returns the number of new answers.
        """
        return importing.import_log(
            self.storage,
            learner,
            text,
            fmt,
            settings=self.settings(learner),
            fuzz=self.fuzz,
            now=_now(now),
            pace=pace,
        )

    def export_apkg(
        self, deck: str, lang: str | None, path: str | Path, learner: int | None = None
    ) -> int:
        """Write ``deck``'s cards in ``lang`` as an Anki package (one note per code); with
        ``learner``, their schedule, FSRS memory and review log go along. Returns the number
        of notes."""
        from statusdex.learn.apkg import write_apkg

        d = _cards.deck(deck)
        if learner is None:
            return write_apkg(d, resolve_lang(lang), Path(path))
        return write_apkg(
            d,
            resolve_lang(lang),
            Path(path),
            states=self.storage.card_states(learner),
            log=[r.entry for r in self.storage.log(learner)],
            settings=self.settings(learner).for_deck(d.name),
        )


def resolve_lang(lang: object) -> str:
    """A supported language; None or "" follows the environment (LANG), else English."""
    if lang is None or lang == "":
        return _lang.resolve(None)
    if not isinstance(lang, str):
        raise SettingsError(f"language must be one of {', '.join(_lang.LANGUAGES)}")
    try:
        return _lang.resolve(lang)
    except UnknownLanguageError as e:
        raise SettingsError(str(e)) from None
