"""The learning pages of the web app (work in progress: see issue 7)."""

from __future__ import annotations

from fastapi import FastAPI

from statusdex.web.settings import WebSettings


def install(app: FastAPI, settings: WebSettings) -> None:
    """Add the ``/learn`` routes to ``app``."""
