"""Refusals of the learning face and how they are answered: problem+json under
``/learn/api``, the site's error page (HTML, or JSON by ``Accept``) elsewhere."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.requests import Request
from starlette.responses import Response

from statusdex.learn.errors import (
    BadCredentialsError,
    CurrentPasswordError,
    ImportRunningError,
    LearnError,
    StaleAnswerError,
    UnknownCardError,
    UnknownDeckError,
    UsernameTakenError,
)
from statusdex.web.learn import API_PREFIX
from statusdex.web.problems import error_page, problem
from statusdex.web.urls import route_path


class WebError(Exception):
    """A request the learning face refuses, with its status and a one-line reason."""

    def __init__(self, status: int, detail: str, headers: Mapping[str, str] | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = dict(headers or {})


def is_api(request: Request) -> bool:
    path = route_path(request.scope)
    return path == API_PREFIX or path.startswith(API_PREFIX + "/")


def status_of(exc: LearnError) -> int:
    if isinstance(exc, UnknownCardError | UnknownDeckError):
        return 404
    if isinstance(exc, UsernameTakenError | StaleAnswerError | ImportRunningError):
        return 409
    if isinstance(exc, BadCredentialsError):
        return 400
    if isinstance(exc, CurrentPasswordError):
        return 403
    return 422


def error_response(
    request: Request, status: int, detail: str, headers: Mapping[str, str] | None = None
) -> Response:
    """problem+json under ``/learn/api``, else the site's error page (HTML or JSON by Accept)."""
    extra = {"Cache-Control": "no-store", **(headers or {})}
    if is_api(request):
        return problem(status, detail, instance=request.url.path, headers=extra)
    return error_page(request, status, detail, headers=extra)


async def on_web_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, WebError)
    return error_response(request, exc.status, exc.detail, exc.headers)


async def on_learn_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LearnError)
    return error_response(request, status_of(exc), str(exc))


async def on_csrf_error(request: Request, exc: Exception) -> Response:
    return error_response(request, 403, str(exc))


async def on_storage_error(request: Request, exc: Exception) -> Response:
    """``StorageError`` or a database error left after the storage's retries: a 503."""
    return error_response(
        request, 503, "the learning database is unavailable; try again later", {"Retry-After": "5"}
    )
