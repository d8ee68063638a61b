"""``install(app, settings)`` adds every ``/learn`` route of the learning face to the app
(the modules are listed in ``statusdex.web.learn``).

The database opens on the first learning request (``WebSettings.database_url``, else
``STATUSDEX_DATABASE_URL``, else SQLite in the user's data directory), so the reference site
keeps working when it is unavailable: learning answers 503 until it comes back.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import Response
from sqlalchemy.exc import OperationalError

from statusdex.learn.errors import LearnError
from statusdex.learn.storage import StorageError
from statusdex.web.learn import api, pages, static
from statusdex.web.learn.accounts import CsrfError
from statusdex.web.learn.base import LearnState
from statusdex.web.learn.errors import (
    WebError,
    on_csrf_error,
    on_learn_error,
    on_storage_error,
    on_web_error,
)
from statusdex.web.settings import WebSettings


def install(app: FastAPI, settings: WebSettings) -> None:
    """Add the ``/learn`` routes to ``app``."""
    app.state.learn = LearnState(settings)

    @app.get(static.PREFIX + "/{name}", include_in_schema=False)
    def learn_static(request: Request, name: str) -> Response:
        return static.serve(request, name)

    app.include_router(api.router)
    app.include_router(pages.router)
    app.add_exception_handler(WebError, on_web_error)
    app.add_exception_handler(LearnError, on_learn_error)
    app.add_exception_handler(CsrfError, on_csrf_error)
    app.add_exception_handler(StorageError, on_storage_error)
    app.add_exception_handler(OperationalError, on_storage_error)
