"""The ASGI application behind ``statusdex serve``.

One app, three faces, composed here and nowhere else:

- the reference pages (``/``, ``/codes/…``, ``/families/…``, ``/vendors/…``) and the JSON API
  (``/api/v1/…``, ``/openapi.json``, ``/docs``) from ``statusdex.web``;
- the learning pages (``/learn…``) from ``statusdex.web.learn``, installed on the same
  FastAPI app so they share its templates, headers and error pages;
- the mock server (``/{code}``, ``/status/…``, ``/delay/…``, ``/redirect/…``, ``/random/…``)
  from ``statusdex.mock``, reached through ``web.dispatch`` so that no web middleware wraps
  its answers; paths it does not serve get the web's helpful 404.

Request flow for the web face: dispatcher (root path, language prefix) → response cache (ETag, 304,
gzip) → security headers and CORS → HEAD from GET, ``Allow`` with HEAD → FastAPI routes.

The app keeps no state of its own (learning progress lives in the database), so any number of
processes on any number of hosts can serve it behind a load balancer.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from starlette.types import ASGIApp

from statusdex.web import api, caching, check_page, pages, problems
from statusdex.web.dispatch import Dispatcher
from statusdex.web.methods import HeadAsGet
from statusdex.web.security import SecurityHeaders
from statusdex.web.settings import WebSettings


def create_web_app(settings: WebSettings) -> FastAPI:
    """The FastAPI app of the web and learning faces (without the dispatcher)."""
    import statusdex

    app = FastAPI(
        title="statusdex",
        summary="HTTP status codes: IANA, vendor codes and IIS sub-statuses, in en, th and fr.",
        description=(
            "Every answer is the library's `statusdex.export()` data. Errors are RFC 9457 "
            "problem details. Answers carry an ETag; send it back in If-None-Match for a 304."
        ),
        version=statusdex.__version__,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(check_page.router)
    problems.install(app)

    from statusdex.web.learn.routes import install as install_learning

    install_learning(app, settings)
    _problem_media_types(app)
    return app


def create_app(settings: WebSettings | None = None) -> ASGIApp:
    """Everything ``statusdex serve`` answers (a uvicorn factory)."""
    settings = settings or WebSettings()
    web = create_web_app(settings)
    # The cache sits outside the security headers, so a cached answer already carries them.
    # HEAD is answered from GET for every route, so the web face needs no HEAD routes of its own.
    web_stack = caching.ResponseCache(
        SecurityHeaders(HeadAsGet(web)),
        max_entries=settings.cache_entries,
        max_bytes=settings.cache_bytes,
    )
    from statusdex.mock.app import create_mock_app
    from statusdex.mock.policy import SITE

    # On the site's origin: sandboxed answers, no site cookies or site-wide fields (mock.policy).
    mock = create_mock_app(not_found=SecurityHeaders(problems.not_found_app), policy=SITE)
    web.state.mock = mock  # code pages show what it answers ("Try it")
    return Dispatcher(web_stack, mock, root_path=settings.root_path)


def _problem_media_types(app: FastAPI) -> None:
    """Error answers are ``application/problem+json`` with status 400, not FastAPI's 422."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = build()
        for item in schema.get("paths", {}).values():
            for operation in item.values():
                responses = operation.get("responses", {})
                responses.pop("422", None)
                for code, response in responses.items():
                    content = response.get("content", {})
                    if code[0] in "45" and "application/json" in content:
                        content[problems.PROBLEM_JSON] = content.pop("application/json")
        components = schema.get("components", {}).get("schemas", {})
        for name in ("HTTPValidationError", "ValidationError"):
            components.pop(name, None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
