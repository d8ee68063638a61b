"""Hypothesis strategies for hostile learning API bodies: deep nesting, huge numbers, lone
surrogates, NUL characters and dates out of range, inside otherwise plausible requests."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

from statusdex.learn import cards

KEYS = [c.key for c in cards.deck("starter").cards[:20]]

HOSTILE_TEXT = [
    "\ud800",
    "\udfff404",
    "40\x004",
    "\x00",
    "4" * 201,
    "x" * 5000,
    "9999-12-31T23:59:59+00:00",
    "0001-01-01T00:00:00+14:00",
    "0001-01-01T00:00:00-14:00",
    "2099-01-01T00:00:00Z",
    "2026-03-02T09:00:00+00:00",
]
HUGE_NUMBERS = [2**63, 2**63 - 1, -(2**63), 10**20, -(10**20), 1e308, -1e308, 2**1000]

text = st.one_of(st.text(max_size=20), st.sampled_from(HOSTILE_TEXT))
numbers = st.one_of(
    st.integers(min_value=-5, max_value=5),
    st.sampled_from(HUGE_NUMBERS),
    st.floats(allow_nan=False, allow_infinity=False),
)
leaf = st.one_of(st.none(), st.booleans(), numbers, text)
value = st.recursive(
    leaf,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=8,
)


class Deep:
    """A JSON document nested ``depth`` levels, spliced into a body as raw text."""

    def __init__(self, depth: int) -> None:
        self.depth = depth

    def __repr__(self) -> str:
        return f"Deep({self.depth})"

    def text(self) -> str:
        return "[" * self.depth + "]" * self.depth


deep = st.integers(min_value=1, max_value=6000).map(Deep)
field_value = st.one_of(value, deep)


def body_text(body: dict[str, Any] | Deep) -> str:
    """The JSON text of ``body``; a ``Deep`` anywhere is written out as raw nesting (and lone
    surrogates as ``\\ud800`` escapes, as an attacker would send them)."""
    if isinstance(body, Deep):
        return body.text()
    parts = []
    for k, v in body.items():
        raw = v.text() if isinstance(v, Deep) else json.dumps(v)
        parts.append(f"{json.dumps(k)}: {raw}")
    return "{" + ", ".join(parts) + "}"


def _body(required: dict[str, Any], optional: dict[str, Any]) -> st.SearchStrategy[Any]:
    return st.one_of(deep, st.fixed_dictionaries(required, optional=optional))


answers = _body(
    {"key": st.one_of(st.sampled_from(KEYS), text)},
    {
        "answer": field_value,
        "rating": field_value,
        "mode": st.one_of(st.sampled_from(["typed", "choice", "flip"]), field_value),
        "duration_ms": field_value,
        "reps": field_value,
        "lang": st.one_of(st.sampled_from(["en", "th", "fr"]), field_value),
    },
)
credentials = _body(
    {"username": st.one_of(text, field_value), "password": st.one_of(text, field_value)},
    {"current_password": field_value},
)
rows = st.fixed_dictionaries(
    {
        "card": st.one_of(st.sampled_from(KEYS), text),
        "reviewed_at": st.one_of(st.sampled_from(HOSTILE_TEXT), field_value),
        "rating": st.one_of(st.integers(1, 4), field_value),
    },
    optional={
        "correct": field_value,
        "mode": st.one_of(st.sampled_from(["typed", "choice", "flip"]), field_value),
        "answer": field_value,
        "duration_ms": field_value,
    },
)
review_logs = st.one_of(
    deep,
    st.lists(rows, min_size=1, max_size=4).map(lambda rs: {"reviews": rs}),
    st.just({"reviews": [{"card": Deep(3000)}]}),
)


def log_text(body: Any) -> str:
    if isinstance(body, Deep):
        return body.text()
    rows_text = []
    for row in body["reviews"]:
        rows_text.append(body_text(row))
    return '{"reviews": [' + ", ".join(rows_text) + "]}"
