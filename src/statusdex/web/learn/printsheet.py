"""The printable sheet: a deck's cards laid out for double-sided printing.

Each sheet of paper is two pages: the fronts, then the backs. Printed duplex and flipped on
the long edge, the back page is seen mirrored left to right, so each row of backs lists its
cards in reverse column order: the back of the card in column ``c`` sits in column
``cols - 1 - c`` of the same row. Empty slots are kept, so a short last sheet stays aligned.
All text comes from the registry (``learn.cards``) in the chosen language.

For a printer that prints one side only, the *fold* layout puts a sheet's fronts on the top
half of one page and their backs on the bottom half, turned upside down: folded along the
middle, printed sides out, each back lands behind its front and reads upright when the card
is turned like a page. The bottom half is the same mirrored rows as a duplex back page,
rotated by 180 degrees, so a back sits in its front's column at the same distance from the
fold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from statusdex.learn import cards as _cards
from statusdex.learn.errors import LearnError
from statusdex.learn.labels import label

COLUMNS = 2
PAPERS: dict[str, int] = {"a4": 4, "letter": 4}  # rows per page
LAYOUTS: tuple[str, ...] = ("duplex", "fold")  # double-sided; single-sided, folded in half
FRONTS: tuple[str, ...] = _cards.DIRECTIONS


@dataclass(frozen=True, slots=True)
class PrintCard:
    key: str
    family: str
    question: str  # the instruction, as on screen
    prompt: str  # the front: a code, a name, a description or a situation
    context: str | None  # the vendor, for vendor codes and IIS sub-statuses
    answer: str  # the back: "422 Unprocessable Content"
    why: str  # the registry's one-line summary
    example: str | None  # a situation, when the front did not already show one


@dataclass(frozen=True, slots=True)
class Sheet:
    number: int
    fronts: tuple[tuple[PrintCard | None, ...], ...]  # rows of columns
    backs: tuple[tuple[PrintCard | None, ...], ...]  # the same rows, columns reversed


def print_cards(deck: str, front: str, lang: str) -> list[PrintCard]:
    """The cards of ``deck`` whose front is ``front`` (a direction), in ``lang``."""
    if front not in FRONTS:
        raise LearnError(f"unknown front {front!r}; use one of {', '.join(FRONTS)}")
    out = []
    for c in _cards.deck(deck).cards:
        if c.direction != front:
            continue
        subj = _cards.subject(c.subject)
        name = subj.name(lang)
        answer = f"{subj.display} {name}" if name else subj.display
        scenarios = subj.scenarios(lang) if not subj.is_family else ()
        example = scenarios[0] if scenarios and front != "scenario-code" else None
        out.append(
            PrintCard(
                key=c.key,
                family=subj.family_id,
                question=label(_cards.question_label(c), lang),
                prompt=_cards.prompt(c, lang),
                context=subj.vendor_name,
                answer=answer,
                why=subj.summary(lang),
                example=example,
            )
        )
    return out


def rows_per_sheet(paper: str, how: str) -> int:
    """Card rows on one sheet: a whole page duplex, half a page (one side of the fold) folded."""
    rows = PAPERS[paper]
    return rows // 2 if how == "fold" else rows


def layout(items: Sequence[PrintCard], columns: int = COLUMNS, rows: int = 4) -> list[Sheet]:
    """Sheets of ``columns`` × ``rows`` cards, backs mirrored for long-edge duplex."""
    if columns < 1 or rows < 1:
        raise ValueError("a sheet needs at least one row and one column")
    per_sheet = columns * rows
    sheets = []
    for n, start in enumerate(range(0, len(items), per_sheet), start=1):
        chunk: list[PrintCard | None] = list(items[start : start + per_sheet])
        chunk += [None] * (per_sheet - len(chunk))
        fronts = tuple(tuple(chunk[r * columns : (r + 1) * columns]) for r in range(rows))
        backs = tuple(tuple(reversed(row)) for row in fronts)
        sheets.append(Sheet(n, fronts, backs))
    return sheets
