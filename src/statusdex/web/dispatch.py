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


def is_web_path(path: str) -> bool:
    """True for ``/`` and the paths under a web prefix (``/codes`` and ``/codes/…``)."""
    if path in ("", "/"):
        return True
    return any(path == p or path.startswith(p + "/") for p in WEB_PREFIXES)


class Dispatcher:
    def __init__(self, web: ASGIApp, mock: ASGIApp, *, root_path: str = "") -> None:
        self.web = web
        self.mock = mock
        self.root_path = root_path.rstrip("/")

    def cached_reply(
        self, method: str, path: str, headers: list[tuple[bytes, bytes]]
    ) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """A ready-made answer of the mock for ``path`` (see ``MockApp.cached_reply``), if the
        path is the mock's and it has one; ``statusdex.serving`` writes it directly."""
        cached = getattr(self.mock, "cached_reply", None)
        if cached is None:
            return None
        root = self.root_path
        if root:
            if not path.startswith(root + "/"):
                return None
            path = path[len(root) :]
        lang, _ = split_lang(path)
        if lang != DEFAULT or is_web_path(path):
            return None
        result: tuple[dict[str, Any], dict[str, Any]] | None = cached(method, path, headers, root)
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
