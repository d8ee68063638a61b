"""The front door of ``statusdex serve``: sends each request to the web face or the mock.

Paths the web and learning faces claim (``WEB_PREFIXES``, and anything under a language
prefix such as ``/th/…``) go to the web stack; everything else (``/404``, ``/status/…``,
``/delay/…``) goes to the mock app untouched, so no web middleware (security headers,
compression, caching) alters a mock answer.

Before routing, the dispatcher applies the configured root path (for a reverse proxy that
serves us under a prefix), strips a language prefix and records the language in
``scope["state"]["lang"]``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from starlette.types import ASGIApp, Receive, Scope, Send

from statusdex.core.lang import DEFAULT
from statusdex.web import learn
from statusdex.web.i18n import split_lang
from statusdex.web.urls import route_path

WEB_PREFIXES: tuple[str, ...] = (
    "/check",
    "/codes",
    "/families",
    "/vendors",
    "/api",
    "/openapi.json",
    "/docs",
    "/static",
    learn.PREFIX,
    "/healthz",
    "/favicon.ico",
    "/robots.txt",
)
SAFE = "/:@!$&'()*+,;=-._~"  # characters left as they are in a raw path


_WEB_SEGMENTS = frozenset(p[1:] for p in WEB_PREFIXES)  # each prefix is one segment


def is_web_path(path: str) -> bool:
    """True for ``/`` and the paths under a web prefix (``/codes`` and ``/codes/…``)."""
    if path in ("", "/"):
        return True
    return path[:1] == "/" and path[1:].partition("/")[0] in _WEB_SEGMENTS


# Paths longer than this are routed each time rather than remembered (a client choosing long
# paths must not grow the memo past 4,096 × this many characters per worker).
ROUTE_MEMO_PATH = 256


class Dispatcher:
    def __init__(self, web: ASGIApp, mock: ASGIApp, *, root_path: str = "") -> None:
        self.web = web
        self.mock = mock
        self.root_path = root_path.rstrip("/")
        # path → (language, path without its language prefix, whether the web face serves it)
        self._routes: dict[str, tuple[str, str, bool]] = {}

    def cached_reply(
        self,
        method: str,
        path: str,
        query: bytes,
        headers: list[tuple[bytes, bytes]],
        scheme: str,
    ) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """A ready-made answer for this request, if the face its path goes to has one: the
        mock's (``MockApp.cached_reply``) or the web's page cache
        (``ResponseCache.cached_reply``), routed as ``__call__`` routes it.
        ``statusdex.serving`` writes it directly."""
        root = self.root_path
        if root:
            if not path.startswith(root + "/"):
                return None
            path = path[len(root) :]
        routed = self._routes.get(path)
        if routed is None:
            lang, rest = split_lang(path)
            routed = (lang, rest, lang != DEFAULT or is_web_path(path))
            if len(path) <= ROUTE_MEMO_PATH:  # bounded: 4,096 short paths at most
                if len(self._routes) >= 4096:
                    self._routes.clear()
                self._routes[path] = routed
        lang, rest, web_face = routed
        result: tuple[dict[str, Any], dict[str, Any]] | None = None
        if not web_face:
            mock = getattr(self.mock, "cached_reply", None)
            if mock is not None:
                result = mock(method, path, query, headers, scheme, root)
            return result
        web = getattr(self.web, "cached_reply", None)
        if web is not None:
            result = web(method, rest, query, headers, scheme, root, lang)
        return result

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.web(scope, receive, send)
            return
        if self.root_path and not scope.get("root_path"):
            scope = {**scope, "root_path": self.root_path}
        route = route_path(scope)
        lang, rest = split_lang(route)
        if lang == DEFAULT and not is_web_path(route):
            await self.mock(scope, receive, send)
            return
        root = scope.get("root_path", "")
        state = {**(scope.get("state") or {}), "lang": lang}
        if lang != DEFAULT:
            path = root + rest
            scope = {
                **scope,
                "path": path,
                "raw_path": quote(path, safe=SAFE).encode("ascii"),
                "state": state,
            }
        else:
            scope = {**scope, "state": state}
        await self.web(scope, receive, send)
