"""Error answers: RFC 9457 problem details for the API and for clients that ask for JSON, a
helpful HTML page (with suggestions) for browsers. Never a 500 for bad input.

``not_found_app`` is the ASGI app the mock server calls for paths it does not serve.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

import statusdex
from statusdex.errors import StatusdexError, UnknownLanguageError, UnknownStatusError
from statusdex.web import learn
from statusdex.web.templating import render, request_lang
from statusdex.web.urls import route_path

PROBLEM_JSON = "application/problem+json"
JSON_PREFIXES = ("/api/", "/openapi.json", learn.API_PREFIX + "/")
JSON_PATHS = ("/api", learn.API_PREFIX)
MAX_SHOWN = 80  # characters of user input repeated in a message


class ProblemResponse(Response):
    media_type = PROBLEM_JSON

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def problem(
    status: int,
    detail: str | None = None,
    *,
    instance: str | None = None,
    headers: dict[str, str] | None = None,
    **extensions: Any,
) -> ProblemResponse:
    """A problem+json response; the title is the registry's phrase for ``status``."""
    body: dict[str, Any] = {"type": "about:blank", "title": _title(status), "status": status}
    if detail:
        body["detail"] = detail
    if instance:
        body["instance"] = instance
    body.update({k.replace("_", "-"): v for k, v in extensions.items() if v is not None})
    return ProblemResponse(body, status_code=status, headers=headers)


def _title(status: int) -> str:
    try:
        return statusdex.lookup(status).phrase
    except StatusdexError:
        return "Error"


def wants_json(request: Request) -> bool:
    """API paths always answer JSON; elsewhere the Accept header decides."""
    path = route_path(request.scope)
    if path.startswith(JSON_PREFIXES) or path in JSON_PATHS:
        return True
    accept = request.headers.get("accept", "")
    return ("json" in accept) and "text/html" not in accept


def shown(text: str) -> str:
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def suggestions_for(path: str) -> tuple[str, ...]:
    """Entry ids a lost visitor may have meant, from the last words of ``path``."""
    words = " ".join(p for p in path.replace("-", " ").replace("_", " ").split("/") if p)
    words = words[-MAX_SHOWN:].strip()
    if not words:
        return ()
    try:
        return (statusdex.lookup(words.split()[-1]).key,)
    except (UnknownStatusError, TypeError):
        pass
    # the last segment says what was meant (/th/codes/teapot-please): "th" and "codes" do not
    last = path.rstrip("/").rsplit("/", 1)[-1].replace("-", " ").replace("_", " ")
    hits = statusdex.search_hits(last[-MAX_SHOWN:], limit=5) if last.strip() else []
    return tuple(h.status.key for h in hits or statusdex.search_hits(words, limit=5))


def error_page(
    request: Request,
    status: int,
    detail: str | None = None,
    *,
    suggestions: tuple[str, ...] = (),
    headers: dict[str, str] | None = None,
    **extensions: Any,
) -> Response:
    """The answer to a failed request, in the form the client wants."""
    path = route_path(request.scope) or "/"
    all_headers = {"Vary": "Accept", **(headers or {})}
    if wants_json(request):
        return problem(
            status,
            detail,
            instance=request.url.path,
            headers=all_headers,
            suggestions=list(suggestions) or None,
            **extensions,
        )
    lang = request_lang(request)
    entries = [statusdex.lookup(k) for k in suggestions]
    context = {
        "status": status,
        "title": _title(status),
        "detail": detail,
        "path": shown(request.url.path),
        "suggestions": entries,
        "search_value": shown(path.strip("/").split("/")[-1].replace("-", " ")),
    }
    return render(
        request, "error.html", context, lang=lang, status_code=status, headers=all_headers
    )


async def _http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404:
        path = route_path(request.scope)
        return error_page(request, 404, exc.detail, suggestions=suggestions_for(path))
    headers = dict(exc.headers or {})
    return error_page(request, exc.status_code, exc.detail, headers=headers)


async def _validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    params = [
        {
            "name": ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "path")),
            "reason": str(err.get("msg", "invalid")),
        }
        for err in exc.errors()
    ]
    detail = "; ".join(f"{p['name']}: {p['reason']}" for p in params) or "invalid request"
    return error_page(request, 400, detail, invalid_params=params)


async def _unknown(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, UnknownStatusError)
    near = tuple(exc.suggestions) or suggestions_for(route_path(request.scope))
    return error_page(request, 404, str(exc), suggestions=near)


async def _language(request: Request, exc: Exception) -> Response:
    return error_page(request, 400, str(exc))


def install(app: FastAPI) -> None:
    """Answer every error of ``app`` through ``error_page``."""
    app.add_exception_handler(StarletteHTTPException, _http_exception)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(UnknownStatusError, _unknown)
    app.add_exception_handler(UnknownLanguageError, _language)


async def not_found_app(scope: Scope, receive: Receive, send: Send) -> None:
    """The helpful 404 (HTML or problem+json) for paths nobody serves."""
    request = Request(scope, receive)
    path = route_path(scope)
    response = error_page(
        request, 404, f"nothing is served at {shown(path)}", suggestions=suggestions_for(path)
    )
    await response(scope, receive, send)
