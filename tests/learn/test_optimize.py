"""Fitted FSRS parameters per learner: fitted by Anki's optimizer (fsrs-rs-python) from the
learner's own log, kept only when they predict that log better, and every card rescheduled."""

from __future__ import annotations

from functools import cache

import pytest

from statusdex.learn import cards, optimize, scheduler
from statusdex.learn import log as _log
from statusdex.learn.log import LogEntry
from statusdex.learn.scheduler import Settings
from statusdex.learn.service import LearnService

from .simlearner import simulate, true_parameters


@cache
def strong_memory_log() -> tuple[LogEntry, ...]:
    """A learner who forgets far more slowly than FSRS's defaults assume."""
    keys = [c.key for c in cards.deck("iana").cards]
    return tuple(
        simulate(Settings(), truth=true_parameters(4.0, 0.5), cards=120, days=240, keys=keys)
    )


def test_a_fit_is_kept_only_when_it_predicts_better() -> None:
    entries = strong_memory_log()
    fit = optimize.fit(entries, Settings())
    assert fit.reviews >= optimize.MIN_REVIEWS
    assert fit.accepted, fit
    assert fit.parameters is not None
    assert len(fit.parameters) == 21
    assert fit.before is not None
    assert fit.after is not None
    assert fit.after.log_loss < fit.before.log_loss
    # Fitting again with those parameters in use finds nothing better: they stay.
    again = optimize.fit(entries, Settings(parameters=fit.parameters))
    assert not again.accepted
    assert again.reason == "not better"
    assert again.parameters == fit.parameters


def test_too_few_reviews_keeps_the_defaults() -> None:
    short = simulate(Settings(), truth=true_parameters(1.0, 0.1542), cards=15, days=20)
    fit = optimize.fit(short, Settings())
    assert (fit.accepted, fit.reason, fit.parameters) == (False, "too few reviews", None)
    assert fit.reviews < optimize.MIN_REVIEWS


def test_fitted_parameters_change_the_schedule() -> None:
    fit = optimize.fit(strong_memory_log(), Settings())
    assert fit.parameters is not None
    fitted = Settings(parameters=fit.parameters)
    t0 = strong_memory_log()[0].reviewed_at
    default_card = scheduler.review("k:code-name", None, scheduler.GOOD, t0, Settings())
    fitted_card = scheduler.review("k:code-name", None, scheduler.GOOD, t0, fitted)
    assert fitted_card.stability != default_card.stability


def test_out_of_bounds_parameters_are_refused() -> None:
    with pytest.raises(ValueError, match="parameters"):
        Settings(parameters=(1.0,) * 20)
    with pytest.raises(ValueError, match="out of bounds"):
        Settings(parameters=(-5.0,) * 21)


def test_the_service_fits_and_reschedules(svc: LearnService) -> None:
    learner, _ = svc.create_learner()
    # A version 1 log (no states): imported, it is replayed with the default parameters.
    svc.import_log(learner, _log.dumps(strong_memory_log(), "csv"))
    before = svc.storage.card_states(learner)
    fit = svc.optimize(learner)
    assert fit.accepted
    st = svc.settings(learner)
    assert st.parameters == fit.parameters
    after = svc.storage.card_states(learner)
    assert after.keys() == before.keys()
    changed = [k for k in after if after[k].stability != before[k].stability]
    assert len(changed) > len(after) // 2
    # Each card is where its own answers lead under the fitted parameters.
    replayed: dict[str, scheduler.CardState] = {}
    for e in sorted(strong_memory_log(), key=lambda e: e.reviewed_at):
        replayed[e.card] = scheduler.review(
            e.card, replayed.get(e.card), e.rating, e.reviewed_at, st
        )
    assert after == replayed
    # An export taken now carries the rescheduled states.
    other, _ = svc.create_learner()
    svc.import_log(other, svc.export_log(learner, "json"))
    assert svc.storage.card_states(other) == after
    # A second fit with nothing new keeps them.
    assert svc.optimize(learner).accepted is False
    assert svc.settings(learner).parameters == fit.parameters
