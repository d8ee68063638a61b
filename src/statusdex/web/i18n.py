"""Languages of the web pages: interface words, and the language in the URL.

English pages live at the bare path (``/codes/404``); Thai and French pages under a prefix
(``/th/codes/404``, ``/fr/codes/404``). The composing dispatcher (``web.app``) strips the
prefix before routing and records the language in ``scope["state"]["lang"]``, so each route
is written once and every face (reference pages, learning pages) gets the same scheme.

Interface words: ``statusdex.core.labels``, the parts ``shared`` (what the terminal shows too)
and ``web`` (the pages only); a word missing in one language falls back to English.
"""

from __future__ import annotations

from collections.abc import Mapping

from statusdex.core.labels.pages import Words, words
from statusdex.core.lang import DEFAULT, LANGUAGES

PREFIXED: tuple[str, ...] = tuple(lang for lang in LANGUAGES if lang != DEFAULT)


def labels(lang: str) -> Words:
    """Every interface word of the site's pages in ``lang`` (English where ``lang`` lacks one)."""
    return words(lang, "shared", "web")


def split_lang(path: str) -> tuple[str, str]:
    """``"/th/codes/404"`` → ``("th", "/codes/404")``; ``"/codes/404"`` → ``("en", same)``."""
    for lang in PREFIXED:
        prefix = "/" + lang
        if path == prefix or path.startswith(prefix + "/"):
            return lang, path[len(prefix) :] or "/"
    return DEFAULT, path


def url_for_lang(path: str, lang: str, root_path: str = "") -> str:
    """The URL of the language-neutral ``path`` in ``lang``, under ``root_path``.

    >>> url_for_lang("/codes/404", "th", "/ref")
    '/ref/th/codes/404'
    >>> url_for_lang("/", "fr")
    '/fr/'
    """
    if not path.startswith("/"):
        path = "/" + path
    prefix = "" if lang == DEFAULT else "/" + lang
    return root_path.rstrip("/") + prefix + path


def languages() -> Mapping[str, str]:
    """Each language code with its own name (``{"th": "ไทย", …}``), in registry order."""
    return {lang: labels(lang)["lang_name"] for lang in LANGUAGES}
