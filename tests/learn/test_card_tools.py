"""The card browser's tools on SQLite and PostgreSQL: search, suspend and unsuspend, reset,
and a card's own history."""

from __future__ import annotations

from datetime import timedelta

import pytest

from statusdex.learn.errors import InvalidAnswerError, UnknownCardError
from statusdex.learn.scheduler import GOOD
from statusdex.learn.service import LearnService

from .conftest import T0


@pytest.mark.parametrize(
    ("query", "lang", "expected"),
    [
        ("404", "en", {"404"}),
        ("not found", "en", {"404"}),
        ("teapot", "en", {"418"}),
        ("introuvable", "en", {"404"}),  # a French name found from an English page
        ("ไม่พบ", "th", {"404"}),
        ("", "en", None),  # no query: every code
    ],
)
def test_search(svc: LearnService, query: str, lang: str, expected: set[str] | None) -> None:
    learner, _ = svc.create_learner()
    rows = svc.browse(learner, "iana", lang, T0, query)
    found = {r.subject for r in rows}
    if expected is None:
        assert len(found) > 60
    else:
        assert expected <= found
        assert len(found) < 10


def test_suspend_unsuspend_reset_and_history(svc: LearnService) -> None:
    learner, _ = svc.create_learner()
    key = "404:code-name"
    with pytest.raises(InvalidAnswerError, match="not been studied"):
        svc.suspend(learner, key)
    with pytest.raises(UnknownCardError):
        svc.history(learner, "999:code-name")
    now = T0
    for _ in range(3):
        result = svc.answer(learner, key, rating=GOOD, now=now)
        now = result.next_due
    history = svc.history(learner, key)
    assert [e.rating for e in history] == [GOOD] * 3
    assert history[-1].state_after is not None
    assert history[-1].state_after.due == result.next_due
    svc.suspend(learner, key)
    later = now + timedelta(days=400)
    assert svc.storage.card_state(learner, key).suspended
    assert "404:code-name" not in {
        c.key for c in [svc.next_card(learner, "starter", later)] if c is not None
    }
    # The export carries the suspension: a round trip keeps it.
    other, _ = svc.create_learner()
    svc.import_log(other, svc.export_log(learner, "json"))
    assert svc.storage.card_state(other, key).suspended
    svc.suspend(learner, key, False)
    assert not svc.storage.card_state(learner, key).suspended
    assert svc.reset(learner, key) == 3
    assert svc.storage.card_state(learner, key) is None
    assert svc.history(learner, key) == []
    (row,) = svc.browse(learner, "starter", "en", later, "404")
    assert [c.state for c in row.cards if c.key == key] == ["new"]
