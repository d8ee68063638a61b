"""Which language to speak: the caller's choice, else the environment, else English."""

from __future__ import annotations

import os

from statusdex.errors import UnknownLanguageError

# The languages statusdex speaks: the one list every face and the registry build read.
LANGUAGES: tuple[str, ...] = ("en", "th", "fr")
DEFAULT = "en"
# Languages that are translations of the English registry (registry/i18n/<lang>/).
TRANSLATIONS: tuple[str, ...] = tuple(lang for lang in LANGUAGES if lang != DEFAULT)
_ENV_VARS = ("STATUSDEX_LANG", "LC_ALL", "LC_MESSAGES", "LANG")


def _base(tag: str) -> str:
    """``"th_TH.UTF-8"``, ``"fr-CA"``, ``"FR"`` → ``"th"``, ``"fr"``, ``"fr"``."""
    return tag.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()


def resolve(lang: str | None = None) -> str:
    """Return a supported language code.

    An explicit ``lang`` that statusdex does not speak raises ``UnknownLanguageError``; a
    locale from the environment that it does not speak (``de_DE``) falls through to English.
    """
    if lang is not None:
        if not isinstance(lang, str):
            raise UnknownLanguageError(f"language must be a string such as 'en', not {lang!r}")
        base = _base(lang)
        if base in LANGUAGES:
            return base
        raise UnknownLanguageError(
            f"unknown language {lang!r}; statusdex speaks {', '.join(LANGUAGES)}"
        )
    for var in _ENV_VARS:
        value = os.environ.get(var)
        if value:
            base = _base(value)
            if base in LANGUAGES:
                return base
            if var != "STATUSDEX_LANG":
                # The first locale variable that is set decides, as in POSIX.
                return DEFAULT
    return DEFAULT
