"""The mock server as an ASGI app (work in progress: see issue 6)."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.types import ASGIApp


def create_mock_app(*, not_found: ASGIApp | None = None) -> ASGIApp:
    """The mock endpoints. Paths that are not mock endpoints go to ``not_found`` (the web
    app's helpful 404 page when composed by ``statusdex serve``)."""
    return Starlette()
