"""The settings a form or a JSON body changes: shared by the settings page and the API."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from statusdex.learn import scheduler
from statusdex.learn.errors import SettingsError
from statusdex.learn.scheduler import Settings

_NUMBERS = {
    "desired_retention": float,
    "new_per_day": int,
    "reviews_per_day": int,
    "leech_lapses": int,
}


_LEARNERS = ("timezone", "default_deck", "lang")
_KNOWN = {*_NUMBERS, "learning_steps", "relearning_steps", "leech_action", *_LEARNERS, "deck"}


def changes(data: Mapping[str, Any], scope: str | None, *, strict: bool = False) -> dict[str, Any]:
    """The settings a form or a JSON body changes, typed; ``SettingsError`` for a bad one.
    ``strict`` (the API) refuses names it does not know; a form also carries its token."""
    if strict:
        unknown = sorted(str(k)[:40] for k in data if k not in _KNOWN)
        if unknown:
            raise SettingsError(f"unknown setting(s): {', '.join(unknown)}")
    if scope is not None:
        learners_own = [k for k in _LEARNERS if data.get(k) is not None]
        if learners_own:
            raise SettingsError(f"not a deck setting: {', '.join(learners_own)}")
    changes: dict[str, Any] = {}
    for name, kind in _NUMBERS.items():
        raw = data.get(name)
        if raw is None or raw == "":
            continue
        try:
            changes[name] = kind(raw) if not isinstance(raw, bool) else None
        except (TypeError, ValueError):
            raise SettingsError(f"{name} must be a number, not {str(raw)[:40]!r}") from None
        if changes[name] is None:
            raise SettingsError(f"{name} must be a number")
    for name in ("learning_steps", "relearning_steps"):
        raw = data.get(name)
        if raw is None:
            continue
        try:
            if isinstance(raw, str):
                changes[name] = scheduler.parse_steps(raw)
            elif isinstance(raw, list) and all(type(x) is int for x in raw):
                changes[name] = tuple(raw)
            else:
                raise ValueError(f"{name} must be text such as '1m 10m' or a list of seconds")
        except ValueError as e:
            raise SettingsError(str(e)[:200]) from None
    raw = data.get("leech_action")
    if raw is not None:
        changes["leech_action"] = str(raw)[:20]
    if scope is None:
        for name, field in (("timezone", "timezone"), ("default_deck", "deck"), ("lang", "lang")):
            raw = data.get(name)
            if raw is not None:
                if not isinstance(raw, str) or len(raw) > 64:
                    raise SettingsError(f"{name} must be text")
                changes[field] = raw.strip()
    return changes


def to_json(st: Settings, deck: str | None) -> dict[str, Any]:
    """The settings as the API shows them: a deck's view when ``deck`` is given."""
    shown = st.for_deck(deck) if deck else st
    data = shown.to_dict()
    data.pop("decks")
    data["fitted"] = data.pop("parameters") is not None
    if deck:
        data["deck_overrides"] = sorted(st.decks.get(deck, {}))
    else:
        data["decks"] = {d: sorted(c) for d, c in st.decks.items()}
    return data
