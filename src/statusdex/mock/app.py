"""The mock server as an ASGI app (work in progress: see issue 6)."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.types import ASGIApp


def create_mock_app() -> ASGIApp:
    return Starlette()
