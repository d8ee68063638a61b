"""The findings' words, per language, from ``messages.toml`` (loaded once)."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any


@cache
def _table() -> dict[str, Any]:
    with (Path(__file__).with_name("messages.toml")).open("rb") as f:
        return tomllib.load(f)


def say(lang: str, rule: str, **values: object) -> str:
    """The sentence for ``rule`` in ``lang`` (English when missing), filled with ``values``."""
    table = _table()
    text = table.get(lang, {}).get(rule) or table["en"][rule]
    return str(text).format(**values)


def word(lang: str, group: str, name: str) -> str:
    """A value word (``level.must``, ``state.deprecated``) in ``lang``."""
    table = _table()
    got = table.get(lang, {}).get(group, {}).get(name) or table["en"][group].get(name)
    return str(got or name)


def rules(lang: str = "en") -> list[str]:
    """Every rule that has words (for tests: each rule speaks every language)."""
    return sorted(k for k, v in _table()[lang].items() if isinstance(v, str))
