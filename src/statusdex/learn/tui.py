"""The full-screen review (Textual), with Anki's keys: Space shows the answer, 1-4 rate it
(Again, Hard, Good, Easy), ``u`` takes back the last answer, ``q`` quits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Static

from statusdex.learn import cards as _cards
from statusdex.learn.labels import RATING_LABELS, label
from statusdex.learn.service import LearnService, Presented
from statusdex.learn.when import relative


class ReviewApp(App[int]):
    """Review one deck until nothing is due or the learner quits."""

    # The keys; their descriptions are set per language in __init__, and check_action shows
    # Space before the answer is flipped and the four ratings after.
    KEYS: ClassVar[tuple[tuple[str, str, str], ...]] = (
        ("space", "flip", "show"),
        ("1", "rate(1)", "again"),
        ("2", "rate(2)", "hard"),
        ("3", "rate(3)", "good"),
        ("4", "rate(4)", "easy"),
        ("u", "undo", "undo"),
        ("q", "quit_review", "quit"),
    )
    BINDINGS: ClassVar[list[BindingType]] = []

    CSS = """
    Screen { align: center middle; }
    #card { width: 80%; max-width: 100; height: auto; border: round $accent; padding: 1 2; }
    #counts { color: $text-muted; }
    #question { color: $text-muted; margin-top: 1; }
    #prompt { text-style: bold; margin: 1 0; }
    #answer { margin-top: 1; }
    #status { color: $text-muted; margin-top: 1; }
    """

    def __init__(
        self,
        svc: LearnService,
        learner: int,
        deck: str,
        lang: str,
        clock: Callable[[], datetime],
    ) -> None:
        super().__init__()
        self.svc = svc
        self.learner = learner
        self.deck = deck
        self.lang = lang
        self.clock = clock
        self.card: Presented | None = None
        self.flipped = False
        self.answered = 0
        for key, action, name in self.KEYS:
            self.bind(key, action, description=label(name, lang))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide what does nothing now: Space once flipped, the ratings before."""
        if action == "flip":
            return self.card is not None and not self.flipped
        if action == "rate":
            return self.card is not None and self.flipped
        return True

    def compose(self) -> ComposeResult:
        with Vertical(id="card"):
            yield Static(id="counts")
            yield Static(id="question")
            yield Static(id="prompt")
            yield Static(id="answer")
            yield Static(id="status")
        yield Footer()

    @property
    def bindings_help(self) -> str:
        """The keys that do something now, in the learner's language."""
        rest = f"u {label('undo', self.lang)}  q {label('quit', self.lang)}"
        if not self.flipped:
            return f"Space {label('show', self.lang)}  {rest}"
        rates = "  ".join(f"{i + 1} {label(n, self.lang)}" for i, n in enumerate(RATING_LABELS))
        return f"{rates}  {rest}"

    def on_mount(self) -> None:
        self.title = f"statusdex learn · {self.deck}"
        self.load_next()

    def _set(self, widget: str, text: str) -> None:
        self.query_one(f"#{widget}", Static).update(text)

    def load_next(self, status: str = "") -> None:
        self.card = self.svc.next_card(self.learner, self.deck, self.clock(), self.lang)
        self.flipped = False
        self._set("answer", "")
        self._set("status", status or self.bindings_help)
        self.refresh_bindings()
        if self.card is None:
            self._set("counts", "")
            self._set("question", "")
            self._set("prompt", label("done", self.lang))
            return
        c = self.card.counts
        self._set(
            "counts",
            f"{label('new', self.lang)} {c.new} · {label('learning', self.lang)} {c.learning}"
            f" · {label('review', self.lang)} {c.review}",
        )
        self._set("question", self.card.question)
        context = f"({self.card.context})\n" if self.card.context else ""
        self._set("prompt", context + self.card.prompt)

    def action_flip(self) -> None:
        if self.card is None or self.flipped:
            return
        self.flipped = True
        self.refresh_bindings()
        self._set("status", self.bindings_help)
        subj = _cards.subject(self.card.subject)
        self._set(
            "answer",
            f"{label('answer', self.lang)}{label('colon', self.lang)}"
            f"{subj.display} {subj.name(self.lang)}\n"
            f"{subj.summary(self.lang)}",
        )

    def action_rate(self, rating: int) -> None:
        if self.card is None or not self.flipped:
            return
        result = self.svc.answer(
            self.learner,
            self.card.key,
            rating=rating,
            now=self.clock(),
            lang=self.lang,
            deck=self.deck,
        )
        self.answered += 1
        note = f"{result.label} → {relative(result.next_due, self.clock(), self.lang)}"
        if result.leech:
            note += f"  ! {label('leech', self.lang)}"
        self.load_next(note)

    def action_undo(self) -> None:
        undone = self.svc.undo_last(self.learner)
        self.load_next(label("undone" if undone else "nothing_to_undo", self.lang))

    def action_quit_review(self) -> None:
        self.exit(self.answered)
