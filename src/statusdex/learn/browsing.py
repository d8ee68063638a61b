"""The card browser: a deck's codes with their text and the learner's progress on each card
(``LearnService.browse``), and the search that narrows them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

from statusdex.core import lang as _lang
from statusdex.learn import cards as _cards
from statusdex.learn import scheduler
from statusdex.learn.results import BrowseRow, CardProgress
from statusdex.learn.scheduler import CardState, Settings


def rows(
    d: _cards.Deck,
    states: Mapping[str, CardState],
    language: str,
    now: datetime,
    st: Settings,
    query: str | None,
) -> list[BrowseRow]:
    """Every code of ``d`` with its text in ``language`` and the progress in ``states`` on
    each card; ``query`` keeps the codes whose code, name (in any language) or summary
    holds it."""
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
