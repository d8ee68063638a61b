"""HTML templates of the web app, shared by the reference pages and the learning pages.

One Jinja2 environment (autoescape on) searches ``statusdex/web/templates`` and then
``statusdex/web/learn/templates`` (the learning pages, named ``learn/…``). Pages extend
``base.html`` and fill its blocks ``title``,
``head`` and ``main``; ``base.html`` carries the site header with the language switch, the
footer and the stylesheet.

Languages in the URL: English at the bare path (``/codes/404``, ``/learn``), Thai and French
under a prefix (``/th/codes/404``, ``/fr/learn``). The server strips the prefix before routing,
so a route is written once; ``request_lang(request)`` tells a handler which language was asked
for, and templates link with ``url_for_lang(path)`` (current language) or
``url_for_lang(path, "th")``, where ``path`` is the language-neutral path.

Every template gets: ``request``, ``lang``, ``labels`` (interface words in ``lang``:
``labels.meaning``, ``labels.fmt("results_for", q=q)``), ``languages`` (code → own name),
``url_for_lang``, ``static_url(name)``, ``entry_path(status)``, ``family_path(family)``,
``vendor_path(vendor)`` (language-neutral paths of registry things), ``here`` (the current
language-neutral path and query) and ``alternates`` (absolute URLs of this page in every
language, for ``hreflang``).

The Content-Security-Policy allows no inline script and no inline style: put scripts in
``static/`` (``static_url("x.js")``) and styles in the stylesheet.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse

from statusdex.core.lang import DEFAULT, LANGUAGES
from statusdex.core.records import Text
from statusdex.web import caching, learn, static
from statusdex.web.i18n import labels, languages, url_for_lang
from statusdex.web.urls import entry_path, family_path, route_path, vendor_path

__all__ = ["environment", "render", "request_lang", "url_for_lang"]

_PACKAGE = Path(__file__).resolve().parent
SEARCH_PATH = (_PACKAGE / "templates", learn.TEMPLATES)


@cache
def environment() -> jinja2.Environment:
    """The one Jinja2 environment of the web app."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in SEARCH_PATH]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.globals["languages"] = languages()
    env.globals.update(entry_path=entry_path, family_path=family_path, vendor_path=vendor_path)
    env.filters["field_label"] = field_label
    env.globals["fb"] = fallback_attrs
    return env


def fallback_attrs(text: Text, field: str) -> Markup:
    """`` lang="en" class="fallback"`` on an element whose text fell back to English."""
    return _FALLBACK if field in text.fallback else _NOTHING


_FALLBACK = Markup(' lang="en" class="fallback"')
_NOTHING = Markup("")


def field_label(field: str, words: Mapping[str, str]) -> str:
    """The interface name of a text field (``"fixes"`` → ``"what to check"``)."""
    return words.get(f"field.{field}", field)


def request_lang(request: Request) -> str:
    """The language the URL asked for (``"en"`` for unprefixed paths)."""
    state = request.scope.get("state") or {}
    lang = state.get("lang", DEFAULT)
    return lang if lang in LANGUAGES else DEFAULT


def page_context(request: Request, lang: str) -> dict[str, Any]:
    """What every template gets besides its own context."""
    root = request.scope.get("root_path", "").rstrip("/")
    here = route_path(request.scope) or "/"
    # Only the parameters the route reads, and the Host noted for the cache (web.caching).
    query = caching.query_for_links(request.scope)
    here_q = f"{here}?{query}" if query else here
    caching.mark_varies_on_host(request.scope)
    origin = f"{request.url.scheme}://{request.url.netloc}"

    def link(path: str, to_lang: str | None = None) -> str:
        return url_for_lang(path, to_lang or lang, root)

    def static_url(name: str) -> str:
        return static.url(name, root)

    alternates = {code: origin + url_for_lang(here_q, code, root) for code in LANGUAGES}
    return {
        "request": request,
        "lang": lang,
        "labels": labels(lang),
        "url_for_lang": link,
        "static_url": static_url,
        "here": here_q,
        "alternates": alternates,
    }


def render(
    request: Request,
    template_name: str,
    context: Mapping[str, Any],
    *,
    lang: str,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    """Render ``template_name`` in ``lang`` as an HTML response."""
    template = environment().get_template(template_name)
    html = template.render({**page_context(request, lang), **context})
    return HTMLResponse(html, status_code=status_code, headers=headers)
