"""The plain prompt review, for dumb terminals, pipes and scripts: one line in, lines out.

Modes: ``typed`` (type the code or the name), ``choice`` (type a, b, c or d), ``flip``
(press Enter to see the answer, then 1 Again, 2 Hard, 3 Good, 4 Easy). At any prompt ``u``
takes back the last answer and ``q`` (or end of input) stops.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TextIO

from statusdex.learn.labels import RATING_LABELS, label
from statusdex.learn.service import AnswerResult, LearnService, Presented
from statusdex.learn.when import relative

LETTERS = "abcd"
MODES = ("typed", "choice", "flip")


@dataclass
class Session:
    svc: LearnService
    learner: int
    deck: str
    lang: str
    mode: str
    stdin: TextIO
    stdout: TextIO
    clock: Callable[[], datetime]
    limit: int | None = None  # stop after this many answers

    def say(self, text: str = "") -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()

    def ask(self, prompt: str) -> str | None:
        self.stdout.write(prompt)
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            return None
        return line.rstrip("\r\n")

    def run(self) -> int:
        """Review until nothing is due, the limit is reached or the learner quits."""
        answered = 0
        while self.limit is None or answered < self.limit:
            card = self.svc.next_card(self.learner, self.deck, self.clock(), self.lang)
            if card is None:
                self._done()
                return 0
            self._show(card)
            outcome = self._take_answer(card)
            if outcome == "quit":
                return 0
            if outcome == "undo":
                undone = self.svc.undo_last(self.learner)
                self.say(label("undone" if undone else "nothing_to_undo", self.lang))
                continue
            assert isinstance(outcome, AnswerResult)
            answered += 1
            self._result(outcome)
        return 0

    def _show(self, card: Presented) -> None:
        c = card.counts
        self.say()
        new, learning, review = (label(w, self.lang) for w in ("new", "learning", "review"))
        self.say(f"[{card.deck} · {new} {c.new} · {learning} {c.learning} · {review} {c.review}]")
        self.say(card.question)
        if card.context:
            self.say(f"  ({card.context})")
        self.say(f"  {card.prompt}")
        if self.mode == "choice":
            for letter, choice in zip(LETTERS, card.choices, strict=False):
                self.say(f"  {letter}) {choice.label}")

    def _take_answer(self, card: Presented) -> AnswerResult | str:
        while True:
            if self.mode == "flip":
                line = self.ask(f"[Enter: {label('show', self.lang)}] ")
                if line is None or line.strip().lower() == "q":
                    return "quit"
                if line.strip().lower() == "u":
                    return "undo"
                self.say(f"  → {_answer_line(card)}")
                rating = self._ask_rating()
                if rating is None:
                    return "quit"
                if rating == "u":
                    return "undo"
                return self.svc.answer(
                    self.learner,
                    card.key,
                    rating=int(rating),
                    now=self.clock(),
                    lang=self.lang,
                    deck=self.deck,
                )
            line = self.ask("> ")
            if line is None or line.strip().lower() == "q":
                return "quit"
            text = line.strip()
            if text.lower() == "u":
                return "undo"
            if self.mode == "choice":
                letter = text.lower()
                if len(letter) != 1 or letter not in LETTERS[: len(card.choices)]:
                    self.say(f"  a-{LETTERS[len(card.choices) - 1]}, u, q")
                    continue
                text = card.choices[LETTERS.index(letter)].value
            if not text:
                continue
            return self.svc.answer(
                self.learner,
                card.key,
                answer=text,
                mode="choice" if self.mode == "choice" else "typed",
                now=self.clock(),
                lang=self.lang,
                deck=self.deck,
            )

    def _ask_rating(self) -> str | None:
        names = " ".join(f"{i + 1} {label(n, self.lang)}" for i, n in enumerate(RATING_LABELS))
        while True:
            line = self.ask(f"[{names}] ")
            if line is None or line.strip().lower() == "q":
                return None
            choice = line.strip().lower()
            if choice in ("1", "2", "3", "4", "u"):
                return choice

    def _result(self, r: AnswerResult) -> None:
        mark = "" if r.correct is None else ("✓ " if r.correct else "✗ ")
        head = f"{mark}{r.verdict} — " if r.verdict else ""
        self.say(f"{head}{r.label}")
        self.say(f"  {r.why}")
        colon = label("colon", self.lang)
        when = relative(r.next_due, self.clock(), self.lang)
        self.say(f"  {label('next_due', self.lang)}{colon}{when}")
        if r.leech:
            self.say(f"  ! {label('leech', self.lang)}")

    def _done(self) -> None:
        self.say(label("done", self.lang))
        upcoming = self.svc.next_due(self.learner, self.deck, self.clock())
        if upcoming is not None:
            colon = label("colon", self.lang)
            when = relative(upcoming, self.clock(), self.lang)
            self.say(f"{label('next_due', self.lang)}{colon}{when}")


def _answer_line(card: Presented) -> str:
    from statusdex.learn import cards as _cards

    subj = _cards.subject(card.subject)
    return f"{subj.display} {subj.name(card.lang)}"
