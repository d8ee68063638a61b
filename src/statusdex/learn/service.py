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

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.exc import IntegrityError

from statusdex.core import lang as _lang
from statusdex.errors import UnknownLanguageError
from statusdex.learn import cards as _cards
from statusdex.learn import grading, scheduler
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
from statusdex.learn.grading import Choice
from statusdex.learn.labels import label
from statusdex.learn.log import LogEntry
from statusdex.learn.pacing import no_pause
from statusdex.learn.scheduler import AGAIN, GOOD, CardState, DueCounts, Settings
from statusdex.learn.storage import Storage, day_counts

__all__ = [
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
]

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{2,31}$")
MIN_PASSWORD = 8
MAX_ANSWER = _log.MAX_ANSWER
IMPORT_BATCH = 1000  # answers per transaction of an import
LOCAL_LEARNER = "terminal_learner"
TOKEN_SECRET = "token_secret"  # meta: the key that signs tokens handed out before a learner exists
_ISSUED = re.compile(r"^[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{22}$")


@dataclass(frozen=True, slots=True)
class Presented:
    """A card as shown to the learner: everything a face needs, in the learner's language."""

    key: str
    subject: str
    direction: str
    deck: str
    lang: str
    question: str  # the instruction: "Which code has this name?"
    prompt: str  # the code, name, description or scenario (the code masked)
    context: str | None  # the vendor, for vendor codes and IIS sub-statuses
    answer_kind: str  # "code" or "name"
    choices: tuple[Choice, ...]
    state: str  # new | learning | review | relearning
    fallback: bool  # the registry has no translation yet: the text is English
    counts: DueCounts

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "subject": self.subject,
            "direction": self.direction,
            "deck": self.deck,
            "lang": self.lang,
            "question": self.question,
            "prompt": self.prompt,
            "context": self.context,
            "answer_kind": self.answer_kind,
            "choices": [{"value": c.value, "label": c.label} for c in self.choices],
            "state": self.state,
            "fallback": self.fallback,
            "counts": {
                "new": self.counts.new,
                "learning": self.counts.learning,
                "review": self.counts.review,
            },
        }


@dataclass(frozen=True, slots=True)
class AnswerResult:
    """What happened to an answer: committed to the database before this is returned."""

    key: str
    correct: bool | None  # None for a flip card rated by the learner
    typo: bool
    rating: int
    given: str | None
    expected: str  # the right answer: "422" or "Unprocessable Content"
    label: str  # "422 Unprocessable Content"
    why: str  # the one-line summary from the registry
    verdict: str  # "Correct" / "Not quite" / "" in the learner's language
    next_due: datetime
    state: str
    reps: int
    lapses: int
    leech: bool
    log_id: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "correct": self.correct,
            "typo": self.typo,
            "rating": self.rating,
            "given": self.given,
            "expected": self.expected,
            "label": self.label,
            "why": self.why,
            "verdict": self.verdict,
            "next_due": self.next_due.isoformat(),
            "state": self.state,
            "reps": self.reps,
            "lapses": self.lapses,
            "leech": self.leech,
            "log_id": self.log_id,
        }


@dataclass(frozen=True, slots=True)
class CardProgress:
    key: str
    direction: str
    state: str  # new | learning | review | relearning
    due: datetime | None
    reps: int
    lapses: int
    recall: float  # FSRS's predicted chance of recall now (0 when never seen)
    leech: bool
    suspended: bool


@dataclass(frozen=True, slots=True)
class BrowseRow:
    """One code of a deck, with the learner's progress on each of its cards."""

    subject: str
    display: str
    name: str
    summary: str
    family: str
    vendor: str | None
    cards: tuple[CardProgress, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "display": self.display,
            "name": self.name,
            "summary": self.summary,
            "family": self.family,
            "vendor": self.vendor,
            "cards": [
                {
                    "key": c.key,
                    "direction": c.direction,
                    "state": c.state,
                    "due": c.due.isoformat() if c.due else None,
                    "reps": c.reps,
                    "lapses": c.lapses,
                    "recall": round(c.recall, 4),
                    "leech": c.leech,
                    "suspended": c.suspended,
                }
                for c in self.cards
            ],
        }


def _now(now: datetime | None) -> datetime:
    return scheduler.utc(now) if now is not None else datetime.now(UTC)


def hash_token(token: str) -> str:
    """Tokens are 256-bit random values, so a plain SHA-256 is a safe way to store them."""
    return hashlib.sha256(token.encode()).hexdigest()


class LearnService:
    """Learning mode over one ``Storage``. Thread-safe; one per process is enough."""

    def __init__(self, storage: Storage, *, fuzz: bool = True, session: str | None = None):
        self.storage = storage
        self.fuzz = fuzz  # FSRS interval fuzz (off in tests for exact intervals)
        # The study session of this object (a terminal run): undo takes back only its answers.
        # The web names one per browser and passes it with each answer and undo.
        self.session = session or secrets.token_hex(8)
        self._hasher = PasswordHasher()
        self._token_secret: bytes | None = None

    # Learners -----------------------------------------------------------------------------

    def create_learner(self, now: datetime | None = None) -> tuple[int, str]:
        """A new anonymous learner and its secret token (only its hash is stored)."""
        token = secrets.token_urlsafe(32)
        learner = self.storage.create_learner(hash_token(token), _now(now))
        return learner, token

    def issue_token(self) -> str:
        """A fresh token for a visitor who has no learner yet: 256 random bits and this
        server's signature of them, so that ``create_learner_with_token`` can tell a token it
        issued from one an attacker made up and planted in a victim's browser."""
        value = secrets.token_urlsafe(32)
        return f"{value}.{self._sign(value)}"

    def is_issued(self, token: object) -> bool:
        """Whether ``token`` came from ``issue_token`` (of any process sharing the database)."""
        if not isinstance(token, str) or not _ISSUED.match(token):
            return False
        value, _, signature = token.partition(".")
        return hmac.compare_digest(signature, self._sign(value))

    def _sign(self, value: str) -> str:
        if self._token_secret is None:
            fresh = secrets.token_hex(32)
            self._token_secret = self.storage.meta_default(TOKEN_SECRET, fresh).encode()
        mac = hmac.new(self._token_secret, value.encode(), hashlib.sha256).digest()[:16]
        return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()

    def create_learner_with_token(self, token: str, now: datetime | None = None) -> int:
        """A new anonymous learner bound to ``token``, a token from ``issue_token`` (the web
        face hands one to a visitor before any row exists); any other token is refused with
        ``BadCredentialsError``, so no one can choose the token of someone else's learner.
        If another request bound the same token first, that learner is returned: two first
        requests of one browser make one learner."""
        if not self.is_issued(token):
            raise BadCredentialsError("not a learner token this server issued")
        try:
            return self.storage.create_learner(hash_token(token), _now(now))
        except IntegrityError:
            found = self.learner_by_token(token)
            if found is None:
                raise
            return found

    def learner_by_token(self, token: str) -> int | None:
        if not isinstance(token, str) or not 16 <= len(token) <= 128:
            return None
        return self.storage.learner_for_token(hash_token(token))

    def new_token(self, learner: int, now: datetime | None = None) -> str:
        token = secrets.token_urlsafe(32)
        self.storage.add_token(learner, hash_token(token), _now(now))
        return token

    def logout(self, token: str) -> None:
        """Forget one token (the learner's other devices stay signed in)."""
        self.storage.delete_token(hash_token(token))

    def register(
        self,
        learner: int,
        username: str,
        password: str,
        *,
        current_password: str | None = None,
        now: datetime | None = None,
    ) -> str:
        """Give ``learner`` a username and password to continue on another device, or change
        them: a learner who already has a password must give it (``current_password``, else
        ``CurrentPasswordError``). Every token of the learner is then forgotten (every other
        session ends) and the new token returned is the only one: the caller's new cookie."""
        username = self.check_credentials(username, password)
        _name, stored = self.storage.account(learner)
        if stored is not None:
            if not isinstance(current_password, str) or not current_password:
                raise CurrentPasswordError(
                    "give your current password to change your username or password"
                )
            if not _log.clean_text(current_password) or not self._verify(stored, current_password):
                raise CurrentPasswordError("the current password is wrong")
        token = secrets.token_urlsafe(32)
        self.storage.set_credentials(
            learner, username, self._hasher.hash(password), hash_token(token), _now(now)
        )
        return token

    @staticmethod
    def check_credentials(username: str, password: str) -> str:
        """The normalised username if both are acceptable; ``BadCredentialsError`` else."""
        name = _check_username(username)
        if not isinstance(password, str) or len(password) < MIN_PASSWORD:
            raise BadCredentialsError(f"the password needs at least {MIN_PASSWORD} characters")
        if len(password) > 1024:
            raise BadCredentialsError("the password is too long (1024 characters at most)")
        if not _log.clean_text(password):
            raise BadCredentialsError("a password may not hold NUL characters or lone surrogates")
        return name

    def _verify(self, stored: str, password: str) -> bool:
        try:
            return bool(self._hasher.verify(stored, password))
        except (VerificationError, InvalidHashError):
            return False

    def login(self, username: str, password: str, now: datetime | None = None) -> tuple[int, str]:
        """The learner with these credentials and a fresh token; ``BadCredentialsError`` else."""
        wrong = BadCredentialsError("wrong username or password")
        if not isinstance(username, str) or not isinstance(password, str):
            raise wrong
        if not _log.clean_text(username) or not _log.clean_text(password):
            raise wrong  # no stored username holds these; a password could not be hashed
        found = self.storage.credentials(username.strip().lower())
        if found is None:
            self._hasher.hash("no such user: spend the same time as a real check")
            raise wrong
        learner, stored = found
        try:
            self._hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            raise wrong from None
        if self._hasher.check_needs_rehash(stored):
            self.storage.set_password_hash(learner, self._hasher.hash(password))
        return learner, self.new_token(learner, now)

    def username(self, learner: int) -> str | None:
        return self.storage.username(learner)

    def local_learner(self) -> int:
        """The terminal's learner in this database, created on first use."""
        found = self.storage.get_meta(LOCAL_LEARNER)
        if found is not None and self.storage.learner_exists(int(found)):
            return int(found)
        learner, _token = self.create_learner()
        self.storage.set_meta(LOCAL_LEARNER, str(learner))
        return learner

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
        if rating is not None and (
            isinstance(rating, bool) or not isinstance(rating, int) or rating not in (1, 2, 3, 4)
        ):
            raise InvalidAnswerError("rating must be 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy)")
        if duration_ms is not None and not (
            isinstance(duration_ms, int) and 0 <= duration_ms < 86_400_000
        ):
            raise InvalidAnswerError("duration_ms must be 0 to 86400000")
        typo = False
        correct: bool | None
        if answer is not None:
            if not isinstance(answer, str) or len(answer) > MAX_ANSWER:
                raise InvalidAnswerError(f"an answer is text of {MAX_ANSWER} characters at most")
            if not _log.clean_text(answer):
                raise InvalidAnswerError("an answer may not hold NUL characters or lone surrogates")
            mode = mode or "typed"
            if mode not in ("typed", "choice"):
                raise InvalidAnswerError("mode must be 'typed' or 'choice' with an answer")
            verdict = grading.grade(c, answer, language)
            correct, typo = verdict.correct, verdict.typo
            final = (rating if rating and rating > AGAIN else GOOD) if correct else AGAIN
        elif rating is not None:
            mode, correct, final = "flip", None, rating
        else:
            raise InvalidAnswerError("give an answer or a rating")
        subj = _cards.subject(c.subject)
        day = scheduler.study_day(now, st)

        if expect_reps is not None and (
            isinstance(expect_reps, bool) or not isinstance(expect_reps, int)
        ):
            raise InvalidAnswerError("expect_reps must be a whole number")

        def compute(before: CardState | None) -> tuple[CardState, LogEntry]:
            if expect_reps is not None and (before.reps if before else 0) != expect_reps:
                raise StaleAnswerError(
                    "this card was answered since it was shown; nothing was recorded"
                )
            after = scheduler.review(c.key, before, final, now, st, fuzz=self.fuzz)
            entry = LogEntry(
                card=c.key,
                reviewed_at=now,
                rating=final,
                correct=correct,
                mode=mode or "flip",
                answer=answer,
                duration_ms=duration_ms,
                deck=studied,
                session=session or self.session,
                state_after=after,
            )
            return after, entry

        after, entry = self.storage.record_answer(learner, c.key, compute, day, subj.family_id)
        expected = grading.expected(c, language)
        if correct is None:
            word = ""
        else:
            word = label("typo" if typo else "correct" if correct else "wrong", language)
        return AnswerResult(
            key=c.key,
            correct=correct,
            typo=typo,
            rating=final,
            given=answer,
            expected=expected,
            label=f"{subj.display} {subj.name(language)}",
            why=subj.summary(language),
            verdict=word,
            next_due=after.due,
            state=after.state,
            reps=after.reps,
            lapses=after.lapses,
            leech=after.is_leech(st),
            log_id=entry.id or 0,
        )

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
        rows: dict[str, list[CardProgress]] = {}
        wanted = _matcher(query, language)
        for c in d.cards:
            if not wanted(c.subject):
                continue
            s = states.get(c.key)
            rows.setdefault(c.subject, []).append(
                CardProgress(
                    key=c.key,
                    direction=c.direction,
                    state=s.state if s else scheduler.NEW,
                    due=s.due if s else None,
                    reps=s.reps if s else 0,
                    lapses=s.lapses if s else 0,
                    recall=scheduler.retrievability(s, now, st),
                    leech=bool(s and s.is_leech(st)),
                    suspended=bool(s and s.suspended),
                )
            )
        out = []
        for subject_key, progress in rows.items():
            subj = _cards.subject(subject_key)
            out.append(
                BrowseRow(
                    subject=subject_key,
                    display=subj.display,
                    name=subj.name(language),
                    summary=subj.summary(language),
                    family=subj.family_id,
                    vendor=subj.vendor_name,
                    cards=tuple(progress),
                )
            )
        return out

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
        incoming = _log.loads(text, fmt, _now(now), pace)
        for i, e in enumerate(incoming):
            try:
                _cards.card(e.card)
            except UnknownCardError:
                raise LogFormatError(f"row {i + 1}: no card {e.card!r}") from None
        st = self.settings(learner)
        mark = self.storage.begin_import(learner)
        try:
            existing = []
            for record in self.storage.log(learner):
                existing.append(record)
                pace()
            seen = {_identity(r.entry) for r in existing}
            added: list[LogEntry] = []
            for e in incoming:
                if _identity(e) not in seen:
                    seen.add(_identity(e))
                    added.append(e)
            if not added:
                counted = sum(d.reviews for d in self.storage.day_totals(learner))
                if counted == len(existing):
                    return 0
                # An import that stopped half-way wrote answers but never rebuilt the cards:
                # rebuild them now.
            merged = sorted(
                [(r.entry, r.day, r.family) for r in existing] + [(e, None, None) for e in added],
                key=lambda item: item[0].reviewed_at,
            )
            states: dict[str, CardState] = {}
            totals: dict[tuple[int, str], list[int]] = {}
            batch: list[tuple[LogEntry, CardState | None, int, str]] = []
            for e, stored_day, stored_family in merged:
                before = states.get(e.card)
                if e.state_after is not None:
                    states[e.card] = e.state_after
                else:
                    own = st.for_deck(e.deck) if e.deck else st
                    states[e.card] = scheduler.review(
                        e.card, before, e.rating, e.reviewed_at, own, fuzz=self.fuzz
                    )
                    e = replace(e, state_after=states[e.card])
                day = (
                    stored_day if stored_day is not None else scheduler.study_day(e.reviewed_at, st)
                )
                family = stored_family or _cards.subject(_cards.card(e.card).subject).family_id
                acc = totals.setdefault((day, family), [0, 0, 0, 0, 0])
                for i, n in enumerate(day_counts(e.rating, before)):
                    acc[i] += n
                if stored_day is None:
                    batch.append(
                        (replace(e, id=None, state_before=None, session=None), before, day, family)
                    )
                    if len(batch) >= IMPORT_BATCH:
                        mark = self.storage.import_batch(learner, mark, batch)
                        batch = []
                pace()
            mark = self.storage.import_batch(learner, mark, batch)
            self.storage.finish_import(learner, mark, states.values(), totals)
            mark = ""
            return len(added)
        finally:
            if mark:
                self.storage.end_import(learner, mark)

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


def _matcher(query: str | None, lang: str) -> Callable[[str], bool]:
    """Does a subject match a browse query (case, accents and spacing ignored)?"""
    from statusdex.core.normalize import key as norm

    q = norm(query or "")
    if not q:
        return lambda _subject: True

    def match(subject_key: str) -> bool:
        subj = _cards.subject(subject_key)
        texts = [subj.display, subject_key, subj.summary(lang)]
        texts += [subj.name(x) for x in _lang.LANGUAGES]
        return any(q in norm(t) for t in texts)

    return match


def _identity(e: LogEntry) -> tuple[str, int, int]:
    return e.card, int(e.reviewed_at.timestamp() * 1000), e.rating


def _check_username(username: str) -> str:
    if not isinstance(username, str):
        raise BadCredentialsError("a username is text")
    name = username.strip().lower()
    if not _USERNAME.match(name):
        raise BadCredentialsError(
            "a username is 3-32 characters: letters a-z, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    return name


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
